package org.harmonia.stats.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.harmonia.stats.InvalidDataException;

/** The Kaplan–Meier estimator with Greenwood standard errors, matching R's {@code survfit(Surv(time, status) ~ group)}. */
public final class KaplanMeier {
    private static final double[] QUANTILE_PROBABILITIES = {0.25, 0.5, 0.75};
    private static final double TOLERANCE = Math.sqrt(Math.ulp(1.0));

    private KaplanMeier() {
    }

    /** Curves by group (one curve for ungrouped data) with {@code confLevel} pointwise intervals of type {@code confType}. */
    public static KaplanMeierFit fit(SurvivalData data, ConfType confType, double confLevel) {
        if (!(confLevel > 0 && confLevel < 1)) {
            throw new InvalidDataException("confidence level must lie between 0 and 1, not " + confLevel);
        }
        SurvivalData fixed = data.withTimes(RValues.timefix(data.times()));
        double z = Distributions.normalQuantile(1 - (1 - confLevel) / 2);
        List<KaplanMeierCurve> curves = new ArrayList<>();
        if (!fixed.grouped()) {
            curves.add(curve("", fixed, allPositions(fixed.size()), confType, z));
        } else {
            for (String level : fixed.groups()) {
                curves.add(curve(level, fixed, fixed.positionsOf(level), confType, z));
            }
        }
        return new KaplanMeierFit(curves, confType.rName(), confLevel, data.droppedMissing());
    }

    private static int[] allPositions(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return all;
    }

    private static KaplanMeierCurve curve(String group, SurvivalData data, int[] positions, ConfType confType,
            double z) {
        int n = positions.length;
        double[] time = new double[n];
        int[] status = new int[n];
        for (int i = 0; i < n; i++) {
            time[i] = data.time(positions[i]);
            status[i] = data.status(positions[i]);
        }
        double[] distinct = Arrays.stream(time).distinct().sorted().toArray();
        List<KaplanMeierStep> steps = new ArrayList<>();
        double survival = 1;
        double greenwood = 0;
        int events = 0;
        for (double t : distinct) {
            int atRisk = 0;
            int died = 0;
            int censored = 0;
            for (int i = 0; i < n; i++) {
                if (time[i] >= t) {
                    atRisk++;
                }
                if (time[i] == t) {
                    if (status[i] == 1) {
                        died++;
                    } else {
                        censored++;
                    }
                }
            }
            events += died;
            if (died > 0) {
                survival *= (atRisk - died) / (double) atRisk;
                greenwood += died == atRisk ? Double.POSITIVE_INFINITY
                        : died / ((double) atRisk * (atRisk - died));
            }
            double seLog = Math.sqrt(greenwood);
            double[] ci = interval(survival, seLog, confType, z);
            steps.add(new KaplanMeierStep(t, atRisk, died, censored, survival,
                    finite(seLog * survival), finite(seLog), finite(ci[0]), finite(ci[1])));
        }
        double[] times = new double[steps.size()];
        double[] surv = new double[steps.size()];
        double[] lower = new double[steps.size()];
        double[] upper = new double[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            KaplanMeierStep s = steps.get(i);
            times[i] = s.time();
            surv[i] = s.survival();
            lower[i] = s.ciLow() == null ? Double.NaN : s.ciLow();
            upper[i] = s.ciHigh() == null ? Double.NaN : s.ciHigh();
        }
        SurvivalQuantile median = new SurvivalQuantile(0.5, printMedian(surv, times), printMedian(lower, times),
                printMedian(upper, times));
        List<SurvivalQuantile> quantiles = new ArrayList<>();
        for (double p : QUANTILE_PROBABILITIES) {
            quantiles.add(new SurvivalQuantile(p, findQuantile(times, surv, p), findQuantile(times, lower, p),
                    findQuantile(times, upper, p)));
        }
        return new KaplanMeierCurve(group, n, events, steps, median, quantiles);
    }

