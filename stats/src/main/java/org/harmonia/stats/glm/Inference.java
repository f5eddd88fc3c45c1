package org.harmonia.stats.glm;

import java.util.Objects;
import org.harmonia.stats.InvalidDataException;

/**
 * The inference asked of a fit: the test and, for robust standard errors, which sandwich; for the re-randomisation
 * test, how many re-randomisations and from which seed.
 *
 * @param test             Wald, likelihood ratio, robust Wald or re-randomisation
 * @param robustType       the sandwich for {@link CoefficientTest#ROBUST}, null for the others
 * @param rerandomisations for {@link CoefficientTest#RERANDOMISATION} the number of re-randomisations (default
 *                         10,000), null for the others
 * @param seed             for {@link CoefficientTest#RERANDOMISATION} the seed of the re-randomisations, or null when
 *                         the caller draws one; null for the other tests
 */
public record Inference(CoefficientTest test, RobustType robustType, Integer rerandomisations, Long seed) {
    /** Today's default: Wald tests and intervals from the model-based covariance. */
    public static final Inference WALD = new Inference(CoefficientTest.WALD, null);
    public static final Inference LRT = new Inference(CoefficientTest.LRT, null);
    /** The default of {@code sandwich::vcovHC}, HC3. */
    public static final RobustType DEFAULT_ROBUST_TYPE = RobustType.HC3;
    /** Re-randomisations when none are asked for: a p-value near 0.05 then has a Monte Carlo SE of 0.0022. */
    public static final int DEFAULT_RERANDOMISATIONS = 10_000;
    /** Fewer could not tell a p-value of 0.05 from 0.04. */
    public static final int MIN_RERANDOMISATIONS = 100;
    public static final int MAX_RERANDOMISATIONS = 10_000_000;

    public Inference {
        Objects.requireNonNull(test, "test");
        if (test == CoefficientTest.ROBUST && robustType == null) {
            robustType = DEFAULT_ROBUST_TYPE;
        }
        if (test != CoefficientTest.ROBUST && robustType != null) {
            throw new IllegalArgumentException("a robust type belongs to the robust test only, not to " + test.label());
        }
        if (test == CoefficientTest.RERANDOMISATION) {
            if (rerandomisations == null) {
                rerandomisations = DEFAULT_RERANDOMISATIONS;
            }
            if (rerandomisations < MIN_RERANDOMISATIONS || rerandomisations > MAX_RERANDOMISATIONS) {
                throw new InvalidDataException("the number of re-randomisations must be between " + MIN_RERANDOMISATIONS
                        + " and " + MAX_RERANDOMISATIONS + "; got " + rerandomisations);
            }
        } else if (rerandomisations != null || seed != null) {
            throw new IllegalArgumentException("re-randomisations and their seed belong to the re-randomisation test only, not to "
                    + test.label());
        }
    }

    public Inference(CoefficientTest test, RobustType robustType) {
        this(test, robustType, null, null);
    }

    public static Inference robust(RobustType type) {
        return new Inference(CoefficientTest.ROBUST, type);
    }

    /** The re-randomisation test with {@code rerandomisations} re-randomisations (null: 10,000) from {@code seed} (null: the caller draws one). */
    public static Inference rerandomisation(Integer rerandomisations, Long seed) {
        return new Inference(CoefficientTest.RERANDOMISATION, null, rerandomisations, seed);
    }

    /** From the names on the command line or in the plan; the type may be null (HC3 for robust). */
    public static Inference parse(String test, String robustType) {
        CoefficientTest t = CoefficientTest.parse(test);
        if (robustType != null && t != CoefficientTest.ROBUST) {
            throw new InvalidDataException("a robust type (" + robustType
                    + ") goes with the robust test only, not with " + t.label());
        }
        return new Inference(t, robustType == null ? null : RobustType.parse(robustType));
    }

    /** A short description for output: "wald", "lrt", "robust (hc3)", "rerandomisation (10000)". */
    public String label() {
        if (test == CoefficientTest.RERANDOMISATION) {
            return test.label() + " (" + rerandomisations + ")";
        }
        return robustType == null ? test.label() : test.label() + " (" + robustType.label() + ")";
    }
}
