package org.harmonia.stats.glm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.harmonia.stats.InvalidDataException;

/** The error distribution and link of a generalised linear model, named as on the command line. */
public enum Family {
    /** Normal errors, identity link: ordinary least squares with t-based inference as R's {@code lm}. */
    GAUSSIAN("gaussian", "identity"),
    /** Bernoulli 0/1 response, logit link. */
    BINOMIAL("binomial", "logit"),
    /** Poisson counts, log link. */
    POISSON("poisson", "log"),
    /** Negative binomial (NB2) counts, log link, theta estimated by maximum likelihood as {@code MASS::glm.nb}. */
    NEGBIN("negbin", "log");

    private final String label;
    private final String link;

    Family(String label, String link) {
        this.label = label;
        this.link = link;
    }

    /** The name used in output and on the command line ({@code negbin}, {@code poisson}, ...). */
    public String label() {
        return label;
    }

    public String link() {
        return link;
    }

    /** True for the families whose response must be a count. */
    public boolean countResponse() {
        return this == POISSON || this == NEGBIN;
    }

    /** The family of that name; {@code nb} and {@code logistic} are accepted as synonyms. */
    public static Family parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        switch (n) {
            case "nb", "negative-binomial", "negativebinomial" -> {
                return NEGBIN;
            }
            case "logistic", "logit" -> {
                return BINOMIAL;
            }
            case "normal", "linear" -> {
                return GAUSSIAN;
            }
            default -> {
                for (Family f : values()) {
                    if (f.label.equals(n)) {
                        return f;
                    }
                }
            }
        }
        throw new InvalidDataException("unknown family \"" + name + "\"; expected one of: "
                + Arrays.stream(values()).map(Family::label).collect(Collectors.joining(", ")));
    }
}
