package org.harmonia.server.reports;

import java.util.Locale;

/** How every report writes its numbers: fixed decimals, and a p-value to three decimals or as {@code <0.001}. */
public final class ReportNumbers {
    private ReportNumbers() {
    }

    /** The value with this many decimals, whatever the locale. */
    public static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** A p-value: three decimals, or {@code <0.001}. */
    public static String p(double p) {
        return p < 0.001 ? "<0.001" : fmt(p, 3);
    }
}
