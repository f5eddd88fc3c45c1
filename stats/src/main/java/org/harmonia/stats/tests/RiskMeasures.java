package org.harmonia.stats.tests;

import org.harmonia.stats.InvalidDataException;

/**
 * Risk ratio, risk difference and odds ratio from a 2 x 2 table whose rows are the groups and whose columns
 * are (event, no event): a, b in group 1 and c, d in group 2. The names and variances are those of metafor's
 * {@code escalc(measure = "RR" | "RD" | "OR", ai, bi, ci, di)}.
 *
 * <ul>
 *   <li>RR = (a/n1) / (c/n2), var(log RR) = 1/a - 1/n1 + 1/c - 1/n2, interval exp(log RR +- z sqrt(var));</li>
 *   <li>OR = ad / (bc), var(log OR) = 1/a + 1/b + 1/c + 1/d, interval likewise on the log scale;</li>
 *   <li>RD = a/n1 - c/n2, var = p1(1 - p1)/n1 + p2(1 - p2)/n2, interval RD +- z sqrt(var).</li>
 * </ul>
 * When a cell is zero the log ratios are infinite, so 1/2 is added to all four cells for RR and OR (escalc's
 * default {@code add = 1/2, to = "only0"}). RD is finite with a zero cell and is never corrected.
 */
public final class RiskMeasures {
    private RiskMeasures() {
    }

    public static RiskResult compute(ContingencyTable table, double confLevel) {
        if (!table.isTwoByTwo()) {
            throw new InvalidDataException("risk measures need a 2 x 2 table (groups by event / no event); this one is "
                    + table.rows() + " x " + table.columns());
        }
        ConfidenceInterval.checkLevel(confLevel);
        for (int i = 0; i < 2; i++) {
            if (table.rowTotal(i) == 0) {
                throw new InvalidDataException("group " + table.rowLevels().get(i)
                        + " has no patients; its risk is undefined");
            }
        }
        double z = Distributions.normalQuantile(1 - (1 - confLevel) / 2);
        long a = table.count(0, 0);
        long b = table.count(0, 1);
        long c = table.count(1, 0);
        long d = table.count(1, 1);
        double n1 = a + b;
        double n2 = c + d;
        double p1 = a / n1;
        double p2 = c / n2;

        boolean zero = a == 0 || b == 0 || c == 0 || d == 0;
        double k = zero ? 0.5 : 0;
        double ca = a + k;
        double cb = b + k;
        double cc = c + k;
        double cd = d + k;

        double logRr = Math.log((ca / (ca + cb)) / (cc / (cc + cd)));
        double varRr = 1 / ca - 1 / (ca + cb) + 1 / cc - 1 / (cc + cd);
        double logOr = Math.log(ca * cd / (cb * cc));
        double varOr = 1 / ca + 1 / cb + 1 / cc + 1 / cd;
        double rd = p1 - p2;
        double varRd = p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2;

        return new RiskResult(a, (long) n1, c, (long) n2, p1, p2,
                logScale(logRr, varRr, z, confLevel),
                new RiskEstimate(rd, varRd, new ConfidenceInterval(rd - z * Math.sqrt(varRd),
                        rd + z * Math.sqrt(varRd), confLevel)),
                logScale(logOr, varOr, z, confLevel),
                zero);
    }

    private static RiskEstimate logScale(double log, double variance, double z, double level) {
        double half = z * Math.sqrt(variance);
        return new RiskEstimate(Math.exp(log), variance,
                new ConfidenceInterval(Math.exp(log - half), Math.exp(log + half), level));
    }
}
