package org.harmonia.stats.mmrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.assertj.core.data.Offset;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;
import org.harmonia.stats.glm.Formula;
import org.junit.jupiter.api.Test;

/**
 * Kenward-Roger standard errors and degrees of freedom against pbkrtest 0.5.2 (R 4.2.2; the script is
 * src/test/resources/r/mmrm/kenward-roger-reference.R): compound symmetry as the random-intercept model of lmer with
 * {@code vcovAdj}, {@code get_Lb_ddf} and {@code emmeans(lmer.df = "kenward-roger")}; unstructured through pbkrtest's
 * {@code vcovAdj_internal} and {@code Lb_ddf} on the gls fit's covariance and its derivatives by each entry.
 */
class KenwardRogerTest {
    private static final DataTable ORTHODONT = MmrmReference.data("orthodont.csv");
    private static final DataTable EDSS = MmrmReference.data("edss.csv");

    private static MmrmSpec edss(CovarianceStructure structure) {
        return MmrmSpec.standard("edss", "subject", "week", "arm", "base", structure, Map.of("arm", "placebo"));
    }

    private static MmrmSpec orthodont(CovarianceStructure structure) {
        return new MmrmSpec(Formula.parse("distance ~ age * sex"), "subject", "age", "sex", structure, Map.of());
    }

    /** Estimates to 1e-6; Kenward-Roger standard errors to 1e-6 and df to 1e-4 relative; intervals and p to 1e-5. */
    private static void assertMatches(String name, MmrmResult r) {
        MmrmReference ref = MmrmReference.load(name);
        assertThat(r.degreesOfFreedom()).isEqualTo(DegreesOfFreedom.KENWARD_ROGER);
        assertThat(r.fixedEffects().stream().map(FixedEffect::term).toList()).isEqualTo(ref.terms());
        assertThat(r.logLik()).as(name + " logLik").isCloseTo(ref.get("fit/logLik"), Offset.offset(1e-6));
        ref.assertFixedEffects(r, 1e-4);
        ref.assertLeastSquaresMeans(r, 1e-4);
        ref.assertDifferences(r, 1e-4, 1e-5);
    }

    @Test
    void compoundSymmetryMatchesPbkrtestOnTheRandomInterceptModel() {
        // lmer(edss ~ week * arm + base + (1 | subject)) and lmer(distance ~ age * sex + (1 | subject)), REML
        assertMatches("edss-cs-kr", Mmrm.fit(EDSS, edss(CovarianceStructure.COMPOUND_SYMMETRY), DegreesOfFreedom.KENWARD_ROGER));
        assertMatches("orthodont-cs-kr",
                Mmrm.fit(ORTHODONT, orthodont(CovarianceStructure.COMPOUND_SYMMETRY), DegreesOfFreedom.KENWARD_ROGER));
    }

    @Test
    void unstructuredMatchesPbkrtestsAdjustmentOfTheGlsCovariance() {
        assertMatches("edss-us-kr", Mmrm.fit(EDSS, edss(CovarianceStructure.UNSTRUCTURED), DegreesOfFreedom.KENWARD_ROGER));
        assertMatches("orthodont-us-kr",
                Mmrm.fit(ORTHODONT, orthodont(CovarianceStructure.UNSTRUCTURED), DegreesOfFreedom.KENWARD_ROGER));
    }

    @Test
    void givesTheExactTwoSampleTestOnCompleteBalancedDataWithAnUnstructuredCovariance() {
        // Orthodont is complete and the model has a free mean per age and sex: the arm difference at one age is then
        // the pooled two-sample t test at that age, 27 children - 2 = 25 df, which Kenward-Roger reproduces exactly
        // (Satterthwaite's df, from the observed information, are not exact here).
        MmrmResult kr = Mmrm.fit(ORTHODONT, orthodont(CovarianceStructure.UNSTRUCTURED), DegreesOfFreedom.KENWARD_ROGER);
        for (ArmDifference d : kr.differences()) {
            assertThat(d.df()).as("df at age " + d.visit()).isCloseTo(25, Offset.offset(1e-6));
        }
    }

    @Test
    void adjustsTheStandardErrorsUpwardsWhereTheCovarianceIsEstimatedFromIncompleteData() {
        MmrmResult sat = Mmrm.fit(EDSS, edss(CovarianceStructure.UNSTRUCTURED));
        MmrmResult kr = Mmrm.fit(EDSS, edss(CovarianceStructure.UNSTRUCTURED), DegreesOfFreedom.KENWARD_ROGER);
        assertThat(sat.degreesOfFreedom()).isEqualTo(DegreesOfFreedom.SATTERTHWAITE);
        for (int i = 0; i < sat.differences().size(); i++) {
            assertThat(kr.differences().get(i).estimate()).isEqualTo(sat.differences().get(i).estimate());
            assertThat(kr.differences().get(i).se()).isGreaterThan(sat.differences().get(i).se());
        }
    }

    @Test
    void readsItsNameAndRefusesOthers() {
        assertThat(DegreesOfFreedom.parse("kenward-roger")).isEqualTo(DegreesOfFreedom.KENWARD_ROGER);
        assertThat(DegreesOfFreedom.parse("Satterthwaite")).isEqualTo(DegreesOfFreedom.SATTERTHWAITE);
        assertThatThrownBy(() -> DegreesOfFreedom.parse("kr")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("satterthwaite, kenward-roger");
    }

    @Test
    void keepsTheSecondDerivativeTermForAr1InSigmaSquaredAndRho() {
        // AR(1) is not linear in (sigma^2, rho), so Kenward and Roger's R_ij term enters; its input, the second
        // derivatives, checked against central differences of the first ones.
        double s2 = 1.7;
        double rho = 0.6;
        double h = 1e-6;
        double[][][][] second = KenwardRoger.second(CovarianceStructure.AR1, ar1(4, s2, rho));
        double[][][] up = KenwardRoger.first(CovarianceStructure.AR1, ar1(4, s2, rho + h));
        double[][][] down = KenwardRoger.first(CovarianceStructure.AR1, ar1(4, s2, rho - h));
        double[][][] upS = KenwardRoger.first(CovarianceStructure.AR1, ar1(4, s2 + h, rho));
        double[][][] downS = KenwardRoger.first(CovarianceStructure.AR1, ar1(4, s2 - h, rho));
        assertThat(second[0][0]).isNull();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                assertThat(second[1][1][a][b]).isCloseTo((up[1][a][b] - down[1][a][b]) / (2 * h), Offset.offset(1e-6));
                assertThat(second[0][1][a][b]).isCloseTo((up[0][a][b] - down[0][a][b]) / (2 * h), Offset.offset(1e-6));
                assertThat(second[0][1][a][b]).isCloseTo((upS[1][a][b] - downS[1][a][b]) / (2 * h), Offset.offset(1e-6));
            }
        }
        MmrmResult kr = Mmrm.fit(EDSS, edss(CovarianceStructure.AR1), DegreesOfFreedom.KENWARD_ROGER);
        MmrmResult sat = Mmrm.fit(EDSS, edss(CovarianceStructure.AR1));
        ArmDifference last = kr.differences().get(3);
        assertThat(last.se()).isGreaterThan(sat.differences().get(3).se());
        assertThat(last.df()).isBetween(50.0, 600.0);
    }

    private static double[][] ar1(int t, double s2, double rho) {
        double[][] m = new double[t][t];
        for (int a = 0; a < t; a++) {
            for (int b = 0; b < t; b++) {
                m[a][b] = s2 * Math.pow(rho, Math.abs(a - b));
            }
        }
        return m;
    }
}
