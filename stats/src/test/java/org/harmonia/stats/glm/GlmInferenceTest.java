package org.harmonia.stats.glm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Robust (sandwich) and likelihood-ratio inference checked against R 4.2.2, MASS 7.3-58.2 and sandwich; the R
 * calls are in src/test/resources/r/glm/inference-reference.R.
 */
class GlmInferenceTest {

    record Model(String reference, String csv, String formula, Family family, Map<String, String> refs) {
        @Override
        public String toString() {
            return reference;
        }
    }

    private static final Model QUINE_NEGBIN = new Model("quine-negbin", "quine.csv", "Days ~ Eth + Sex + Age + Lrn",
            Family.NEGBIN, Map.of());
    private static final Model QUINE_POISSON = new Model("quine-poisson", "quine.csv", "Days ~ Eth + Sex + Age + Lrn",
            Family.POISSON, Map.of());
    private static final Model DOBSON = new Model("dobson-poisson", "dobson.csv",
            "counts ~ factor(outcome) + factor(treatment)", Family.POISSON, Map.of());
    private static final Model BIRTHWT_LOGISTIC = new Model("birthwt-binomial", "birthwt.csv",
            "low ~ age + lwt + factor(race) + smoke", Family.BINOMIAL, Map.of());
    private static final Model BIRTHWT_LINEAR = new Model("birthwt-gaussian", "birthwt.csv",
            "bwt ~ age + lwt + factor(race) + smoke", Family.GAUSSIAN, Map.of());
    private static final Model MESEMS_LIKE = new Model("mesems-like-negbin", "mesems-like.csv",
            "y ~ sequence + baseline + factor(subTrial) + offset(log(scans))", Family.NEGBIN,
            Map.of("sequence", "PLACEBO-MSC"));

    static Stream<Model> likelihoodModels() {
        return Stream.of(QUINE_NEGBIN, QUINE_POISSON, DOBSON, BIRTHWT_LOGISTIC, MESEMS_LIKE);
    }

    static Stream<Arguments> robustCases() {
        return Stream.of(QUINE_NEGBIN, QUINE_POISSON, DOBSON, BIRTHWT_LOGISTIC, BIRTHWT_LINEAR, MESEMS_LIKE)
                .flatMap(m -> Stream.of(Arguments.of(m, RobustType.HC0), Arguments.of(m, RobustType.HC3)));
    }

