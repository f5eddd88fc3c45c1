package org.harmonia.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the pages speak: those of the MESEMS sub-trials' countries. Each is named in itself in the
 * language menu, so a user who cannot read the current language still finds their own.
 */
public enum Language {
    EN("English"), IT("Italiano"), ES("Español"), FR("Français"), DE("Deutsch"), SV("Svenska"), DA("Dansk");

    private final String nativeName;

    Language(String nativeName) {
        this.nativeName = nativeName;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String nativeName() {
        return nativeName;
    }

    public Locale locale() {
        return Locale.forLanguageTag(code());
    }

    public static Optional<Language> ofCode(String code) {
        return Arrays.stream(values()).filter(l -> l.code().equals(code)).findFirst();
    }

    /** The first language of the browser's Accept-Language list that the pages speak, else English. */
    public static Language preferredBy(HttpServletRequest request) {
        for (Locale l : Collections.list(request.getLocales())) {
            Optional<Language> known = ofCode(l.getLanguage());
            if (known.isPresent()) {
                return known.get();
            }
        }
        return EN;
    }
}
