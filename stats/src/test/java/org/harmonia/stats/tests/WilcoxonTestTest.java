package org.harmonia.stats.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WilcoxonTestTest {

    static List<String> cases() {
        return RReference.names("w.");
    }

    /**
     * R 4.2.2: wilcox.test on sleep (paired, with ties and a zero), mtcars$mpg by am (rank sum, ties),
     * generated untied samples of 10, 12, 49 and 50 around the exact/normal switch, zeros, ties, n = 1
     * (see classical-tests.R).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesRWilcoxTest(String name) {
        RReference r = RReference.of(name);
        WilcoxonOptions o = new WilcoxonOptions(r.alternative(), r.number("mu"), r.flag("correct"));
        double[] x = r.vector("x");
        WilcoxonResult w;
        if (!r.has("y")) {
            w = WilcoxonTest.signedRank(x, o);
        } else if (r.flag("paired")) {
            w = WilcoxonTest.paired(x, r.vector("y"), o);
        } else {
            w = WilcoxonTest.rankSum(x, r.vector("y"), o);
        }
        assertThat(w.method()).isEqualTo(r.text("method"));
        assertThat(w.statisticName()).isEqualTo(r.text("statisticName"));
        assertThat(w.exact()).isEqualTo(r.text("method").contains("exact"));
        r.assertClose("statistic", w.statistic());
        r.assertClose("pValue", w.p());
    }

    @Test
    void dropsZeroDifferencesAsR() {
        // R 4.2.2: wilcox.test(c(0, 0, 1.5, -0.5, 2.5, 3.5, -4.5, 6)) ranks the 6 non-zero values
        WilcoxonResult w = WilcoxonTest.signedRank(RReference.of("w.signed.zeros").vector("x"), WilcoxonOptions.DEFAULT);
        assertThat(w.zerosDropped()).isEqualTo(2);
        assertThat(w.n()).isEqualTo(6);
        assertThat(w.pMethod()).isEqualTo("normal approximation with continuity correction");
    }

    @Test
    void signedRankCountsStayExactAtFortyNine() {
        long[] counts = WilcoxonDistributions.signedRankCounts(49);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(1L << 49);
        assertThat(counts[0]).isEqualTo(1);
        assertThat(counts[counts.length - 1]).isEqualTo(1);
        assertThat(Arrays.stream(counts).allMatch(c -> c > 0)).isTrue();
    }

    @Test
    void rankSumCountsAreSymmetricAndSumToTheBinomialAtFortyNineByFortyNine() {
        double[] counts = WilcoxonDistributions.rankSumCounts(49, 49);
        assertThat(counts).hasSize(49 * 49 + 1);
        double total = Arrays.stream(counts).sum();
        // C(98, 49) = 25477612258980856902730428600
        assertThat(total / 2.5477612258980856902730428600e28).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-13));
        for (int u = 0; u < counts.length; u++) {
            assertThat(counts[u]).isCloseTo(counts[counts.length - 1 - u], org.assertj.core.data.Percentage.withPercentage(1e-10));
        }
        // the ways to reach W = 0, 1, 2, 3 are the partitions of u into at most 49 parts no larger than 49
        assertThat(Arrays.copyOf(counts, 4)).containsExactly(1, 1, 2, 3);
    }

    @Test
    void rejectsEmptySamples() {
        assertThatThrownBy(() -> WilcoxonTest.signedRank(new double[] {Double.NaN}, WilcoxonOptions.DEFAULT))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("the sample is empty");
        assertThatThrownBy(() -> WilcoxonTest.rankSum(new double[] {1, 2}, new double[0], WilcoxonOptions.DEFAULT))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("there are 2 and 0");
    }

    @Test
    void rejectsAllZeroDifferences() {
        assertThatThrownBy(() -> WilcoxonTest.paired(new double[] {1, 2}, new double[] {1, 2}, WilcoxonOptions.DEFAULT))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("every difference from mu is zero");
    }

    @Test
    void rejectsPairedSamplesOfDifferentLength() {
        assertThatThrownBy(() -> WilcoxonTest.paired(new double[] {1, 2}, new double[] {1}, WilcoxonOptions.DEFAULT))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("same length");
    }

    @Test
    void rejectsAllTiedValuesInTheNormalApproximation() {
        assertThatThrownBy(() -> WilcoxonTest.rankSum(new double[] {3, 3}, new double[] {3, 3, 3}, WilcoxonOptions.DEFAULT))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("all observations are tied");
    }
}
