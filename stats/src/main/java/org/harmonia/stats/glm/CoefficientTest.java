package org.harmonia.stats.glm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.harmonia.stats.InvalidDataException;

/** How the coefficients of a fitted model are tested and their confidence intervals formed. */
public enum CoefficientTest {
    /** Wald: estimate / model-based SE, with the interval of {@code confint.default} (t-based for gaussian). */
    WALD("wald"),
    /**
     * Likelihood ratio: each coefficient tested by refitting without it, with profile-likelihood intervals as
     * {@code MASS::confint} gives them.
     */
    LRT("lrt"),
    /** Wald with heteroskedasticity-consistent (sandwich) standard errors, as R's {@code sandwich::vcovHC}. */
    ROBUST("robust"),
    /**
     * Re-randomisation: the allocation procedure re-run many times with fresh seeds and the observed score
     * statistic of the compared term set against its re-randomisation distribution ({@link RerandomisationTest});
     * the other coefficients and every interval are Wald's.
     */
    RERANDOMISATION("rerandomisation");

    private final String label;

    CoefficientTest(String label) {
        this.label = label;
    }

    /** The name on the command line and in the analysis plan. */
    public String label() {
        return label;
    }

    public static CoefficientTest parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (CoefficientTest t : values()) {
            if (t.label.equals(n)) {
                return t;
            }
        }
        throw new InvalidDataException("unknown test \"" + name + "\"; expected one of: "
                + Arrays.stream(values()).map(CoefficientTest::label).collect(Collectors.joining(", ")));
    }
}
