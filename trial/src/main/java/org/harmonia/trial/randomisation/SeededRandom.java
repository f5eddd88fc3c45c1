package org.harmonia.trial.randomisation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deterministic, cryptographically strong random stream derived from a {@link RandomisationSeed}, one
 * stream per purpose and context (e.g. "permuted-blocks" and a stratum), so that lists are reproducible
 * from the seed and independent of one another.
 *
 * <p>Construction: a stream key {@code K = HMAC-SHA256(seed, "harmonia-randomisation-v1" || purpose ||
 * context)} (each part length-prefixed, so no two (purpose, context) pairs share an encoding), then output
 * block {@code i} = {@code HMAC-SHA256(K, i)} for {@code i = 0, 1, 2, ...} as a 64-bit big-endian counter:
 * HMAC used as a pseudo-random function in counter mode (the shape of NIST SP 800-108's counter-mode KDF).
 * Because HMAC-SHA256 is a pseudo-random function, seeing any number of outputs tells nothing about the
 * stream key, the seed, or the outputs still to come.
 *
 * <p>{@code java.util.Random} (and {@code SplittableRandom}) would not do: a 48-bit linear congruential
 * generator's state is recovered from two consecutive {@code nextInt()} outputs, after which every later
 * allocation is known; and a seed of 48 bits can be found by search. Anyone who saw a few allocations
 * (an unblinded pharmacist, a broken blind at one site) could then predict the rest of the list.
 *
 * <p>Not thread-safe: one instance per list being generated or trial being simulated.
 */
public final class SeededRandom {
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] DOMAIN = "harmonia-randomisation-v1".getBytes(StandardCharsets.UTF_8);
    private static final int BLOCK = 32;

    private final Mac mac;
    private final byte[] counter = new byte[Long.BYTES];
    private final byte[] block = new byte[BLOCK];
    private long blockIndex;
    private int used = BLOCK;

    private SeededRandom(byte[] streamKey) {
        mac = newMac(streamKey);
    }

    /**
     * The stream for one purpose (what the numbers are for: "permuted-blocks", "minimisation", "kits") and
     * one context within it (a stratum key, a kit batch); the same three inputs always give the same stream.
     */
    public static SeededRandom of(RandomisationSeed seed, String purpose, String context) {
        return new SeededRandom(streamKey(seed, purpose, context));
    }

    /** The stream key {@code K} of a purpose and context, as the class comment defines it. */
    static byte[] streamKey(RandomisationSeed seed, String purpose, String context) {
        if (purpose == null || purpose.isBlank()) {
            throw new RandomisationException("a random stream needs a purpose (what its numbers are for)");
        }
        byte[] p = purpose.getBytes(StandardCharsets.UTF_8);
        byte[] c = (context == null ? "" : context).getBytes(StandardCharsets.UTF_8);
        ByteBuffer label = ByteBuffer.allocate(3 * Integer.BYTES + DOMAIN.length + p.length + c.length);
        label.putInt(DOMAIN.length).put(DOMAIN).putInt(p.length).put(p).putInt(c.length).put(c);
        return hmac(seed.bytes(), label.array());
    }

    /** A uniformly distributed integer in {@code [0, bound)}, without modulo bias. */
    public int nextInt(int bound) {
        if (bound < 1) {
            throw new RandomisationException("the bound of a random integer must be at least 1; got " + bound);
        }
        // Rejection sampling: accept only draws below the largest multiple of bound that fits in 2^32,
        // so each residue is equally likely; at worst half the draws are rejected.
        long range = 1L << 32;
        long limit = range - range % bound;
        long r;
        do {
            r = Integer.toUnsignedLong(nextRawInt());
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** A uniformly distributed 64-bit value. */
    public long nextLong() {
        return ((long) nextRawInt() << 32) | Integer.toUnsignedLong(nextRawInt());
    }

    /** A uniformly distributed double in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * An index drawn with probability proportional to its weight (weights are non-negative and not all
     * zero): how an arm is drawn respecting an allocation ratio.
     */
    public int nextWeighted(int[] weights) {
        int total = 0;
        for (int w : weights) {
            if (w < 0) {
                throw new RandomisationException("weights of a random choice cannot be negative; got " + w);
            }
            total = Math.addExact(total, w);
        }
        if (total == 0) {
            throw new RandomisationException("the weights of a random choice cannot all be zero");
        }
        int r = nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable: a draw below the total weight always falls in one weight");
    }

    /** Puts the list in uniformly random order (Fisher-Yates). */
    public <T> void shuffle(List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            list.set(i, list.set(j, list.get(i)));
        }
    }

    /** Puts the array in uniformly random order (Fisher-Yates). */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    private int nextRawInt() {
        if (used == BLOCK) {
            refill();
        }
        int v = ((block[used] & 0xff) << 24) | ((block[used + 1] & 0xff) << 16)
                | ((block[used + 2] & 0xff) << 8) | (block[used + 3] & 0xff);
        used += Integer.BYTES;
        return v;
    }

    private void refill() {
        long i = blockIndex++;
        for (int b = Long.BYTES - 1; b >= 0; b--) {
            counter[b] = (byte) i;
            i >>>= 8;
        }
        mac.update(counter);
        try {
            mac.doFinal(block, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 output does not fit its own length", e);
        }
        used = 0;
    }

    static byte[] hmac(byte[] key, byte[] message) {
        return newMac(key).doFinal(message);
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(new SecretKeySpec(key, ALGORITHM));
            return m;
        } catch (InvalidKeyException e) {
            throw new RandomisationException("the randomisation seed cannot be used as an HMAC key: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime must provide HmacSHA256, so this is a broken installation.
            throw new IllegalStateException("this Java runtime does not provide " + ALGORITHM, e);
        }
    }
}
