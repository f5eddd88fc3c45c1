package org.harmonia.server.signatures;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a signature means (21 CFR 11.50(a)(3)), stated with it on every page and in every record. The text is the
 * legal wording kept with the signature; pages show it in their language.
 */
public enum SignatureMeaning {
    ACCURATE_AND_COMPLETE("accurate-and-complete", "I confirm the data are accurate and complete");

    private final String word;
    private final String text;

    SignatureMeaning(String word, String text) {
        this.word = word;
        this.text = text;
    }

    public String word() {
        return word;
    }

    public String text() {
        return text;
    }

    public static Optional<SignatureMeaning> parse(String given) {
        if (given == null) {
            return Optional.empty();
        }
        String t = given.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.word.equals(t) || m.name().toLowerCase(Locale.ROOT).equals(t)).findFirst();
    }
}
