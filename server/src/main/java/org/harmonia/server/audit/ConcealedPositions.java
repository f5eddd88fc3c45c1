package org.harmonia.server.audit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides list positions in audit rows written before allocations stopped recording them: a {@code RANDOMISED} row
 * said "stratum S, slot N, kit K" and a {@code RANDOMISATION_LIST} row counted the slots and kits, from which the
 * list length follows. Blinded readers get the row without them. Rows are hash-chained and never changed, so this
 * happens on read: such a row's hash no longer matches the text shown, and {@code audit verify}, which reads the
 * stored rows, still passes.
 */
public final class ConcealedPositions {
    private static final Pattern RANDOMISED = Pattern.compile("(stratum \\S+), slot \\d+, (kit \\S+)");
    private static final Pattern LIST = Pattern.compile("(.*, \\d+ strata), \\d+ slots, \\d+ kits");
    static final String MARK = " [position concealed]";

    private ConcealedPositions() {
    }

    /** The row as a blinded reader may see it: unchanged unless it is one of the two kinds above. */
    public static AuditEntry hide(AuditEntry e) {
        String value = e.newValue();
        if (value == null) {
            return e;
        }
        Matcher m = switch (e.action()) {
            case "RANDOMISED" -> RANDOMISED.matcher(value);
            case "RANDOMISATION_LIST" -> LIST.matcher(value);
            default -> null;
        };
        if (m == null || !m.matches()) {
            return e;
        }
        String shown = (m.groupCount() == 2 ? m.group(1) + ", " + m.group(2) : m.group(1)) + MARK;
        return new AuditEntry(e.seq(), e.recordedAt(), e.actor(), e.action(), e.studyId(), e.siteId(), e.entityType(), e.entityId(),
                e.field(), e.oldValue(), shown, e.reason(), e.prevHash(), e.hash());
    }
}
