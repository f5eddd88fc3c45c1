package org.harmonia.stats.glm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The joint Newton fit of (beta, log theta) against {@code MASS::glm.nb}. References: R 4.2.2, MASS 7.3-58.2,
 * {@code src/test/resources/r/glm/negbin-joint-reference.R} (hard cases, each at glm.nb's default control and at
 * {@code glm.control(epsilon = 1e-14, maxit = 200)}, the "-tight" files) and {@code glm-reference.R}.
 */
class NegBinJointNewtonTest {
    private static final GlmControl JOINT = GlmControl.DEFAULT.withNegBin(NegBinAlgorithm.JOINT_NEWTON);

    private record Case(String csv, String formula, Map<String, String> references) {
        ModelMatrix matrix() {
            return ModelMatrix.build(RReference.data(csv), Formula.parse(formula), references);
        }
    }

    private static final Case SMALL_THETA = new Case("nb-small-theta.csv", "y ~ arm + x", Map.of("arm", "placebo"));
    private static final Case OFFSETS = new Case("nb-offsets.csv", "y ~ trt + factor(site) + offset(log(scans))", Map.of());
    private static final Case MESEMS_LIKE = new Case("mesems-like.csv",
            "y ~ sequence + baseline + factor(subTrial) + offset(log(scans))", Map.of("sequence", "PLACEBO-MSC"));

    private static GlmFit fit(GlmControl control, ModelMatrix m) {
        return new GlmFitter(control).fit(Family.NEGBIN, m.columns(), m.response(), m.offset(), m.intercept());
    }

    /** Every number glm.nb reports for the fit, within {@code relative}; the SE of theta within {@code thetaSeRelative}. */
    private static void assertMatches(RReference ref, ModelMatrix m, GlmFit fit, double relative, double thetaSeRelative) {
        List<String> names = m.columnNames();
        assertThat(names).isEqualTo(ref.terms());
        for (int j = 0; j < names.size(); j++) {
            String k = "coef/" + names.get(j) + "/";
            // an estimate near zero is compared on the scale of its standard error: glm.nb's default control stops
            // short of the maximum by up to about 1e-6 of the larger of the two (quine's SexM: 3e-8 on 0.0256)
            double scale = Math.max(Math.abs(ref.get(k + "estimate")), ref.get(k + "se"));
            assertThat(fit.coefficient(j)).as(k + "estimate")
                    .isCloseTo(ref.get(k + "estimate"), Offset.offset(relative * scale));
            close(k + "se", fit.standardError(j), ref.get(k + "se"), relative);
        }
        close("theta", fit.theta(), ref.get("fit/theta"), relative);
        close("thetaSe", fit.thetaSe(), ref.get("fit/thetaSe"), thetaSeRelative);
        close("logLik", fit.logLik(), ref.get("fit/logLik"), relative);
        close("aic", fit.aic(), ref.get("fit/aic"), relative);
        close("deviance", fit.deviance(), ref.get("fit/deviance"), relative);
        close("nullDeviance", fit.nullDeviance(), ref.get("fit/nullDeviance"), relative);
    }

    private static void close(String what, double actual, double expected, double relative) {
        assertThat(actual).as(what).isCloseTo(expected, Offset.offset(relative * Math.abs(expected) + 1e-13));
    }

    @Test
    void reachesTheMaximumGlmNbConvergesToWithinOneInAHundredMillion() {
        for (var c : Map.of("nb-small-theta-tight", SMALL_THETA, "nb-offsets-tight", OFFSETS, "nb-mesems-like-tight",
                MESEMS_LIKE).entrySet()) {
            ModelMatrix m = c.getValue().matrix();
            RReference ref = RReference.load(c.getKey());
            assertMatches(ref, m, fit(JOINT, m), 1e-8, 1e-6);
        }
    }

