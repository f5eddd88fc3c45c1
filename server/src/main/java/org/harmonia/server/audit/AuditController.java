package org.harmonia.server.audit;

import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.ForbiddenException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit trail, read-only: {@code GET /api/audit} lists rows oldest first (the order in which they were
 * chained), filtered and paged; {@code GET /api/audit/verify} re-computes the hash chain.
 */
@RestController
@RequestMapping("/api/audit")
public class AuditController {
    private final AuditTrail trail;
    private final AuditChainVerifier verifier;

    public AuditController(AuditTrail trail, AuditChainVerifier verifier) {
        this.trail = trail;
        this.verifier = verifier;
    }

    @GetMapping
    public AuditPage list(@RequestParam(required = false) String studyId, @RequestParam(required = false) String siteId,
                          @RequestParam(required = false) String entityType, @RequestParam(required = false) String entityId,
                          @RequestParam(required = false) String actor, @RequestParam(required = false) String from,
                          @RequestParam(required = false) String to, @RequestParam(required = false) String limit,
                          @RequestParam(required = false) String offset, Caller caller) {
        // monitors and data managers read their study's trail; the whole trail (logins included) is for administrators
        if (!caller.administrator()) {
            if (studyId == null || studyId.isBlank()) {
                throw new InvalidInputException("studyId", "is required: the study whose audit trail you read");
            }
            caller.require(studyId, Permission.READ_AUDIT_TRAIL);
        }
        AuditPage page = trail.find(new AuditQuery(studyId, siteId, entityType, entityId, actor, instant("from", from),
                instant("to", to), integer("limit", limit, AuditQuery.DEFAULT_LIMIT), integer("offset", offset, 0)));
        // older rows named list positions; whoever may not see allocations in a row's study reads them without
        return new AuditPage(page.entries().stream()
                .map(e -> e.studyId() != null && !caller.blinded(e.studyId()) ? e : ConcealedPositions.hide(e)).toList(),
                page.total(), page.limit(), page.offset());
    }

    /** The chain's state; answered with 200 whether intact or not, as the report itself is what was asked for. */
    @GetMapping("/verify")
    public ChainVerification verify(Caller caller) {
        if (!caller.administrator() && caller.grants().stream().noneMatch(g -> Permission.READ_AUDIT_TRAIL.grantedTo(g.role()))) {
            throw new ForbiddenException(caller.username() + " may not verify the audit trail");
        }
        return verifier.verify();
    }

    private static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name, "\"" + text + "\" is not a UTC time such as 2025-03-31T14:00:00Z");
        }
    }

    private static int integer(String name, String text, int absent) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "\"" + text + "\" is not a whole number");
        }
    }
}
