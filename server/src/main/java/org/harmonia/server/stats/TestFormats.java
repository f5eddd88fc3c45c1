package org.harmonia.server.stats;

import java.util.Locale;
import org.harmonia.server.cli.UsageException;

/** Number parsing of options and number printing shared by the classical-test commands. */
final class TestFormats {
    private TestFormats() {
    }

    /** A number typed for an option; anything else is a usage error naming the option. */
    static double number(String text, String option) {
        try {
            double v = Double.parseDouble(text.strip());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " \"" + text + "\" is not a number");
    }

    /** Six significant digits, as people read a result. */
    static String num(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v).replaceFirst("(\\.\\d*?)0+($|e)", "$1$2").replace(".e", "e")
                .replaceFirst("\\.$", "");
    }

    /** A p-value as R prints it: four significant digits, and below machine precision as "< 2.2e-16". */
    static String p(double v) {
        if (v < 2.2e-16) {
            return "< 2.2e-16";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** Confidence level as a percentage ("95 percent"). */
    static String percent(double level) {
        return num(level * 100) + " percent";
    }
}
