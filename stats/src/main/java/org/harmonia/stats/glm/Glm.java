package org.harmonia.stats.glm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;

/** Fits generalised linear models given as R formulas to a table: the engine behind {@code harmonia stats glm}. */
public final class Glm {
    /** qnorm(0.975), as confint.default uses. */
    static final double Z_975 = 1.959963984540054;

    private Glm() {
    }

    /** Fits {@code formula} to the table; {@code references} overrides reference levels of factors. */
    public static GlmResult fit(DataTable table, String formula, Family family, Map<String, String> references) {
        ModelMatrix m = ModelMatrix.build(table, Formula.parse(formula), references);
        return result(family, formula, m, fit(family, m));
    }

    /** Fits the model and tests dropping the term {@code lrtTerm} with a likelihood-ratio test. */
    public static GlmResult fit(DataTable table, String formula, Family family, Map<String, String> references,
                                String lrtTerm) {
        ModelMatrix m = ModelMatrix.build(table, Formula.parse(formula), references);
        GlmFit full = fit(family, m);
        GlmResult result = result(family, formula, m, full);
        return lrtTerm == null ? result : result.withLrt(likelihoodRatio(family, m, full, lrtTerm));
    }

    /** Fits a prepared model matrix, checking the response for the family with row numbers in the messages. */
    public static GlmFit fit(Family family, ModelMatrix m) {
        double[] y = m.response();
        int[] rows = m.rows();
        for (int i = 0; i < y.length; i++) {
            double v = y[i];
            if (family.countResponse() && v < 0) {
                throw new InvalidDataException("the response is negative (" + ModelMatrix.format(v) + ") in row " + rows[i]
                        + "; " + family.label() + " needs counts 0, 1, 2, ...");
            }
            if (family.countResponse() && v != Math.rint(v)) {
                throw new InvalidDataException("the response is not a whole number (" + v + ") in row " + rows[i]
                        + "; " + family.label() + " needs counts 0, 1, 2, ...");
            }
            if (family == Family.BINOMIAL && v != 0 && v != 1) {
                throw new InvalidDataException("the response is " + ModelMatrix.format(v) + " in row " + rows[i]
                        + "; binomial needs 0 or 1");
            }
        }
        return new GlmFitter().fit(family, m.columns(), y, m.offset(), m.intercept());
    }

    /** The likelihood-ratio test of dropping one term, the reduced model refitted on the same rows. */
    public static LikelihoodRatioTest likelihoodRatio(Family family, ModelMatrix m, GlmFit full, String term) {
        ModelMatrix reduced = m.withoutTerm(term);
        GlmFit r = fit(family, reduced);
        // anova() of two glm fits uses the deviance difference; for poisson and binomial it equals the log-likelihood one.
        double x2 = family == Family.POISSON || family == Family.BINOMIAL
                ? r.deviance() - full.deviance()
                : 2 * (full.logLik() - r.logLik());
        int df = m.p() - reduced.p();
        return new LikelihoodRatioTest(term, x2, df, chiSquareUpperTail(Math.max(x2, 0), df));
    }

    static double chiSquareUpperTail(double x, int df) {
        return Gamma.regularizedGammaQ(df / 2.0, x / 2);
    }

    private static GlmResult result(Family family, String formula, ModelMatrix m, GlmFit fit) {
        List<Coefficient> table = new ArrayList<>();
        boolean t = family == Family.GAUSSIAN;
        TDistribution tDistribution = t ? new TDistribution(fit.dfResidual()) : null;
        double q = t ? tDistribution.inverseCumulativeProbability(0.975) : Z_975;
        for (int j = 0; j < fit.p(); j++) {
            double est = fit.coefficient(j);
            double se = fit.standardError(j);
            double stat = est / se;
            double p = t ? 2 * tDistribution.cumulativeProbability(-Math.abs(stat))
                    : Erf.erfc(Math.abs(stat) / Math.sqrt(2));
            double lo = est - q * se;
            double hi = est + q * se;
            boolean exp = family != Family.GAUSSIAN;
            table.add(new Coefficient(m.columnNames().get(j), est, se, stat, p, lo, hi,
                    exp ? Math.exp(est) : null, exp ? Math.exp(lo) : null, exp ? Math.exp(hi) : null));
        }
        boolean nb = family == Family.NEGBIN;
        return new GlmResult(family, formula, m.n(), m.dropped(), table, fit.logLik(), fit.aic(), fit.deviance(),
                fit.nullDeviance(), fit.dfResidual(), nb ? fit.theta() : null, nb ? fit.thetaSe() : null,
                fit.iterations(), null);
    }
}
