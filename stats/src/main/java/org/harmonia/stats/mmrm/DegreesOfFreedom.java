package org.harmonia.stats.mmrm;

import java.util.Arrays;
import java.util.Locale;
import org.harmonia.stats.InvalidDataException;

/** How the degrees of freedom (and the covariance) of the fixed effects' t tests are found. */
public enum DegreesOfFreedom {
    /** Satterthwaite's approximation with the model-based covariance, as {@code emmeans(mode = "satterthwaite")}. */
    SATTERTHWAITE("satterthwaite"),
    /**
     * Kenward and Roger (1997): the covariance of the fixed effects adjusted for the estimated covariance parameters
     * and the matching degrees of freedom, as {@code pbkrtest::vcovAdj} and {@code get_Lb_ddf}, SAS's DDFM=KR.
     */
    KENWARD_ROGER("kenward-roger");

    private final String code;

    DegreesOfFreedom(String code) {
        this.code = code;
    }

    /** The name on the command line and in JSON: {@code satterthwaite}, {@code kenward-roger}. */
    public String code() {
        return code;
    }

    /** Reads {@code satterthwaite} or {@code kenward-roger}; anything else is an error listing them. */
    public static DegreesOfFreedom parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (DegreesOfFreedom d : values()) {
            if (d.code.equals(t)) {
                return d;
            }
        }
        throw new InvalidDataException("unknown degrees of freedom method \"" + text + "\"; use one of "
                + String.join(", ", Arrays.stream(values()).map(DegreesOfFreedom::code).toList()));
    }
}
