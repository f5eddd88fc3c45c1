package org.harmonia.stats.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FisherExactTestTest {

    static List<String> cases() {
        return RReference.names("f.");
    }

    static ContingencyTable table(RReference r) {
        double[] t = r.vector("table");
        return ContingencyTable.ofCounts(new double[][] {{t[0], t[1]}, {t[2], t[3]}});
    }

    /**
     * R 4.2.2: fisher.test on TeaTasting and Convictions (its help page), MESEMS adverse events (35/69 vs 42/75,
     * SAE 0/69 vs 7/75), corner, symmetric, large and tiny-p tables. The odds ratio and its limits are R's
     * equations solved with uniroot(tol = 1e-14); fisher.test's own values, found by uniroot at its default
     * tolerance on the odds ratio or its inverse (whichever lies in (0, 1)), must agree within that tolerance
     * (see classical-tests.R).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesRFisherTest(String name) {
        RReference r = RReference.of(name);
        FisherResult f = FisherExactTest.test(table(r), r.alternative(), r.number("confLevel"));
        r.assertClose("pValue", f.p());
        r.assertClose("estimate", f.oddsRatio());
        r.assertClose("confLow", f.confInt().lower());
        r.assertClose("confHigh", f.confInt().upper());
        assertWithinUnirootTolerance(r.number("rEstimate"), f.oddsRatio());
        assertWithinUnirootTolerance(r.number("rConfLow"), f.confInt().lower());
        assertWithinUnirootTolerance(r.number("rConfHigh"), f.confInt().upper());
    }

    @Test
    void twoSidedSumCountsEquallyLikelyTablesDespiteRounding() {
        // R 4.2.2: fisher.test(matrix(c(4, 4, 4, 4), 2))$p.value == 1
        FisherResult f = FisherExactTest.test(ContingencyTable.of(new long[][] {{4, 4}, {4, 4}}), Alternative.TWO_SIDED, 0.95);
        assertThat(f.p()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void rejectsNonTwoByTwoTables() {
        ContingencyTable t = ContingencyTable.of(new long[][] {{1, 2, 3}, {4, 5, 6}});
        assertThatThrownBy(() -> FisherExactTest.test(t, Alternative.TWO_SIDED, 0.95))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("2 x 3");
    }

    @Test
    void rejectsAnEmptyRow() {
        ContingencyTable t = ContingencyTable.of(new long[][] {{0, 0}, {4, 5}});
        assertThatThrownBy(() -> FisherExactTest.test(t, Alternative.TWO_SIDED, 0.95))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 1 of the table has no counts");
    }

    // uniroot's default tol is .Machine$double.eps^0.25 ~ 1.2e-4, absolute, on the scale R solves on
    private static void assertWithinUnirootTolerance(double r, double ours) {
        if (Double.isInfinite(r) || r == 0) {
            assertThat(ours).isEqualTo(r);
        } else {
            double solvedR = Math.min(r, 1 / r);
            double solvedOurs = Math.min(ours, 1 / ours);
            assertThat(Math.abs(solvedOurs - solvedR)).isLessThan(1.3e-4);
        }
    }

    @Test
    void twoByThreeTableMatchesRFisherTest() {
        // R 4.2.2: fisher.test(matrix(c(9, 7, 0, 1, 5, 2), 2, byrow = TRUE))$p.value = 0.0392156862745093
        // (improved / stable / worse by more than two courses vs at most two, the Hadassah demo)
        assertThat(FisherExactTest.twoSidedP(ContingencyTable.of(new long[][] {{9, 7, 0}, {1, 5, 2}})))
                .isCloseTo(0.0392156862745093, org.assertj.core.data.Offset.offset(1e-12));
        // R 4.2.2: fisher.test(matrix(c(3, 1, 4, 1, 5, 9, 2, 6), 2, byrow = TRUE))$p.value = 0.0903679673810748
        assertThat(FisherExactTest.twoSidedP(ContingencyTable.of(new long[][] {{3, 1, 4, 1}, {5, 9, 2, 6}})))
                .isCloseTo(0.0903679673810748, org.assertj.core.data.Offset.offset(1e-12));
        // R 4.2.2: fisher.test(matrix(c(1, 2, 3, 4, 5, 6), 2, byrow = TRUE))$p.value = 0.999999999999982
        assertThat(FisherExactTest.twoSidedP(ContingencyTable.of(new long[][] {{1, 2, 3}, {4, 5, 6}})))
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void twoByTwoThroughTheTwoRowTestAgreesWithTheTwoByTwoTest() {
        // R 4.2.2: fisher.test(matrix(c(9, 6, 1, 8), 2, byrow = TRUE))$p.value = 0.0333398597633353
        ContingencyTable t = ContingencyTable.of(new long[][] {{9, 6}, {1, 8}});
        assertThat(FisherExactTest.twoSidedP(t)).isCloseTo(0.0333398597633353, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(FisherExactTest.twoSidedP(t)).isCloseTo(FisherExactTest.test(t, Alternative.TWO_SIDED, 0.95).p(),
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void theTwoRowTestRefusesAThreeRowTable() {
        assertThatThrownBy(() -> FisherExactTest.twoSidedP(ContingencyTable.of(new long[][] {{1, 2}, {3, 4}, {5, 6}})))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("2 rows");
    }

}
