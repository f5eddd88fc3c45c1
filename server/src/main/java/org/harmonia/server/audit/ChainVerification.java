package org.harmonia.server.audit;

/**
 * The outcome of re-computing the audit hash chain: intact, or the first broken row and why. When intact,
 * the head (last row and its hash) is given so it can be kept elsewhere as an anchor.
 */
public record ChainVerification(boolean intact, long rowsChecked, Long firstBrokenSeq, String problem,
                                Long headSeq, String headHash) {
    public ChainVerification {
        if (rowsChecked < 0) {
            throw new IllegalArgumentException("rowsChecked must not be negative");
        }
        if (intact != (firstBrokenSeq == null) || intact != (problem == null)) {
            throw new IllegalArgumentException("a broken chain names its first broken row and the problem; an intact one neither");
        }
        if (!intact && (headSeq != null || headHash != null)) {
            throw new IllegalArgumentException("a broken chain has no trustworthy head");
        }
    }

    static ChainVerification intact(long rows, Long headSeq, String headHash) {
        return new ChainVerification(true, rows, null, null, headSeq, headHash);
    }

    static ChainVerification broken(long rows, long seq, String problem) {
        return new ChainVerification(false, rows, seq, problem, null, null);
    }

    /** One line for people: "audit chain intact: 12 rows" or "audit chain broken at row 5: ...". */
    public String summary() {
        return intact ? "audit chain intact: " + rowsChecked + (rowsChecked == 1 ? " row" : " rows")
                : "audit chain broken at row " + firstBrokenSeq + ": " + problem;
    }
}
