package org.harmonia.stats.mmrm;

import java.util.Arrays;
import java.util.Locale;
import org.harmonia.stats.InvalidDataException;

/**
 * How the residuals of one subject are correlated across visits.
 *
 * <p>Each structure is the model R's {@code nlme::gls} fits with the named correlation (and variance) classes:
 * the estimates of the covariance matrix are the same whatever the parameterisation, so the fit here uses its
 * own (unconstrained) one and reports the matrix.
 */
public enum CovarianceStructure {
    /** A free covariance matrix: {@code corSymm} with {@code varIdent} by visit. */
    UNSTRUCTURED("us", "unstructured"),
    /** One variance, one correlation between any two visits: {@code corCompSymm}. */
    COMPOUND_SYMMETRY("cs", "compound symmetry"),
    /** One variance, correlation rho^|j - k| between the j-th and k-th visits: {@code corAR1} on the visit index. */
    AR1("ar1", "first-order autoregressive");

    private final String code;
    private final String description;

    CovarianceStructure(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The short name used on the command line and in JSON: {@code us}, {@code cs}, {@code ar1}. */
    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** Reads {@code us}, {@code cs} or {@code ar1}; anything else is an error listing them. */
    public static CovarianceStructure parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (CovarianceStructure s : values()) {
            if (s.code.equals(t)) {
                return s;
            }
        }
        throw new InvalidDataException("unknown covariance structure \"" + text + "\"; use one of "
                + String.join(", ", Arrays.stream(values()).map(CovarianceStructure::code).toList()));
    }

    CovarianceModel model(int visits) {
        return switch (this) {
            case UNSTRUCTURED -> new CovarianceModel.Unstructured(visits);
            case COMPOUND_SYMMETRY -> new CovarianceModel.CompoundSymmetry(visits);
            case AR1 -> new CovarianceModel.Autoregressive(visits);
        };
    }
}
