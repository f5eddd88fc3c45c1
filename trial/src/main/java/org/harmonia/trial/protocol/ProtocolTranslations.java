package org.harmonia.trial.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The protocol's texts for people (visit, form, field and choice labels, criterion wording, check messages) in
 * other languages than English, keyed by the English text they translate, as gettext keys messages. Keying by
 * the text itself means a changed English wording no longer matches its translation, and the loader refuses
 * the file until the translation is updated, instead of showing a stale one. A text without a translation is
 * shown in English.
 */
public record ProtocolTranslations(Map<String, Map<String, String>> byLanguage) {
    public static final ProtocolTranslations NONE = new ProtocolTranslations(Map.of());
    /** An ISO 639-1 language code, as pages name their language. */
    public static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");

    public ProtocolTranslations {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        byLanguage.forEach((language, texts) -> {
            if (!LANGUAGE.matcher(language).matches() || "en".equals(language)) {
                throw new IllegalArgumentException("not a language to translate into: " + language);
            }
            texts.forEach((english, translated) -> {
                if (english == null || english.isBlank() || translated == null || translated.isBlank()) {
                    throw new IllegalArgumentException("an empty text in the " + language + " translations");
                }
            });
            copy.put(language, Map.copyOf(texts));
        });
        byLanguage = Map.copyOf(copy);
    }

    /** The text in {@code language}, or the English text when the protocol does not translate it. */
    public String text(String language, String english) {
        if (english == null || language == null) {
            return english;
        }
        Map<String, String> texts = byLanguage.get(language);
        return texts == null ? english : texts.getOrDefault(english, english);
    }

    public Set<String> languages() {
        return byLanguage.keySet();
    }

    /** How many texts the protocol translates into {@code language}. */
    public int count(String language) {
        Map<String, String> texts = byLanguage.get(language);
        return texts == null ? 0 : texts.size();
    }
}
