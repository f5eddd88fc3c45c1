package org.harmonia.stats.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.harmonia.stats.survival.RReference.assertMatches;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.stream.Stream;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.NoConvergenceException;
import org.harmonia.stats.data.DataTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cox regression against R 4.2.2, survival 3.5-3: {@code summary(coxph(formula, data, ties = ...))}. */
class CoxRegressionTest {

    static Stream<Arguments> coxphCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String ties : new String[] {"efron", "breslow"}) {
            b.add(Arguments.of("aml", "aml", "Surv(time, status) ~ x", ties));
            b.add(Arguments.of("lung", "lung", "Surv(time, status) ~ age + sex + ph.ecog", ties));
            b.add(Arguments.of("lung_wtloss", "lung", "Surv(time, status) ~ age + sex + ph.ecog + wt.loss", ties));
            b.add(Arguments.of("lung_factor", "lung", "Surv(time, status) ~ age + factor(ph.ecog)", ties));
            b.add(Arguments.of("veteran", "veteran", "Surv(time, status) ~ trt + celltype + karno", ties));
            b.add(Arguments.of("ovarian", "ovarian", "Surv(futime, fustat) ~ age + factor(rx)", ties));
            b.add(Arguments.of("ties", "ties", "Surv(time, status) ~ arm + z", ties));
            b.add(Arguments.of("onetime", "onetime", "Surv(time, status) ~ arm", ties));
            b.add(Arguments.of("relapse", "relapse", "Surv(months, relapse) ~ arm + age", ties));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {2} ties={3}")
    @MethodSource("coxphCases")
    void matchesCoxph(String reference, String dataset, String formula, String ties) {
        CoxFit fit = CoxRegression.fit(RReference.data(dataset), formula, Ties.parse(ties));
        assertMatchesReference(fit, reference, ties);
    }

    static void assertMatchesReference(CoxFit fit, String reference, String ties) {
        var coefficients = RReference.rows("cox_coef.csv",
                RReference.where("case", reference).and(RReference.where("ties", ties)));
        assertThat(fit.coefficients()).extracting(CoxCoefficient::term)
                .containsExactlyElementsOf(coefficients.stream().map(r -> r.get("term")).toList());
        for (Map<String, String> row : coefficients) {
            CoxCoefficient c = fit.coefficient(row.get("term"));
            String at = reference + " " + ties + " " + row.get("term") + " ";
            assertMatches(at + "coef", row.get("coef"), c.estimate());
            assertMatches(at + "exp(coef)", row.get("hr"), c.expEstimate());
            assertMatches(at + "se(coef)", row.get("se"), c.se());
            assertMatches(at + "z", row.get("z"), c.statistic());
            assertMatches(at + "Pr(>|z|)", row.get("p"), c.p());
            assertMatches(at + "lower .95", row.get("lower"), c.expCiLow());
            assertMatches(at + "upper .95", row.get("upper"), c.expCiHigh());
        }
        Map<String, String> t = RReference.rows("cox_tests.csv",
                RReference.where("case", reference).and(RReference.where("ties", ties))).get(0);
        String at = reference + " " + ties + " ";
        assertThat(fit.n()).as(at + "n").isEqualTo(Integer.parseInt(t.get("n")));
        assertThat(fit.events()).as(at + "nevent").isEqualTo(Integer.parseInt(t.get("nevent")));
        assertThat(fit.droppedMissing()).as(at + "dropped").isEqualTo(Integer.parseInt(t.get("dropped")));
        assertThat(fit.iterations()).as(at + "iter").isEqualTo(Integer.parseInt(t.get("iter")));
        assertMatches(at + "loglik null", t.get("loglik_null"), fit.logLikNull());
        assertMatches(at + "loglik", t.get("loglik"), fit.logLik());
        assertMatches(at + "LR", t.get("lr"), fit.likelihoodRatio().statistic());
        assertThat(fit.likelihoodRatio().df()).as(at + "df").isEqualTo(Integer.parseInt(t.get("lr_df")));
        assertMatches(at + "LR p", t.get("lr_p"), fit.likelihoodRatio().p());
        assertMatches(at + "Wald", t.get("wald"), fit.wald().statistic());
        assertMatches(at + "Wald p", t.get("wald_p"), fit.wald().p());
        assertMatches(at + "score", t.get("score"), fit.score().statistic());
        assertMatches(at + "score p", t.get("score_p"), fit.score().p());
    }

    private static DataTable csv(String text) throws IOException {
        return DataTable.readCsv("test.csv", new java.io.BufferedReader(new StringReader(text)));
    }

    @Test
    void rejectsDataWithoutEvents() throws IOException {
        DataTable t = csv("time,status,age\n1,0,50\n2,0,60\n3,0,70\n");
        assertThatThrownBy(() -> CoxRegression.fit(t, "Surv(time, status) ~ age", Ties.EFRON))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("no events");
    }

    @Test
    void rejectsAConstantCovariate() throws IOException {
        DataTable t = csv("time,status,age,dose\n1,1,50,3\n2,0,60,3\n3,1,70,3\n4,1,65,3\n");
        assertThatThrownBy(() -> CoxRegression.fit(t, "Surv(time, status) ~ age + dose", Ties.EFRON))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("\"dose\" is constant");
    }

    @Test
    void rejectsAFactorWithOneLevel() throws IOException {
        DataTable t = csv("time,status,arm\n1,1,A\n2,0,A\n3,1,A\n");
        assertThatThrownBy(() -> CoxRegression.fit(t, "Surv(time, status) ~ arm", Ties.EFRON))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("single value \"A\"");
    }

    @Test
    void rejectsCollinearCovariates() throws IOException {
        DataTable t = csv("time,status,a,b\n1,1,1,2\n2,0,2,4\n3,1,3,6\n4,1,5,10\n5,0,4,8\n");
        assertThatThrownBy(() -> CoxRegression.fit(t, "Surv(time, status) ~ a + b", Ties.EFRON))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("\"b\" is a linear combination");
    }

    @Test
    void rejectsAnInfiniteCoefficientWhenAGroupHasNoEvents() {
        assertThatThrownBy(() -> CoxRegression.fit(RReference.data("allcensored"), "Surv(time, status) ~ arm",
                Ties.EFRON)).isInstanceOf(InvalidDataException.class).hasMessageContaining("\"armB\" may be infinite");
    }

    @Test
    void reportsNonConvergenceWithTheIterationCount() {
        // R 4.2.2, survival 3.5-3: coxph(Surv(time, status) ~ x, aml, iter.max = 2) warns "Ran out of iterations"
        // (it needs 3)
        assertThatThrownBy(() -> CoxRegression.fit(RReference.data("aml"), "Surv(time, status) ~ x", Ties.EFRON, 2))
                .isInstanceOf(NoConvergenceException.class).hasMessageContaining("after 2 iterations");
    }

    @Test
    void rejectsNegativeTimesNamingTheRow() throws IOException {
        DataTable t = csv("time,status,age\n1,1,50\n-2,0,60\n3,1,70\n");
        assertThatThrownBy(() -> CoxRegression.fit(t, "Surv(time, status) ~ age", Ties.EFRON))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 2").hasMessageContaining("negative");
    }

    @Test
    void rejectsUnsupportedFormulaTerms() {
        assertThatThrownBy(() -> CoxFormula.parse("Surv(time, status) ~ age * sex"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("unsupported term \"age * sex\"");
        assertThatThrownBy(() -> CoxFormula.parse("time ~ age"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("Surv(time, status)");
    }

    @Test
    void namesFactorTermsAsR() {
        CoxFormula f = CoxFormula.parse("Surv(futime, fustat) ~ age + factor(rx) + `resid.ds`");
        assertThat(f.timeColumn()).isEqualTo("futime");
        assertThat(f.terms()).extracting(CoxFormula.Term::label).containsExactly("age", "factor(rx)", "resid.ds");
    }
}
