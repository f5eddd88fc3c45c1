package org.harmonia.stats.glm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.harmonia.stats.data.DataTable;
import org.junit.jupiter.api.Test;

/** Fits checked against R; the R calls are in src/test/resources/r/glm/glm-reference.R. */
class GlmTest {

    private static GlmResult fit(String csv, String formula, Family family, Map<String, String> refs, String lrt) {
        DataTable table = RReference.data(csv);
        return Glm.fit(table, formula, family, refs, lrt);
    }

    @Test
    void matchesGlmNbOnQuine() {
        // R 4.2.2, MASS 7.3-58.2: glm.nb(Days ~ Eth + Sex + Age + Lrn, quine); anova(glm.nb(Days ~ Eth + Sex + Age), m)
        GlmResult r = fit("quine.csv", "Days ~ Eth + Sex + Age + Lrn", Family.NEGBIN, Map.of(), "Lrn");
        RReference.load("quine-negbin").assertMatches(r);
        assertThat(r.dropped()).isZero();
    }

    @Test
    void matchesGlmNbWithInteractionsOnQuine() {
        // R 4.2.2, MASS 7.3-58.2: glm.nb(Days ~ Eth * Sex + Age + Lrn + Eth:Lrn, quine), LRT for Eth:Sex
        GlmResult r = fit("quine.csv", "Days ~ Eth * Sex + Age + Lrn + Eth:Lrn", Family.NEGBIN, Map.of(), "Eth:Sex");
        RReference.load("quine-negbin-interactions").assertMatches(r);
        assertThat(r.coefficient("EthN:SexM")).isNotNull();
    }

    @Test
    void matchesPoissonGlmOnQuine() {
        // R 4.2.2: glm(Days ~ Eth + Sex + Age + Lrn, poisson, quine); anova(m0, m, test = "Chisq") for Age
        RReference.load("quine-poisson").assertMatches(
                fit("quine.csv", "Days ~ Eth + Sex + Age + Lrn", Family.POISSON, Map.of(), "Age"));
    }

    @Test
    void matchesPoissonGlmWithThreeWayInteractionOnQuine() {
        // R 4.2.2: glm(Days ~ Eth * Sex * Lrn, poisson, quine)
        RReference.load("quine-poisson-interactions").assertMatches(
                fit("quine.csv", "Days ~ Eth * Sex * Lrn", Family.POISSON, Map.of(), null));
    }

    @Test
    void matchesLogisticRegressionOnBirthwt() {
        // R 4.2.2, MASS 7.3-58.2: glm(low ~ age + lwt + factor(race) + smoke, binomial, birthwt), LRT for factor(race)
        RReference.load("birthwt-binomial").assertMatches(
                fit("birthwt.csv", "low ~ age + lwt + factor(race) + smoke", Family.BINOMIAL, Map.of(), "factor(race)"));
    }

    @Test
    void matchesLinearModelOnBirthwt() {
        // R 4.2.2: lm(bwt ~ age + lwt + factor(race) + smoke, birthwt); LRT 2 * (logLik(m) - logLik(m0))
        GlmResult r = fit("birthwt.csv", "bwt ~ age + lwt + factor(race) + smoke", Family.GAUSSIAN, Map.of(), "factor(race)");
        RReference.load("birthwt-gaussian").assertMatches(r);
        assertThat(r.coefficient("smoke").expEstimate()).isNull();
    }

    @Test
    void matchesPoissonWithOffsetOnInsurance() {
        // R 4.2.2, MASS 7.3-58.2: glm(Claims ~ factor(District) + factor(Group) + Age + offset(log(Holders)), poisson)
        RReference.load("insurance-poisson").assertMatches(fit("insurance.csv",
                "Claims ~ factor(District) + factor(Group) + Age + offset(log(Holders))", Family.POISSON, Map.of(),
                "factor(Group)"));
    }

    @Test
    void matchesGlmNbWithOffsetAndReferenceLevelOnSimulatedLesions() {
        // R 4.2.2, MASS 7.3-58.2: glm.nb(lesions ~ arm + offset(log(scans))) with arm relevelled to placebo
        GlmResult r = fit("lesions.csv", "lesions ~ arm + offset(log(scans))", Family.NEGBIN,
                Map.of("arm", "placebo"), "arm");
        RReference.load("lesions-negbin").assertMatches(r);
        assertThat(r.coefficient("armMSC").expEstimate()).isLessThan(1);
    }

    @Test
    void matchesPoissonWithOffsetOnSimulatedLesions() {
        // R 4.2.2: glm(lesions ~ arm + offset(log(scans)), poisson) with arm relevelled to placebo
        RReference.load("lesions-poisson").assertMatches(fit("lesions.csv", "lesions ~ arm + offset(log(scans))",
                Family.POISSON, Map.of("arm", "placebo"), null));
    }

    @Test
    void matchesPoissonOnSixRows() {
        // R 4.2.2: glm(y ~ x, poisson, tiny)
        RReference.load("tiny-poisson").assertMatches(fit("tiny.csv", "y ~ x", Family.POISSON, Map.of(), null));
    }

    @Test
    void dropsRowsWithMissingValuesAndUnusedLevelsAsR() {
        // R 4.2.2: glm(y ~ x * g, poisson, mixed): rows 5, 17, 22 dropped, level "d" of g only in row 17
        GlmResult r = fit("missing.csv", "y ~ x * g", Family.POISSON, Map.of(), null);
        RReference.load("missing-poisson").assertMatches(r);
        assertThat(r.dropped()).isEqualTo(3);
        assertThat(r.coefficients()).extracting(Coefficient::term).doesNotContain("gd");
    }

    @Test
    void codesFactorsByIndicatorsInsideAnInteractionWithoutItsMargin() {
        // R 4.2.2: glm(y ~ g + x:g, poisson, mixed) gives ga:x, gb:x, gc:x
        RReference.load("missing-poisson-slopes").assertMatches(
                fit("missing.csv", "y ~ g + x:g", Family.POISSON, Map.of(), null));
    }

    @Test
    void matchesGlmNbWithMissingValues() {
        // R 4.2.2, MASS 7.3-58.2: glm.nb(y ~ x + g, mixed)
        RReference.load("missing-negbin").assertMatches(fit("missing.csv", "y ~ x + g", Family.NEGBIN, Map.of(), null));
    }
}
