package org.harmonia.stats.tests;

import org.harmonia.stats.InvalidDataException;

/**
 * Student's t tests as R's {@code t.test}: one sample, paired, Welch two-sample and the equal-variance
 * (Student) two-sample test. Missing values (NaN) are dropped, pairs with a missing member as a whole.
 */
public final class TTest {
    private static final double EPS = Math.ulp(1.0);

    private TTest() {
    }

    /** {@code t.test(x, mu = options.mu())}. */
    public static TTestResult oneSample(double[] x, TTestOptions options) {
        double[] v = Samples.nonMissing(x);
        if (v.length < 2) {
            throw new InvalidDataException("a t test needs at least 2 observations, the sample has " + v.length);
        }
        double mean = Samples.mean(v);
        double se = Math.sqrt(Samples.variance(v, mean) / v.length);
        checkNotConstant(se, Math.abs(mean));
        return finish("One Sample t-test", options, mean, se, v.length - 1, mean, Double.NaN, v.length, 0);
    }

    /** {@code t.test(x, y, paired = TRUE)}: a one-sample test of the differences {@code x - y}. */
    public static TTestResult paired(double[] x, double[] y, TTestOptions options) {
        double[][] pairs = Samples.completePairs(x, y);
        double[] d = new double[pairs[0].length];
        for (int i = 0; i < d.length; i++) {
            d[i] = pairs[0][i] - pairs[1][i];
        }
        if (d.length < 2) {
            throw new InvalidDataException("a paired t test needs at least 2 complete pairs, there are " + d.length);
        }
        double mean = Samples.mean(d);
        double se = Math.sqrt(Samples.variance(d, mean) / d.length);
        checkNotConstant(se, Math.abs(mean));
        return finish("Paired t-test", options, mean, se, d.length - 1,
                Samples.mean(pairs[0]), Samples.mean(pairs[1]), d.length, d.length);
    }

    /** {@code t.test(x, y)}: Welch's test with Satterthwaite's degrees of freedom. */
    public static TTestResult welch(double[] x, double[] y, TTestOptions options) {
        double[] a = Samples.nonMissing(x);
        double[] b = Samples.nonMissing(y);
        if (a.length < 2 || b.length < 2) {
            throw new InvalidDataException("Welch's t test needs at least 2 observations in each sample, there are "
                    + a.length + " and " + b.length);
        }
        double mx = Samples.mean(a);
        double my = Samples.mean(b);
        double vx = Samples.variance(a, mx) / a.length;
        double vy = Samples.variance(b, my) / b.length;
        double se = Math.sqrt(vx + vy);
        checkNotConstant(se, Math.max(Math.abs(mx), Math.abs(my)));
        double df = (vx + vy) * (vx + vy) / (vx * vx / (a.length - 1) + vy * vy / (b.length - 1));
        return finish("Welch Two Sample t-test", options, mx - my, se, df, mx, my, a.length, b.length);
    }

    /**
     * {@code t.test(x, y, var.equal = TRUE)}: pooled variance. As in R one sample may hold a single
     * observation when the other has at least two.
     */
    public static TTestResult student(double[] x, double[] y, TTestOptions options) {
        double[] a = Samples.nonMissing(x);
        double[] b = Samples.nonMissing(y);
        if (a.length < 1 || b.length < 1 || a.length + b.length < 3) {
            throw new InvalidDataException("the two-sample t test needs at least 1 observation in each sample and 3 in all, there are "
                    + a.length + " and " + b.length);
        }
        double mx = Samples.mean(a);
        double my = Samples.mean(b);
        double df = a.length + b.length - 2;
        double pooled = 0;
        if (a.length > 1) {
            pooled += (a.length - 1) * Samples.variance(a, mx);
        }
        if (b.length > 1) {
            pooled += (b.length - 1) * Samples.variance(b, my);
        }
        pooled /= df;
        double se = Math.sqrt(pooled * (1.0 / a.length + 1.0 / b.length));
        checkNotConstant(se, Math.max(Math.abs(mx), Math.abs(my)));
        return finish("Two Sample t-test", options, mx - my, se, df, mx, my, a.length, b.length);
    }

    // R's own threshold: a standard error below 10 ulps of the means is rounding noise, not spread.
    private static void checkNotConstant(double se, double scale) {
        if (se < 10 * EPS * scale || se == 0) {
            throw new InvalidDataException("data are essentially constant; a t test is undefined");
        }
    }

    private static TTestResult finish(String method, TTestOptions o, double estimate, double se, double df,
                                      double meanX, double meanY, int nX, int nY) {
        double t = (estimate - o.mu()) / se;
        double p = Distributions.p(o.alternative(), Distributions.tLower(t, df), Distributions.tUpper(t, df));
        double level = o.confLevel();
        ConfidenceInterval ci = switch (o.alternative()) {
            case LESS -> new ConfidenceInterval(Double.NEGATIVE_INFINITY,
                    o.mu() + (t + Distributions.tQuantile(level, df)) * se, level);
            case GREATER -> new ConfidenceInterval(o.mu() + (t - Distributions.tQuantile(level, df)) * se,
                    Double.POSITIVE_INFINITY, level);
            case TWO_SIDED -> {
                double q = Distributions.tQuantile(1 - (1 - level) / 2, df);
                yield new ConfidenceInterval(o.mu() + (t - q) * se, o.mu() + (t + q) * se, level);
            }
        };
        return new TTestResult(method, o.alternative(), o.mu(), t, df, p, estimate, meanX, meanY, se, ci, nX, nY);
    }
}
