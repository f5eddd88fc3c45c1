package org.harmonia.server.audit;

import java.util.Locale;
import org.harmonia.server.system.InvalidInputException;

/**
 * A link of the chain and its hash as noted down outside the database: a seal ({@code seal-POSITION:HASH}) or, for
 * rows written before seals existed, a row ({@code SEQ:HASH}). A chain rewritten up to that link, or cut short before
 * it, no longer matches it.
 */
public record ChainAnchor(boolean seal, long position, String hash) {
    private static final String SEAL_PREFIX = "seal-";

    public ChainAnchor {
        if (position < 1) {
            throw new InvalidInputException("anchor", "the anchored " + (seal ? "seal" : "row") + " must be 1 or more, not " + position);
        }
        if (hash == null || !hash.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("anchor", "the anchored hash must be 64 lower-case hex digits");
        }
    }

    public static ChainAnchor seal(long position, String hash) {
        return new ChainAnchor(true, position, hash);
    }

    public static ChainAnchor row(long seq, String hash) {
        return new ChainAnchor(false, seq, hash);
    }

    /** Reads {@code seal-POSITION:HASH} or {@code SEQ:HASH}, as printed by {@code harmonia audit verify}. */
    public static ChainAnchor parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 1) {
            throw new InvalidInputException("anchor", "an anchor is seal-POSITION:HASH (or SEQ:HASH for an older row),"
                    + " such as seal-1234:9f86d0...; got \"" + text + "\"");
        }
        String link = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        boolean seal = link.startsWith(SEAL_PREFIX);
        long position;
        try {
            position = Long.parseLong(seal ? link.substring(SEAL_PREFIX.length()) : link);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("anchor", "an anchor starts with seal- and a number, or a row number, not \""
                    + text.substring(0, colon) + "\"");
        }
        return new ChainAnchor(seal, position, text.substring(colon + 1).strip().toLowerCase(Locale.ROOT));
    }

    /** What the anchor names, for messages: "seal 12" or "row 1234". */
    public String link() {
        return (seal ? "seal " : "row ") + position;
    }

    @Override
    public String toString() {
        return (seal ? SEAL_PREFIX : "") + position + ":" + hash;
    }
}