    @Test
    void matchesGlmNbAtItsDefaultControlOnTheExistingReferences() {
        // R 4.2.2, MASS 7.3-58.2, glm-reference.R: glm.nb on quine, the lesions trial and the data with missing values
        Case quine = new Case("quine.csv", "Days ~ Eth + Sex + Age + Lrn", Map.of());
        Case interactions = new Case("quine.csv", "Days ~ Eth * Sex + Age + Lrn + Eth:Lrn", Map.of());
        Case lesions = new Case("lesions.csv", "lesions ~ arm + offset(log(scans))", Map.of("arm", "placebo"));
        Case missing = new Case("missing.csv", "y ~ x + g", Map.of());
        for (var c : Map.of("quine-negbin", quine, "quine-negbin-interactions", interactions, "lesions-negbin", lesions,
                "missing-negbin", missing, "nb-offsets", OFFSETS).entrySet()) {
            ModelMatrix m = c.getValue().matrix();
            assertMatches(RReference.load(c.getKey()), m, fit(JOINT, m), 1e-6, 1e-6);
        }
    }

    @Test
    void needsFarFewerPassesOverTheDataThanTheAlternation() {
        ModelMatrix m = MESEMS_LIKE.matrix();
        GlmFit alternating = fit(GlmControl.DEFAULT, m);
        GlmFit joint = fit(JOINT, m);
        // glm.nb alternates 10 times here, each alternation a full IRLS fit plus theta.ml; Newton takes 5 steps.
        assertThat(alternating.iterations()).isEqualTo(10);
        assertThat(joint.iterations()).isLessThanOrEqualTo(6);
    }

    @Test
    void stopsACoefficientWithNoFiniteMaximumWhereTheOthersHaveSettled() {
        // Every count of group c is zero: its coefficient has no finite maximum. glm.nb stops where the deviance no
        // longer changes (-21.47, SE 3475); Newton moves it by about -1 a step while the Newton decrement falls only
        // linearly, and stops once that decrement is below epsilon. Its value is as arbitrary as R's; everything
        // else (the finite coefficients, theta, the log-likelihood, the deviance) is the same limit.
        ModelMatrix m = new Case("nb-separation.csv", "y ~ g", Map.of()).matrix();
        RReference ref = RReference.load("nb-separation");
        GlmFit joint = fit(JOINT, m);
        close("(Intercept)", joint.coefficient(0), ref.get("coef/(Intercept)/estimate"), 1e-6);
        close("(Intercept) se", joint.standardError(0), ref.get("coef/(Intercept)/se"), 1e-6);
        close("gb", joint.coefficient(1), ref.get("coef/gb/estimate"), 1e-6);
        close("gb se", joint.standardError(1), ref.get("coef/gb/se"), 1e-6);
        close("theta", joint.theta(), ref.get("fit/theta"), 1e-6);
        close("logLik", joint.logLik(), ref.get("fit/logLik"), 1e-6);
        close("deviance", joint.deviance(), ref.get("fit/deviance"), 1e-6);
        assertThat(joint.coefficient(2)).isLessThan(ref.get("coef/gc/estimate"));
        assertThat(joint.standardError(2)).isGreaterThan(ref.get("coef/gc/se"));
    }

    @Test
    void leavesCountsWithoutOverdispersionToGlmNbsAlternation() {
        // Poisson counts: the likelihood rises towards theta = infinity; glm.nb warns "iteration limit reached" and
        // returns theta 47458.79 where theta.ml stopped. The joint fit gives up once theta passes 1e8 and the
        // alternation returns the same large theta and the Poisson coefficients.
        ModelMatrix m = ModelMatrix.build(RReference.data("equidispersed.csv"), Formula.parse("count ~ z"), Map.of());
        RReference ref = RReference.load("nb-equidispersed");
        GlmFit joint = fit(JOINT, m);
        close("z", joint.coefficient(1), ref.get("coef/z/estimate"), 1e-6);
        close("theta", joint.theta(), ref.get("fit/theta"), 1e-5);
        assertThat(joint.theta()).isEqualTo(fit(GlmControl.DEFAULT, m).theta());
    }
}
