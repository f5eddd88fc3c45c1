package org.harmonia.server.locks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a lock covers: one form record, a subject's whole casebook, or the whole study (the database lock). */
public enum LockScope {
    FORM_RECORD("form-record"),
    SUBJECT("subject"),
    STUDY("study");

    private final String word;

    LockScope(String word) {
        this.word = word;
    }

    /** How the API spells the scope in a request: {@code form-record}, {@code subject}, {@code study}. */
    public String word() {
        return word;
    }

    public static Optional<LockScope> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.word.equals(t) || s.name().toLowerCase(Locale.ROOT).equals(t)).findFirst();
    }
}
