package org.harmonia.stats.survival;

/**
 * One distinct time of a Kaplan–Meier curve, as a row of survfit. {@code se} is the Greenwood standard error of
 * S(t) (what {@code summary.survfit} prints); {@code seLogSurvival} is survfit's {@code std.err} component, the
 * standard error of log S(t) (equivalently of the cumulative hazard). A null value is one R reports as NA or Inf
 * (after the curve reaches 0). {@code ciLow}/{@code ciHigh} are the pointwise interval of S(t).
 */
public record KaplanMeierStep(double time, int nRisk, int nEvent, int nCensor, double survival, Double se,
        Double seLogSurvival, Double ciLow, Double ciHigh) {

    public KaplanMeierStep {
        if (nRisk < 1 || nEvent < 0 || nCensor < 0 || nEvent + nCensor > nRisk) {
            throw new IllegalArgumentException("inconsistent counts at time " + time);
        }
        if (!(survival >= 0 && survival <= 1)) {
            throw new IllegalArgumentException("survival must lie in [0, 1]: " + survival);
        }
    }
}
