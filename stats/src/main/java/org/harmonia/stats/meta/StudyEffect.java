package org.harmonia.stats.meta;

/**
 * One study's line in the output: its effect size with a 95% normal CI (and exp of them for RR, OR) and its
 * weight in percent. The effect is absent for a double-zero table under Mantel–Haenszel, which leaves it out.
 */
public record StudyEffect(String study, int row, Double yi, Double vi, Double ciLow, Double ciHigh,
        Double expYi, Double expCiLow, Double expCiHigh, double weight) {

    static StudyEffect of(Study s, EffectSize e, double weight, EffectMeasure measure) {
        if (e == null) {
            return new StudyEffect(s.label(), s.row(), null, null, null, null, null, null, null, weight);
        }
        double half = Probabilities.normalCritical() * e.sei();
        double lo = e.yi() - half;
        double hi = e.yi() + half;
        boolean exp = measure.logScale();
        return new StudyEffect(s.label(), s.row(), e.yi(), e.vi(), lo, hi,
                exp ? Math.exp(e.yi()) : null, exp ? Math.exp(lo) : null, exp ? Math.exp(hi) : null, weight);
    }
}
