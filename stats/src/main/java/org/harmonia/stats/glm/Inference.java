package org.harmonia.stats.glm;

import java.util.Objects;

/**
 * The inference asked of a fit: the test and, for robust standard errors, which sandwich.
 *
 * @param test       Wald, likelihood ratio or robust Wald
 * @param robustType the sandwich for {@link CoefficientTest#ROBUST}, null for the others
 */
public record Inference(CoefficientTest test, RobustType robustType) {
    /** Today's default: Wald tests and intervals from the model-based covariance. */
    public static final Inference WALD = new Inference(CoefficientTest.WALD, null);
    public static final Inference LRT = new Inference(CoefficientTest.LRT, null);
    /** The default of {@code sandwich::vcovHC}, HC3. */
    public static final RobustType DEFAULT_ROBUST_TYPE = RobustType.HC3;

    public Inference {
        Objects.requireNonNull(test, "test");
        if (test == CoefficientTest.ROBUST && robustType == null) {
            robustType = DEFAULT_ROBUST_TYPE;
        }
        if (test != CoefficientTest.ROBUST && robustType != null) {
            throw new IllegalArgumentException("a robust type belongs to the robust test only, not to " + test.label());
        }
    }

    public static Inference robust(RobustType type) {
        return new Inference(CoefficientTest.ROBUST, type);
    }

    /** From the names on the command line or in the plan; the type may be null (HC3 for robust). */
    public static Inference parse(String test, String robustType) {
        CoefficientTest t = CoefficientTest.parse(test);
        if (robustType != null && t != CoefficientTest.ROBUST) {
            throw new org.harmonia.stats.InvalidDataException("a robust type (" + robustType
                    + ") goes with the robust test only, not with " + t.label());
        }
        return new Inference(t, robustType == null ? null : RobustType.parse(robustType));
    }

    /** A short description for output: "wald", "lrt", "robust (hc3)". */
    public String label() {
        return robustType == null ? test.label() : test.label() + " (" + robustType.label() + ")";
    }
}
