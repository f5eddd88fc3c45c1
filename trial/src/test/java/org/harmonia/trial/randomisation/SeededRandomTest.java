package org.harmonia.trial.randomisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SeededRandomTest {
    static final RandomisationSeed SEED = RandomisationSeed.fromHex("00112233445566778899aabbccddeeff0123456789abcdef0123456789abcdef");

    @Test
    void sameSeedPurposeAndContextGiveTheSameStream() {
        assertThat(draws(SeededRandom.of(SEED, "permuted-blocks", "subTrial=italy")))
                .containsExactly(draws(SeededRandom.of(SEED, "permuted-blocks", "subTrial=italy")));
    }

    @Test
    void anotherContextPurposeOrSeedGivesAnotherStream() {
        long[] base = draws(SeededRandom.of(SEED, "permuted-blocks", "subTrial=italy"));
        assertThat(draws(SeededRandom.of(SEED, "permuted-blocks", "subTrial=canada"))).isNotEqualTo(base);
        assertThat(draws(SeededRandom.of(SEED, "minimisation", "subTrial=italy"))).isNotEqualTo(base);
        assertThat(draws(SeededRandom.of(RandomisationSeed.generate(), "permuted-blocks", "subTrial=italy"))).isNotEqualTo(base);
    }

    @Test
    void purposeAndContextCannotBeShiftedIntoEachOther() {
        // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
        assertThat(draws(SeededRandom.of(SEED, "ab", "c"))).isNotEqualTo(draws(SeededRandom.of(SEED, "a", "bc")));
    }

    @Test
    void streamIsHmacSha256InCounterModeAsDocumented() throws Exception {
        // The construction written in the Javadoc and docs/randomisation.md, recomputed independently, so the
        // statistician can regenerate a list with any HMAC implementation.
        byte[] seed = SEED.bytes();
        byte[] domain = "harmonia-randomisation-v1".getBytes(StandardCharsets.UTF_8);
        byte[] purpose = "kit-numbers".getBytes(StandardCharsets.UTF_8);
        byte[] context = "batch-1".getBytes(StandardCharsets.UTF_8);
        ByteBuffer label = ByteBuffer.allocate(12 + domain.length + purpose.length + context.length);
        label.putInt(domain.length).put(domain).putInt(purpose.length).put(purpose).putInt(context.length).put(context);
        byte[] streamKey = mac(seed, label.array());
        byte[] block0 = mac(streamKey, ByteBuffer.allocate(8).putLong(0).array());
        byte[] block1 = mac(streamKey, ByteBuffer.allocate(8).putLong(1).array());
        ByteBuffer expected = ByteBuffer.allocate(64).put(block0).put(block1).flip();

        SeededRandom r = SeededRandom.of(SEED, "kit-numbers", "batch-1");
        for (int i = 0; i < 8; i++) {
            assertThat(r.nextLong()).as("long %d", i).isEqualTo(expected.getLong());
        }
    }

    @Test
    void nextIntIsUniformOverItsBound() {
        SeededRandom r = SeededRandom.of(SEED, "test", "uniform");
        int bound = 6;
        int n = 60_000;
        int[] counts = new int[bound];
        for (int i = 0; i < n; i++) {
            counts[r.nextInt(bound)]++;
        }
        double expected = (double) n / bound;
        double chiSquare = Arrays.stream(counts).mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
        // 5 degrees of freedom: P(chi-square > 20.5) = 0.001.
        assertThat(chiSquare).isLessThan(20.5);
    }

    @Test
    void nextIntCoversALargeNonPowerOfTwoBoundWithoutLeavingIt() {
        SeededRandom r = SeededRandom.of(SEED, "test", "large bound");
        // 2^32 = 2 * bound + bound / 2: a plain modulo would give the lower half of [0, bound) three
        // preimages per value and the upper half two, putting 3/5 of the draws in the lower half.
        int bound = 1_717_986_918;
        long lower = 0;
        for (int i = 0; i < 10_000; i++) {
            int v = r.nextInt(bound);
            assertThat(v).isBetween(0, bound - 1);
            if (v < bound / 2) {
                lower++;
            }
        }
        assertThat(lower / 10_000.0).isBetween(0.48, 0.52);
    }

    @Test
    void nextDoubleLiesInTheUnitInterval() {
        SeededRandom r = SeededRandom.of(SEED, "test", "double");
        double sum = 0;
        for (int i = 0; i < 10_000; i++) {
            double d = r.nextDouble();
            assertThat(d).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            sum += d;
        }
        assertThat(sum / 10_000).isBetween(0.49, 0.51);
    }

    @Test
    void nextWeightedFollowsTheWeights() {
        SeededRandom r = SeededRandom.of(SEED, "test", "weighted");
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) {
            counts[r.nextWeighted(new int[] {2, 0, 1})]++;
        }
        assertThat(counts[1]).isZero();
        assertThat(counts[0] / 30_000.0).isBetween(0.65, 0.68);
    }

    @Test
    void rejectsBoundBelowOneAndEmptyWeights() {
        SeededRandom r = SeededRandom.of(SEED, "test", "errors");
        assertThatThrownBy(() -> r.nextInt(0)).isInstanceOf(RandomisationException.class)
                .hasMessage("the bound of a random integer must be at least 1; got 0");
        assertThatThrownBy(() -> r.nextWeighted(new int[] {0, 0})).hasMessage("the weights of a random choice cannot all be zero");
        assertThatThrownBy(() -> SeededRandom.of(SEED, " ", "x")).hasMessageContaining("needs a purpose");
    }

    @Test
    void seedRoundTripsThroughHexAndNeverPrintsItself() {
        RandomisationSeed s = RandomisationSeed.generate();
        assertThat(RandomisationSeed.fromHex(s.toHex())).isEqualTo(s);
        assertThat(RandomisationSeed.fromHex(s.toHex().toUpperCase())).isEqualTo(s);
        assertThat(s.toHex()).hasSize(64);
        assertThat(s.toString()).doesNotContain(s.toHex()).contains(s.fingerprint());
        assertThat(s.fingerprint()).hasSize(16).isNotEqualTo(RandomisationSeed.generate().fingerprint());
    }

    @Test
    void rejectsShortOrMalformedSeeds() {
        assertThatThrownBy(() -> RandomisationSeed.fromHex("0011223344556677"))
                .isInstanceOf(RandomisationException.class)
                .hasMessage("a randomisation seed needs at least 16 bytes (32 hex digits); this one has 8");
        assertThatThrownBy(() -> RandomisationSeed.fromHex("zz112233445566778899aabbccddeeff"))
                .hasMessageContaining("hexadecimal digits");
    }

    private static long[] draws(SeededRandom r) {
        long[] out = new long[20];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.nextLong();
        }
        return out;
    }

    private static byte[] mac(byte[] key, byte[] message) throws Exception {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(key, "HmacSHA256"));
        return m.doFinal(message);
    }
}
