package org.harmonia.stats.glm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;

/** The prepared-design entry point simulators call: same numbers as the formula path, safe to reuse. */
class GlmFitterTest {

    @Test
    void fitsPreparedDesignAsGlmNb() {
        // R 4.2.2, MASS 7.3-58.2: glm.nb(lesions ~ arm + offset(log(scans))), arm relevelled to placebo
        RReference ref = RReference.load("lesions-negbin");
        ModelMatrix m = ModelMatrix.build(RReference.data("lesions.csv"), Formula.parse("lesions ~ arm + offset(log(scans))"),
                Map.of("arm", "placebo"));
        GlmFit fit = new GlmFitter(GlmControl.DEFAULT.withoutNullDeviance())
                .fit(Family.NEGBIN, m.columns(), m.response(), m.offset(), true);
        RReference.close("armMSC", fit.coefficient(1), ref.get("coef/armMSC/estimate"));
        RReference.close("armMSC se", fit.standardError(1), ref.get("coef/armMSC/se"));
        RReference.close("theta", fit.theta(), ref.get("fit/theta"));
        RReference.close("logLik", fit.logLik(), ref.get("fit/logLik"));
        assertThat(fit.nullDeviance()).isNaN();
    }

    @Test
    void givesTheSameFitWhenReusedAcrossModelsOfOtherSizes() {
        GlmFitter fitter = new GlmFitter();
        ModelMatrix lesions = ModelMatrix.build(RReference.data("lesions.csv"), Formula.parse("lesions ~ arm"), Map.of());
        ModelMatrix quine = ModelMatrix.build(RReference.data("quine.csv"), Formula.parse("Days ~ Eth + Sex + Age + Lrn"),
                Map.of());
        GlmFit first = fitter.fit(Family.NEGBIN, lesions.columns(), lesions.response(), null, true);
        fitter.fit(Family.NEGBIN, quine.columns(), quine.response(), null, true);
        fitter.fit(Family.POISSON, quine.columns(), quine.response(), null, true);
        GlmFit again = fitter.fit(Family.NEGBIN, lesions.columns(), lesions.response(), null, true);
        assertThat(again.coefficients()).containsExactly(first.coefficients());
        assertThat(again.theta()).isEqualTo(first.theta());
        assertThat(again.covariance()).containsExactly(first.covariance());
    }

    @Test
    void rejectsMoreCoefficientsThanObservations() {
        double[][] x = {{1, 1}, {0, 1}, {2, 5}};
        assertThatThrownBy(() -> new GlmFitter().fit(Family.POISSON, x, new double[] {1, 2}, null, true))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("3 coefficients cannot be estimated from 2");
    }

    @Test
    void rejectsNonPositiveFixedTheta() {
        double[][] x = {{1, 1, 1}};
        assertThatThrownBy(() -> new GlmFitter().fitWithTheta(0, x, new double[] {1, 2, 3}, null, true))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("theta must be a positive");
    }
}
