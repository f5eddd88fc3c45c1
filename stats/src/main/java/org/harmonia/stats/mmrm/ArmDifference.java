package org.harmonia.stats.mmrm;

import java.util.Objects;

/**
 * The difference of least-squares means between an arm and the reference arm at one visit, with a t test on
 * Satterthwaite degrees of freedom ({@code emmeans} {@code trt.vs.ctrl}, unadjusted).
 *
 * @param visit     the visit level
 * @param arm       the compared arm
 * @param reference the reference arm
 * @param term      a label such as {@code MSC - placebo, visit 48}
 * @param estimate  arm minus reference
 * @param se        its standard error
 * @param statistic estimate / se
 * @param df        Satterthwaite degrees of freedom
 * @param p         two-sided p-value
 * @param ciLow     lower end of the 95% confidence interval
 * @param ciHigh    upper end
 */
public record ArmDifference(String visit, String arm, String reference, String term, double estimate, double se,
                            double statistic, double df, double p, double ciLow, double ciHigh) {
    public ArmDifference {
        Objects.requireNonNull(visit, "visit");
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(term, "term");
    }
}
