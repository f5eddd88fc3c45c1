package org.harmonia.server.audit;

import java.util.function.Consumer;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.ForbiddenException;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.stereotype.Service;

/**
 * Reading the audit trail as a person may: monitors and data managers their study's rows, administrators the whole
 * trail; rows shown to whoever may not see allocations in the row's study without list positions
 * ({@link ConcealedPositions}). The API, the page and the CSV export all read through here.
 */
@Service
public class AuditViewer {
    /** Rows in one export at most: a larger one is asked for in parts (from, to). */
    public static final int EXPORT_MAX_ROWS = 200_000;

    private final AuditTrail trail;
    private final AuditChainChecks checks;

    public AuditViewer(AuditTrail trail, AuditChainChecks checks) {
        this.trail = trail;
        this.checks = checks;
    }

    public AuditPage find(AuditQuery q, Caller caller) {
        requireReader(q.studyId(), caller);
        AuditPage page = trail.find(q);
        return new AuditPage(page.entries().stream().map(e -> shown(e, caller)).toList(), page.total(), page.limit(), page.offset());
    }

    /** Every row matching the filter, oldest first, page by page to the consumer; refused above {@link #EXPORT_MAX_ROWS}. */
    public void export(AuditQuery q, Caller caller, Consumer<AuditEntry> out) {
        requireReader(q.studyId(), caller);
        AuditPage first = trail.find(q.page(AuditQuery.MAX_LIMIT, 0));
        if (first.total() > EXPORT_MAX_ROWS) {
            throw new InvalidInputException("to", first.total() + " rows match; export at most " + EXPORT_MAX_ROWS
                    + " at once (narrow the period with from and to)");
        }
        AuditPage page = first;
        int offset = 0;
        while (!page.entries().isEmpty()) {
            page.entries().forEach(e -> out.accept(shown(e, caller)));
            offset += page.entries().size();
            if (offset >= first.total()) {
                break;
            }
            page = trail.find(q.page(AuditQuery.MAX_LIMIT, offset));
        }
    }

    /** Runs the chain verification now and keeps its outcome; for the roles that may verify the chain. */
    public ChainCheck verifyNow(Caller caller) {
        return verifyNow(caller, null);
    }

    /** The same, also checking an anchor ({@code seal-N:HASH}) kept elsewhere; a malformed anchor is invalid input. */
    public ChainCheck verifyNow(Caller caller, String anchor) {
        requireVerifier(caller);
        ChainAnchor parsed = anchor == null || anchor.isBlank() ? null : ChainAnchor.parse(anchor.strip());
        return checks.runNow(caller.username(), parsed);
    }

    /** The last recorded verification, or null if the chain was never verified through here. */
    public ChainCheck lastCheck(Caller caller) {
        requireVerifier(caller);
        return checks.last().orElse(null);
    }

    static void requireVerifier(Caller caller) {
        if (!caller.administrator() && caller.grants().stream().noneMatch(g -> Permission.READ_AUDIT_TRAIL.grantedTo(g.role()))) {
            throw new ForbiddenException(caller.username() + " may not verify the audit trail");
        }
    }

    private static void requireReader(String studyId, Caller caller) {
        // monitors and data managers read their study's trail; the whole trail (logins included) is for administrators
        if (!caller.administrator()) {
            if (studyId == null || studyId.isBlank()) {
                throw new InvalidInputException("studyId", "is required: the study whose audit trail you read");
            }
            caller.require(studyId, Permission.READ_AUDIT_TRAIL);
        }
    }

    // older rows named list positions; whoever may not see allocations in a row's study reads them without
    private static AuditEntry shown(AuditEntry e, Caller caller) {
        return e.studyId() != null && !caller.blinded(e.studyId()) ? e : ConcealedPositions.hide(e);
    }
}
