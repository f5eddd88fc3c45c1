package org.harmonia.server.datamanagement;

import java.util.List;

/**
 * The cross-site views as CSV (RFC 4180): a header row, then one line per row, fields quoted where needed. A field
 * that a spreadsheet would read as a formula (starting with =, +, - or @) is prefixed with an apostrophe, since
 * labels come from a protocol file and ids from requests.
 */
final class Csv {
    private Csv() {
    }

    static String completeness(List<CompletenessRow> rows) {
        StringBuilder out = line(new StringBuilder(), "siteId", "visitId", "visit", "formId", "form", "expected", "saved", "missing",
                "percentSaved");
        rows.forEach(r -> line(out, r.siteId(), r.visitId(), r.visitLabel(), r.formId(), r.formLabel(), r.expected(), r.saved(),
                r.missing(), r.percentSaved()));
        return out.toString();
    }

    static String overdue(List<OverdueItem> items) {
        StringBuilder out = line(new StringBuilder(), "kind", "siteId", "subjectId", "visitId", "visit", "formId", "form", "targetDate",
                "windowClosed", "daysOverdue");
        items.forEach(i -> line(out, i.kind().name().toLowerCase(java.util.Locale.ROOT), i.siteId(), i.subjectId(), i.visitId(),
                i.visitLabel(), i.formId(), i.formLabel(), i.targetDate(), i.windowClosed(), i.daysOverdue()));
        return out.toString();
    }

    static String queryAgeing(List<QueryAgeRow> rows) {
        StringBuilder out = line(new StringBuilder(), "siteId", "status", "total", "upTo7Days", "days8To14", "days15To30",
                "over30Days", "oldestDays");
        rows.forEach(r -> line(out, r.siteId(), r.status(), r.total(), r.upTo7Days(), r.days8To14(), r.days15To30(), r.over30Days(),
                r.oldestDays()));
        return out.toString();
    }

    private static StringBuilder line(StringBuilder out, Object... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields[i]));
        }
        return out.append("\r\n");
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!(value instanceof Number) && !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
