package org.harmonia.stats.meta;

import java.util.ArrayList;
import java.util.List;
import org.harmonia.stats.InvalidDataException;

/**
 * Mantel–Haenszel pooling of 2×2 tables with metafor's {@code rma.mh} defaults: the pooled estimate uses the
 * raw counts (no continuity correction, {@code add = c(1/2, 0)}), while the heterogeneity test uses
 * {@code escalc} effect sizes with 1/2 added to tables with a zero cell and double-zero tables left out
 * ({@code drop00 = c(TRUE, FALSE)}).
 */
public final class MantelHaenszel {

    private MantelHaenszel() {
    }

    public static MhFit fit(List<TwoByTwo> tables, EffectMeasure measure) {
        if (!measure.fromCounts()) {
            throw new InvalidDataException("Mantel–Haenszel needs 2×2 counts; measure " + measure + " has none");
        }
        int k = tables.size();
        if (k < 2) {
            throw new InvalidDataException("a meta-analysis needs at least 2 studies, got " + k);
        }
        double z = Probabilities.normalCritical();
        double beta;
        double se;
        double[] w = new double[k];
        OmnibusTest cmh = null;
        switch (measure) {
            case OR -> {
                double r = 0, s = 0, pr = 0, psqr = 0, qs = 0;
                for (int i = 0; i < k; i++) {
                    TwoByTwo t = tables.get(i);
                    double n = t.n1i() + t.n2i();
                    double pi = t.ai() / n + t.di() / n;
                    double qi = t.bi() / n + t.ci() / n;
                    double ri = t.ai() / n * t.di();
                    double si = t.bi() / n * t.ci();
                    r += ri;
                    s += si;
                    pr += pi * ri;
                    psqr += pi * si + qi * ri;
                    qs += qi * si;
                    w[i] = si;
                }
                if (r == 0 || s == 0) {
                    throw new InvalidDataException("the Mantel–Haenszel odds ratio is undefined: "
                            + (r == 0 ? "no table has events in the treated and non-events in the control group"
                                    : "no table has non-events in the treated and events in the control group"));
                }
                beta = Math.log(r / s);
                se = Math.sqrt(0.5 * (pr / (r * r) + psqr / (r * s) + qs / (s * s)));
                cmh = cochranMantelHaenszel(tables);
            }
            case RR -> {
                double r = 0, s = 0, num = 0, sumA = 0, sumC = 0;
                for (int i = 0; i < k; i++) {
                    TwoByTwo t = tables.get(i);
                    double n = t.n1i() + t.n2i();
                    r += t.ai() * (t.n2i() / n);
                    s += t.ci() * (t.n1i() / n);
                    num += (t.n1i() / n) * (t.n2i() / n) * (t.ai() + t.ci()) - (t.ai() / n) * t.ci();
                    sumA += t.ai();
                    sumC += t.ci();
                    w[i] = t.ci() / n * t.n1i();
                }
                if (sumA == 0 || sumC == 0) {
                    throw new InvalidDataException("the Mantel–Haenszel risk ratio is undefined: no events in the "
                            + (sumA == 0 ? "treated" : "control") + " group of any study");
                }
                beta = Math.log(r / s);
                se = Math.sqrt(num / (r * s));
            }
            case RD -> {
                double num = 0, den = 0, a = 0, b = 0;
                for (int i = 0; i < k; i++) {
                    TwoByTwo t = tables.get(i);
                    double n = t.n1i() + t.n2i();
                    double n1 = t.n1i() / n;
                    double n2 = t.n2i() / n;
                    num += t.ai() * n2 - t.ci() * n1;
                    den += t.n1i() * n2;
                    w[i] = n1 * t.n2i();
                }
                beta = num / den;
                for (TwoByTwo t : tables) {
                    double n = t.n1i() + t.n2i();
                    double n1 = t.n1i() / n;
                    double n2 = t.n2i() / n;
                    a += t.ci() * n1 * n1 - t.ai() * n2 * n2 + n1 * n2 * (t.n2i() - t.n1i()) / 2;
                    b += t.ai() * (t.n2i() - t.ci()) / n + t.ci() * (t.n1i() - t.ai()) / n;
                }
                se = Math.sqrt((beta * a + b / 2) / (den * den));
            }
            default -> throw new IllegalStateException("unreachable: " + measure);
        }
        double stat = beta / se;
        Coefficient estimate = new Coefficient("intrcpt", beta, se, stat, Probabilities.normalTwoSided(stat),
                beta - z * se, beta + z * se);

        List<double[]> effects = new ArrayList<>();
        for (TwoByTwo t : tables) {
            if (!t.isDoubleZero()) {
                EffectSize e = Escalc.compute(measure, t);
                effects.add(new double[] {e.yi(), e.vi()});
            }
        }
        int kYi = effects.size();
        double qe = 0;
        for (double[] e : effects) {
            qe += (e[0] - beta) * (e[0] - beta) / e[1];
        }
        Heterogeneity het;
        if (kYi > 1) {
            qe = Math.max(0, qe);
            double i2 = qe > 0 ? Math.max(0, 100 * (qe - (kYi - 1)) / qe) : 0;
            het = new Heterogeneity(qe, kYi - 1, Probabilities.chiSquaredUpper(qe, kYi - 1), i2, qe / (kYi - 1), 0, null);
        } else {
            het = new Heterogeneity(0, 0, 1, 0, 1, 0, null);
        }
        double sumW = 0;
        for (double wi : w) {
            sumW += wi;
        }
        List<Double> weights = new ArrayList<>();
        for (double wi : w) {
            weights.add(100 * wi / sumW);
        }
        return new MhFit(measure, k, kYi, estimate, het, weights, cmh);
    }

    /** The Cochran–Mantel–Haenszel test of a common odds ratio of 1, with continuity correction (metafor's {@code correct = TRUE}). */
    private static OmnibusTest cochranMantelHaenszel(List<TwoByTwo> tables) {
        double dev = 0;
        double var = 0;
        double events = 0;
        double nonEvents = 0;
        for (TwoByTwo t : tables) {
            double n = t.n1i() + t.n2i();
            double xt = t.ai() + t.ci();
            double yt = t.bi() + t.di();
            events += xt;
            nonEvents += yt;
            dev += t.ai() - (t.n1i() / n) * xt;
            var += (t.n1i() / n) * (t.n2i() / n) * (xt * (yt / (n - 1)));
        }
        if (events == 0 || nonEvents == 0) {
            return null;
        }
        double stat = Math.pow(Math.abs(dev) - 0.5, 2) / var;
        return new OmnibusTest(stat, 1, null, Probabilities.chiSquaredUpper(stat, 1));
    }
}
