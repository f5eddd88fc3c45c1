package org.harmonia.stats.glm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.harmonia.stats.data.DataTable;
import org.junit.jupiter.api.Test;

/** As theta grows the negative binomial variance mu + mu^2/theta tends to mu: the fit must tend to the Poisson one. */
class NegativeBinomialLimitTest {

    @Test
    void approachesPoissonFitAsThetaGrows() {
        DataTable data = RReference.data("equidispersed.csv");
        ModelMatrix m = ModelMatrix.build(data, Formula.parse("count ~ z"), Map.of());
        GlmFitter fitter = new GlmFitter();
        GlmFit poisson = fitter.fit(Family.POISSON, m.columns(), m.response(), null, true);
        // R 4.2.2: glm(count ~ z, poisson) on the same data
        RReference ref = RReference.load("equidispersed-poisson");
        RReference.close("poisson slope", poisson.coefficient(1), ref.get("coef/z/estimate"));

        double previous = Double.POSITIVE_INFINITY;
        for (double theta : new double[] {10, 1e3, 1e5, 1e7}) {
            GlmFit nb = fitter.fitWithTheta(theta, m.columns(), m.response(), null, true);
            double gap = 0;
            for (int j = 0; j < 2; j++) {
                gap = Math.max(gap, Math.abs(nb.coefficient(j) - poisson.coefficient(j)));
                gap = Math.max(gap, Math.abs(nb.standardError(j) - poisson.standardError(j)));
            }
            gap = Math.max(gap, Math.abs(nb.logLik() - poisson.logLik()) / Math.abs(poisson.logLik()));
            assertThat(gap).as("gap at theta " + theta).isLessThan(previous);
            previous = gap;
        }
        assertThat(previous).isLessThan(1e-5);
    }
}
