package org.harmonia.stats.meta;

import org.harmonia.stats.InvalidDataException;

/** Egger's test: the pooled model refitted with the studies' standard errors as a moderator. */
public final class Egger {

    private Egger() {
    }

    /**
     * Runs the test with the method and test of the model it checks; a Mantel–Haenszel analysis is checked
     * with a common-effect model, as metafor does.
     */
    public static EggerTest test(double[] yi, double[] vi, MetaMethod method, MetaTest test) {
        if (yi.length < 3) {
            throw new InvalidDataException("Egger's test needs at least 3 studies, got " + yi.length);
        }
        double[] sei = new double[vi.length];
        for (int i = 0; i < vi.length; i++) {
            sei[i] = Math.sqrt(vi[i]);
        }
        DesignMatrix x = DesignMatrix.interceptOnly(yi.length).withColumn("sei", sei);
        MetaMethod fitted = method == MetaMethod.MH ? MetaMethod.FE : method;
        RmaFit fit = Rma.fit(yi, vi, x, fitted, test);
        Coefficient slope = fit.coefficients().get(1);
        Coefficient limit = fit.coefficients().get(0);
        return new EggerTest(slope.statistic(), fit.df(), slope.p(), limit.estimate(), limit.ciLow(),
                limit.ciHigh());
    }
}
