package org.harmonia.trial.randomisation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The secret from which every allocation list and kit list of a trial is derived. Whoever holds it can
 * regenerate the lists (the unblinded statistician, to verify them); nobody can recover it from the lists.
 * Its text form never appears in {@link #toString()}, so it cannot leak into a log line by accident.
 */
public final class RandomisationSeed {
    /** 128 bits: below this a seed could be found by exhaustive search over the published outputs. */
    public static final int MINIMUM_BYTES = 16;
    /** What {@link #generate()} draws: the key length of HMAC-SHA256's output. */
    public static final int GENERATED_BYTES = 32;

    private final byte[] bytes;

    private RandomisationSeed(byte[] bytes) {
        if (bytes.length < MINIMUM_BYTES) {
            throw new RandomisationException("a randomisation seed needs at least " + MINIMUM_BYTES + " bytes ("
                    + 2 * MINIMUM_BYTES + " hex digits); this one has " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /** A fresh seed from the operating system's entropy source, for a new trial. */
    public static RandomisationSeed generate() {
        byte[] b = new byte[GENERATED_BYTES];
        new SecureRandom().nextBytes(b);
        return new RandomisationSeed(b);
    }

    public static RandomisationSeed ofBytes(byte[] bytes) {
        return new RandomisationSeed(bytes);
    }

    /** Reads the seed as the statistician keeps it: hexadecimal digits, upper or lower case. */
    public static RandomisationSeed fromHex(String hex) {
        String h = hex == null ? "" : hex.strip();
        if (h.length() % 2 != 0 || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new RandomisationException("a randomisation seed is written as an even number of hexadecimal digits (0-9, a-f)");
        }
        return new RandomisationSeed(HexFormat.of().parseHex(h));
    }

    /** The seed in hexadecimal, to be kept secret by the unblinded statistician. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * A short public identifier of the seed (16 hex digits), so that a stored list can say which seed made
     * it without revealing the seed.
     */
    public String fingerprint() {
        byte[] mac = SeededRandom.hmac(bytes, "harmonia-seed-fingerprint".getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac, 0, 8);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        // Constant-time, so that comparing seeds does not leak how many leading bytes matched.
        return o instanceof RandomisationSeed other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RandomisationSeed[" + fingerprint() + "]";
    }
}
