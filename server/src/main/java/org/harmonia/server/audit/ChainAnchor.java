package org.harmonia.server.audit;

import org.harmonia.server.system.InvalidInputException;

/**
 * A row of the chain and its hash as noted down outside the database ({@code SEQ:HASH}); a chain rewritten
 * from that row on, or cut short before it, no longer matches it.
 */
public record ChainAnchor(long seq, String hash) {
    public ChainAnchor {
        if (seq < 1) {
            throw new InvalidInputException("anchor", "the anchored row must be 1 or more, not " + seq);
        }
        if (hash == null || !hash.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("anchor", "the anchored hash must be 64 lower-case hex digits");
        }
    }

    /** Reads {@code SEQ:HASH}, as printed by {@code harmonia audit verify}. */
    public static ChainAnchor parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 1) {
            throw new InvalidInputException("anchor", "an anchor is SEQ:HASH, such as 1234:9f86d0...; got \"" + text + "\"");
        }
        long seq;
        try {
            seq = Long.parseLong(text.substring(0, colon).strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("anchor", "an anchor starts with a row number, not \"" + text.substring(0, colon) + "\"");
        }
        return new ChainAnchor(seq, text.substring(colon + 1).strip().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return seq + ":" + hash;
    }
}
