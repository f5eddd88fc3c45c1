package org.harmonia.server.signatures;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.harmonia.server.visits.FormRecord;
import org.harmonia.server.visits.VisitRecord;

/**
 * Exactly what a signature signs: the canonical text of a subject's casebook (or one visit of it) as it is now, and its
 * SHA-256. The text names the study, the subject and the scope first, so the same values of another subject give
 * another hash and a signature cannot be carried over to another record. Then the visit records by visit id and the
 * live form records by id, each field as {@code name: "value"} in name order; values are quoted and escaped, so no value
 * can forge a line. Voided records are left out, so voiding one changes the text too.
 */
public record CasebookContent(String text, int formRecords) {
    static final String HEADER = "Harmonia casebook signature content, version 1";

    public static CasebookContent of(String studyId, String subjectId, String visitId, List<FormRecord> records, List<VisitRecord> visits) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        b.append("study: ").append(quoted(studyId)).append('\n');
        b.append("subject: ").append(quoted(subjectId)).append('\n');
        b.append("scope: ").append(visitId == null ? "casebook" : "visit " + quoted(visitId)).append('\n');
        visits.stream().filter(v -> visitId == null || visitId.equals(v.visitId()))
                .sorted(Comparator.comparing(VisitRecord::visitId))
                .forEach(v -> b.append("visit ").append(quoted(v.visitId())).append(": ").append(v.status())
                        .append(" date ").append(v.visitDate() == null ? "-" : v.visitDate().toString())
                        .append(" out-of-window ").append(v.outOfWindow() ? "yes" : "no")
                        .append(" note ").append(v.note() == null ? "-" : quoted(v.note())).append('\n'));
        int count = 0;
        for (FormRecord r : records.stream().filter(r -> !r.voided() && (visitId == null || visitId.equals(r.visitId())))
                .sorted(Comparator.comparingLong(FormRecord::id)).toList()) {
            count++;
            b.append("record ").append(r.id()).append(": form ").append(quoted(r.formId())).append(" visit ")
                    .append(r.visitId() == null ? "-" : quoted(r.visitId())).append('\n');
            new TreeMap<>(r.values()).forEach((k, v) -> b.append("  ").append(quoted(k)).append(": ").append(quoted(v)).append('\n'));
        }
        b.append("end\n");
        return new CasebookContent(b.toString(), count);
    }

    /** The SHA-256 of the text's UTF-8 bytes, in lower-case hexadecimal. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A JSON-style string: quote, backslash and every control character escaped. */
    static String quoted(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
