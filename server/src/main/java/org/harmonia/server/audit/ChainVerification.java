package org.harmonia.server.audit;

/**
 * The outcome of re-computing the audit chain: intact, or the first broken link (a row chained row by row, or a
 * seal) and why. When intact, the head (the last link as {@code seal-N:HASH} or {@code SEQ:HASH}) is given so it can
 * be kept elsewhere as an anchor, and the rows committed since the last seal are counted as pending: they are
 * chained by the next sealing round.
 */
public record ChainVerification(boolean intact, long rowsChecked, long sealsChecked, long pendingRows, String brokenAt,
                                String problem, String head) {
    public ChainVerification {
        if (rowsChecked < 0 || sealsChecked < 0 || pendingRows < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        if (intact != (brokenAt == null) || intact != (problem == null)) {
            throw new IllegalArgumentException("a broken chain names its first broken link and the problem; an intact one neither");
        }
        if (!intact && head != null) {
            throw new IllegalArgumentException("a broken chain has no trustworthy head");
        }
    }

    static ChainVerification intact(long rows, long seals, long pending, ChainAnchor head) {
        return new ChainVerification(true, rows, seals, pending, null, null, head == null ? null : head.toString());
    }

    static ChainVerification broken(long rows, long seals, String brokenAt, String problem) {
        return new ChainVerification(false, rows, seals, 0, brokenAt, problem, null);
    }

    /** One line for people: "audit chain intact: 12 rows in 3 seals" or "audit chain broken at seal 5: ...". */
    public String summary() {
        if (!intact) {
            return "audit chain broken at " + brokenAt + ": " + problem;
        }
        return "audit chain intact: " + rowsChecked + (rowsChecked == 1 ? " row" : " rows") + " in " + sealsChecked
                + (sealsChecked == 1 ? " seal" : " seals")
                + (pendingRows == 0 ? "" : "; " + pendingRows + (pendingRows == 1 ? " row" : " rows")
                + " committed since the last seal, chained by the next");
    }
}
