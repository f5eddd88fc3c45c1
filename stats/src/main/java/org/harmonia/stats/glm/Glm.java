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
    public static final double Z_975 = 1.959963984540054;

    private Glm() {
    }

    /** Fits {@code formula} to the table; {@code references} overrides reference levels of factors. */
    public static GlmResult fit(DataTable table, String formula, Family family, Map<String, String> references) {
        return fit(table, formula, family, references, null, Inference.WALD);
    }

    /** Fits the model and tests dropping the term {@code lrtTerm} with a likelihood-ratio test. */
    public static GlmResult fit(DataTable table, String formula, Family family, Map<String, String> references,
                                String lrtTerm) {
        return fit(table, formula, family, references, lrtTerm, Inference.WALD);
    }

    /**
     * Fits the model with the coefficient table formed by {@code inference} (Wald, likelihood ratio with profile
     * intervals, or robust Wald) and, when {@code lrtTerm} is given, the likelihood-ratio test of dropping that term.
     */
    public static GlmResult fit(DataTable table, String formula, Family family, Map<String, String> references,
                                String lrtTerm, Inference inference) {
        return fit(ModelMatrix.build(table, Formula.parse(formula), references), formula, family, lrtTerm, inference);
    }

    /** As above, on the model matrix of {@code formula} already built (for callers that use it again). */
    public static GlmResult fit(ModelMatrix m, String formula, Family family, String lrtTerm, Inference inference) {
        GlmFit full = fit(family, m);
        GlmResult result = result(family, formula, m, full, inference);
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

    private static GlmResult result(Family family, String formula, ModelMatrix m, GlmFit fit, Inference inference) {
        if (inference.test() == CoefficientTest.LRT && family == Family.GAUSSIAN) {
            throw new InvalidDataException("the likelihood-ratio test with profile intervals is for binomial, poisson and "
                    + "negbin models; a gaussian model's default t test is already exact");
        }
        if (inference.test() == CoefficientTest.LRT && fit.p() < 2) {
            throw new InvalidDataException("the likelihood-ratio test drops one coefficient at a time and needs a model "
                    + "with at least two; this one has " + fit.p());
        }
        List<Coefficient> table = new ArrayList<>();
        boolean t = family == Family.GAUSSIAN;
        TDistribution tDistribution = t ? new TDistribution(fit.dfResidual()) : null;
        double q = t ? tDistribution.inverseCumulativeProbability(0.975) : Z_975;
        double[] robust = inference.test() == CoefficientTest.ROBUST
                ? Sandwich.covariance(fit, m.columns(), inference.robustType()) : null;
        ProfileLikelihood profile = inference.test() == CoefficientTest.LRT
                ? new ProfileLikelihood(family, m.columns(), m.response(), m.offset(), fit) : null;
        boolean exp = family != Family.GAUSSIAN;
        for (int j = 0; j < fit.p(); j++) {
            String name = m.columnNames().get(j);
            double est = fit.coefficient(j);
            double se = robust == null ? fit.standardError(j) : Math.sqrt(robust[j * fit.p() + j]);
            Double stat;
            Integer df;
            Double p;
            double lo;
            double hi;
            if (profile != null) {
                boolean intercept = m.intercept() && j == 0;
                stat = intercept ? null : columnLikelihoodRatio(family, m, fit, j);
                df = intercept ? null : 1;
                p = intercept ? null : chiSquareUpperTail(Math.max(stat, 0), 1);
                double[] ci = profile.interval(j, Z_975, name);
                lo = ci[0];
                hi = ci[1];
            } else {
                stat = est / se;
                df = t ? fit.dfResidual() : null;
                p = t ? 2 * tDistribution.cumulativeProbability(-Math.abs(stat)) : Erf.erfc(Math.abs(stat) / Math.sqrt(2));
                lo = est - q * se;
                hi = est + q * se;
            }
            table.add(new Coefficient(name, est, se, stat, df, p, lo, hi,
                    exp ? Math.exp(est) : null, exp ? Math.exp(lo) : null, exp ? Math.exp(hi) : null));
        }
        boolean nb = family == Family.NEGBIN;
        return new GlmResult(family, formula, m.n(), m.dropped(), inference, table, fit.logLik(), fit.aic(), fit.deviance(),
                fit.nullDeviance(), fit.dfResidual(), nb ? fit.theta() : null, nb ? fit.thetaSe() : null,
                fit.iterations(), null);
    }

    /**
     * The likelihood-ratio statistic for dropping design column j alone, the reduced model refitted on the same
     * rows (negbin with its own theta, as anova() of two glm.nb fits; poisson and binomial by deviance).
     */
    static double columnLikelihoodRatio(Family family, ModelMatrix m, GlmFit full, int j) {
        boolean intercept = m.intercept() && j != 0;
        GlmFit reduced = new GlmFitter(GlmControl.DEFAULT.withoutNullDeviance())
                .fit(family, ModelMatrix.withoutColumn(m.columns(), j), m.response(), m.offset(), intercept);
        return family == Family.NEGBIN
                ? 2 * (full.logLik() - reduced.logLik())
                : reduced.deviance() - full.deviance();
    }
}
