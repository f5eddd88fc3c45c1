package org.harmonia.server.audit;

import java.util.List;

/**
 * Audit rows as CSV (RFC 4180: comma-separated, CRLF, fields quoted when they hold a comma, quote or line break). A text
 * a spreadsheet would run as a formula (starting with =, +, @, or - not followed by a digit) is prefixed with an
 * apostrophe, so that opening an export never executes what someone typed into a form.
 */
public final class AuditCsv {
    static final List<String> HEADER = List.of("seq", "recorded_at", "actor", "action", "study_id", "site_id", "entity_type",
            "entity_id", "field", "old_value", "new_value", "reason");

    private AuditCsv() {
    }

    public static String header() {
        return String.join(",", HEADER) + "\r\n";
    }

    public static String row(AuditEntry e) {
        List<String> cells = java.util.Arrays.asList(Long.toString(e.seq()), e.recordedAt() == null ? "" : e.recordedAt().toString(),
                e.actor(), e.action(), e.studyId(), e.siteId(), e.entityType(), e.entityId(), e.field(), e.oldValue(), e.newValue(),
                e.reason());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            out.append(i == 0 ? "" : ",").append(cell(cells.get(i)));
        }
        return out.append("\r\n").toString();
    }

    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && ("=+@\t\r".indexOf(v.charAt(0)) >= 0
                || (v.charAt(0) == '-' && (v.length() == 1 || !Character.isDigit(v.charAt(1)))))) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