    private static GlmResult fit(Model m, Inference inference) {
        return Glm.fit(RReference.data(m.csv()), m.formula(), m.family(), m.refs(), null, inference);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("robustCases")
    void robustStandardErrorsMatchSandwichVcovHC(Model model, RobustType type) {
        GlmResult r = fit(model, Inference.robust(type));
        RReference ref = RReference.load(model.reference() + "-" + type.label());
        assertThat(r.coefficients().stream().map(Coefficient::term).toList()).isEqualTo(ref.terms());
        for (Coefficient c : r.coefficients()) {
            String k = "coef/" + c.term() + "/";
            for (String key : new String[] {"estimate", "se", "statistic", "p", "ciLow", "ciHigh"}) {
                RReference.close(model + " " + type + " " + k + key, value(c, key), ref.get(k + key));
            }
        }
        assertThat(r.inference()).isEqualTo(Inference.robust(type));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("likelihoodModels")
    void likelihoodRatioTestsAndProfileIntervalsMatchR(Model model) {
        GlmResult r = fit(model, Inference.LRT);
        RReference ref = RReference.load(model.reference() + "-lrt");
        assertThat(r.coefficients().stream().map(Coefficient::term).toList()).isEqualTo(ref.terms());
        for (Coefficient c : r.coefficients()) {
            String k = "coef/" + c.term() + "/";
            for (String key : new String[] {"estimate", "se", "ciLow", "ciHigh"}) {
                RReference.close(model + " lrt " + k + key, value(c, key), ref.get(k + key));
            }
            if (c.term().equals("(Intercept)")) {
                assertThat(c.statistic()).as("the intercept is not tested, as drop1").isNull();
                assertThat(c.p()).isNull();
                assertThat(c.df()).isNull();
            } else {
                RReference.close(model + " lrt " + k + "statistic", c.statistic(), ref.get(k + "statistic"));
                RReference.close(model + " lrt " + k + "p", c.p(), ref.get(k + "p"));
                assertThat(c.df()).isEqualTo(1);
            }
            // MASS::confint interpolates a spline through profile points; ours is the root, so agreement is to
            // the accuracy of that interpolation.
            assertThat(c.ciLow()).as(model + " " + c.term() + " vs MASS::confint")
                    .isCloseTo(ref.get(k + "ciLowMass"), Offset.offset(2e-3 * c.se()));
            assertThat(c.ciHigh()).as(model + " " + c.term() + " vs MASS::confint")
                    .isCloseTo(ref.get(k + "ciHighMass"), Offset.offset(2e-3 * c.se()));
            assertThat(c.expCiLow()).isCloseTo(Math.exp(c.ciLow()), Offset.offset(1e-12 * Math.exp(c.ciLow())));
        }
    }

    @Test
    void waldStaysTheDefaultAndMatchesTheEarlierTable() {
        GlmResult wald = fit(QUINE_NEGBIN, Inference.WALD);
        RReference.load("quine-negbin").assertMatchesCoefficients(wald);
        assertThat(wald.inference()).isEqualTo(Inference.WALD);
        assertThat(wald.coefficients().get(1).df()).isNull();
    }

    @Test
    void robustTypeDefaultsToHc3AsSandwichDoes() {
        assertThat(Inference.parse("robust", null)).isEqualTo(Inference.robust(RobustType.HC3));
        assertThat(Inference.parse(" LRT ", null)).isEqualTo(Inference.LRT);
    }

    @Test
    void robustTypeWithAnotherTestIsRefused() {
        assertThatThrownBy(() -> Inference.parse("wald", "hc0")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("robust test only");
    }

    @Test
    void unknownTestAndTypeAreRefusedListingTheChoices() {
        assertThatThrownBy(() -> Inference.parse("score", null)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("wald, lrt, robust");
        assertThatThrownBy(() -> Inference.parse("robust", "hc1")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("hc0, hc3");
    }

    @Test
    void likelihoodRatioForGaussianIsRefused() {
        assertThatThrownBy(() -> fit(BIRTHWT_LINEAR, Inference.LRT)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("binomial, poisson and negbin");
    }

    @Test
    void likelihoodRatioOfAOneCoefficientModelIsRefused() {
        Model interceptOnly = new Model("none", "quine.csv", "Days ~ 1", Family.POISSON, Map.of());
        assertThatThrownBy(() -> fit(interceptOnly, Inference.LRT)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("at least two");
    }

    @Test
    void profileIntervalEndsSitAtTheNormalQuantileOfTheSignedRootDeviance() {
        // The defining property, independent of R: at each end the deviance has risen by qnorm(0.975)^2.
        GlmResult r = fit(DOBSON, Inference.LRT);
        ModelMatrix m = ModelMatrix.build(RReference.data("dobson.csv"), Formula.parse(DOBSON.formula()), Map.of());
        GlmFit full = Glm.fit(Family.POISSON, m);
        ProfileLikelihood profile = new ProfileLikelihood(Family.POISSON, m.columns(), m.response(), m.offset(), full);
        for (int j = 0; j < full.p(); j++) {
            Coefficient c = r.coefficients().get(j);
            assertThat(profile.signedRoot(j, c.estimate(), c.ciLow())).isCloseTo(-Glm.Z_975, Offset.offset(1e-8));
            assertThat(profile.signedRoot(j, c.estimate(), c.ciHigh())).isCloseTo(Glm.Z_975, Offset.offset(1e-8));
        }
    }

    private static double value(Coefficient c, String key) {
        return switch (key) {
            case "estimate" -> c.estimate();
            case "se" -> c.se();
            case "statistic" -> c.statistic();
            case "p" -> c.p();
            case "ciLow" -> c.ciLow();
            case "ciHigh" -> c.ciHigh();
            default -> throw new IllegalArgumentException(key);
        };
    }
}
