package org.harmonia.stats.glm;

import java.util.Objects;
import org.harmonia.stats.InvalidDataException;

/**
 * A re-randomisation test of one two-group comparison in a GLM: the null model (everything but the comparison) is
 * fitted once, the observed allocation's score statistic ({@link ScoreTest}) is compared with the statistics of
 * {@code M} allocations made by re-running the trial's allocation procedure, and the p-value is
 * {@code (1 + #{S_k >= S_obs}) / (M + 1)}: the observed allocation counts as one of the equally likely ones, so the
 * test never rejects more often than its level (Phipson and Smyth 2010) and its p-value is never 0. Its Monte Carlo
 * standard error, {@code sqrt(q (1 - q) / M)} with {@code q = #{S_k >= S_obs} / M}, says how far another seed's
 * p-value could fall. Statistics within a relative 1e-9 of the observed one count as ties (as extreme): mirrored
 * allocations give the same statistic up to rounding.
 *
 * @param term              the compared term
 * @param statistic         the observed score statistic (chi-square on 1 df under the null hypothesis)
 * @param scoreP            its asymptotic chi-square p-value, as R's {@code anova(..., test = "Rao")}
 * @param p                 the re-randomisation p-value
 * @param monteCarloSe      its Monte Carlo standard error
 * @param rerandomisations  M, the allocations drawn
 * @param atLeastAsExtreme  how many of them had a statistic at least the observed one
 * @param seed              the seed of the re-randomisations
 */
public record RerandomisationTest(String term, double statistic, double scoreP, double p, double monteCarloSe,
                                  int rerandomisations, int atLeastAsExtreme, long seed) {
    static final double TIE = 1e-9;

    public RerandomisationTest {
        Objects.requireNonNull(term, "term");
        if (rerandomisations < 1 || atLeastAsExtreme < 0 || atLeastAsExtreme > rerandomisations) {
            throw new IllegalArgumentException("need 0 <= atLeastAsExtreme <= rerandomisations >= 1");
        }
    }

    /**
     * Runs the test.
     *
     * @param term             the compared term, for the result
     * @param score            the score test of the null model
     * @param observed         the observed allocation as a 0/1 column in the fit's row order
     * @param allocations      the re-run allocation procedure
     * @param rerandomisations M
     * @param seed             the seed {@code allocations} was made from, for the result
     */
    public static RerandomisationTest run(String term, ScoreTest score, double[] observed, AllocationSource allocations,
                                          int rerandomisations, long seed) {
        if (rerandomisations < 1) {
            throw new InvalidDataException("a re-randomisation test needs at least one re-randomisation; got " + rerandomisations);
        }
        double s0 = score.statistic(observed);
        double reported = score.raoStatistic(observed);
        double threshold = s0 * (1 - TIE);
        double[] z = new double[score.n()];
        int extreme = 0;
        for (int k = 0; k < rerandomisations; k++) {
            allocations.allocate(k, z);
            if (score.statistic(z) >= threshold) {
                extreme++;
            }
        }
        double q = (double) extreme / rerandomisations;
        return new RerandomisationTest(term, reported, ScoreTest.p(reported), (extreme + 1.0) / (rerandomisations + 1.0),
                Math.sqrt(q * (1 - q) / rerandomisations), rerandomisations, extreme, seed);
    }

    /**
     * The score test of adding design column {@code column} to the model of the other columns, the null model
     * fitted here (negbin: theta estimated by {@code glm.nb} on the null model, then held fixed for the weights).
     */
    public static ScoreTest nullModel(Family family, ModelMatrix m, int column, GlmFitter fitter) {
        return nullModel(family, m.columns(), m.response(), m.offset(), m.intercept(), column, fitter);
    }

    /** As above, for a design given by its columns ({@code intercept}: column 0 is the intercept). */
    public static ScoreTest nullModel(Family family, double[][] x, double[] y, double[] offset, boolean intercept, int column,
                                      GlmFitter fitter) {
        double[][] others = ModelMatrix.withoutColumn(x, column);
        boolean nullIntercept = intercept && column != 0;
        return new ScoreTest(nullFit(family, others, y, offset, nullIntercept, fitter), others, nullIntercept);
    }

    /** The null fit whose weights the score test uses: for negbin refitted at the estimated theta, as R's family object holds it. */
    private static GlmFit nullFit(Family family, double[][] x, double[] y, double[] offset, boolean intercept, GlmFitter fitter) {
        GlmFit fit = fitter.fit(family, x, y, offset, intercept);
        return family == Family.NEGBIN ? fitter.fitWithTheta(fit.theta(), x, y, offset, intercept) : fit;
    }
}