    private static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }

    /** survfit's pointwise limits (survfit_confint with ulimit = TRUE); NaN where R gives NA. */
    static double[] interval(double s, double seLog, ConfType type, double z) {
        switch (type) {
            case PLAIN -> {
                double half = seLog * s * z;
                return new double[] {Math.max(s - half, 0), Math.min(s + half, 1)};
            }
            case LOG -> {
                if (s == 0) {
                    return new double[] {Double.NaN, Double.NaN};
                }
                double half = z * seLog;
                return new double[] {Math.exp(Math.log(s) - half), Math.min(Math.exp(Math.log(s) + half), 1)};
            }
            case LOG_LOG -> {
                if (s == 0 || s == 1) {
                    return new double[] {Double.NaN, Double.NaN};
                }
                double half = z * seLog / Math.log(s);
                double ll = Math.log(-Math.log(s));
                return new double[] {Math.exp(-Math.exp(ll - half)), Math.exp(-Math.exp(ll + half))};
            }
            default -> throw new IllegalStateException(type.name());
        }
    }

    /**
     * The median as {@code print.survfit} finds it (survmean's rule): the first time the curve is at or below 0.5,
     * or, when it sits at exactly 0.5 and later drops, the midpoint between that time and the time of the drop.
     */
    static Double printMedian(double[] curve, double[] time) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < curve.length; i++) {
            if (!Double.isNaN(curve[i]) && curve[i] < 0.5 + TOLERANCE) {
                kept.add(i);
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        int first = kept.get(0);
        double y1 = curve[first];
        if (Math.abs(y1 - 0.5) < TOLERANCE) {
            for (int k : kept) {
                if (curve[k] < y1) {
                    return (time[first] + time[k]) / 2;
                }
            }
        }
        return time[first];
    }

    /**
     * A quantile as {@code quantile.survfit} finds it (survival's internal {@code findq}): on a flat segment at exactly
     * the probability it takes the midpoint of the segment, running to the last time when the curve ends there.
     */
    static Double findQuantile(double[] time, double[] curve, double p) {
        int n0 = time.length + 1;
        double[] x = new double[n0];
        double[] y = new double[n0];
        x[0] = 0;
        y[0] = 0;
        double maxY = 0;
        for (int i = 0; i < time.length; i++) {
            x[i + 1] = time[i];
            y[i + 1] = 1 - curve[i];
            if (!Double.isNaN(y[i + 1])) {
                maxY = Math.max(maxY, y[i + 1]);
            }
        }
        if (maxY < p) {
            return null;
        }
        double xmax = x[n0 - 1];
        // drop repeated values of y (R's duplicated(), where NA repeats NA), keeping the first
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < n0; i++) {
            boolean dup = false;
            for (double seen : ys) {
                if (seen == y[i] || (Double.isNaN(seen) && Double.isNaN(y[i]))) {
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        int n = ys.size();
        int i1 = constantStepIndex(ys, TOLERANCE, p);
        int i2 = constantStepIndex(ys, -TOLERANCE, p);
        double quant = i1 < 0 || i2 < 0 ? Double.NaN : (xs.get(i1) + xs.get(i2)) / 2;
        double last = ys.get(n - 1);
        if (!Double.isNaN(last) && Math.abs(p - last) < TOLERANCE) {
            quant = i1 < 0 ? Double.NaN : (xs.get(i1) + xmax) / 2;
        }
        return Double.isNaN(quant) ? null : quant;
    }

    /**
     * R's {@code approx(y + shift, seq_along(y), p, method = "constant", f = 1)}: the position of the first
     * (non-missing) y + shift at or above p, or -1 when p is outside their range.
     */
    private static int constantStepIndex(List<Double> ys, double shift, double p) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < ys.size(); i++) {
            if (!Double.isNaN(ys.get(i))) {
                idx.add(i);
            }
        }
        idx.sort((a, b) -> Double.compare(ys.get(a), ys.get(b)));
        if (idx.isEmpty() || p < ys.get(idx.get(0)) + shift || p > ys.get(idx.get(idx.size() - 1)) + shift) {
            return -1;
        }
        for (int i : idx) {
            if (ys.get(i) + shift >= p) {
                return i;
            }
        }
        return -1;
    }
}
