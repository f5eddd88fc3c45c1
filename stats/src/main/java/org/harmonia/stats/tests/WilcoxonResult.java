package org.harmonia.stats.tests;

/**
 * The outcome of a Wilcoxon test as R reports it: {@code method} is R's title, {@code statisticName} is
 * {@code V} (signed rank) or {@code W} (rank sum), {@code pMethod} says how the p-value was found
 * ({@code exact}, {@code normal approximation with continuity correction} or {@code normal approximation}).
 *
 * <p>{@code n} is the number of non-zero differences (signed rank) or the size of x (rank sum), {@code nY}
 * the size of y (0 for signed rank); {@code zerosDropped} counts the differences equal to mu that the signed
 * rank test leaves out; {@code ties} says whether tied ranks occurred.
 */
public record WilcoxonResult(
        String method,
        Alternative alternative,
        double mu,
        String statisticName,
        double statistic,
        double p,
        boolean exact,
        String pMethod,
        int n,
        int nY,
        int zerosDropped,
        boolean ties) {
}
