package org.harmonia.stats.meta;

/**
 * Study effect sizes from 2×2 tables as metafor's {@code escalc} computes them with its defaults
 * ({@code add = 1/2, to = "only0", vtype = "LS"}).
 */
public final class Escalc {
    /** Added to every cell of a table with a zero cell, so logs and variances stay finite (metafor's default). */
    public static final double CONTINUITY_CORRECTION = 0.5;

    private Escalc() {
    }

    /**
     * The effect size of one table; double-zero tables are kept and corrected like any other
     * table with a zero cell, as {@code escalc(drop00 = FALSE)} does.
     */
    public static EffectSize compute(EffectMeasure measure, TwoByTwo table) {
        TwoByTwo t = table.hasZeroCell() ? table.plus(CONTINUITY_CORRECTION) : table;
        double n1 = t.n1i();
        double n2 = t.n2i();
        double p1 = t.ai() / n1;
        double p2 = t.ci() / n2;
        return switch (measure) {
            case RR -> new EffectSize(Math.log(p1) - Math.log(p2), 1 / t.ai() - 1 / n1 + 1 / t.ci() - 1 / n2);
            case OR -> new EffectSize(Math.log(p1 / (1 - p1)) - Math.log(p2 / (1 - p2)),
                    1 / t.ai() + 1 / t.bi() + 1 / t.ci() + 1 / t.di());
            case RD -> new EffectSize(p1 - p2, p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
            case GEN -> throw new IllegalArgumentException("GEN effect sizes are given, not computed from counts");
        };
    }
}
