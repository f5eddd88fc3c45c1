package org.harmonia.trial.eligibility;

import org.harmonia.stats.InvalidDataException;

/**
 * One eligibility criterion of a protocol: its id (e.g. "I1a", "E7"), the protocol's wording and the rule.
 * For an inclusion the rule states what must hold; for an exclusion it states the excluding condition as the
 * protocol words it, so a met exclusion excludes the patient (as on a paper CRF).
 */
public record Criterion(String id, CriterionKind kind, String text, Rule rule) {
    public Criterion {
        if (id == null || id.isBlank()) {
            throw new InvalidDataException("a criterion needs an id");
        }
        if (kind == null) {
            throw new InvalidDataException("criterion " + id + " is neither inclusion nor exclusion");
        }
        if (text == null || text.isBlank()) {
            throw new InvalidDataException("criterion " + id + " has no protocol wording");
        }
        if (rule == null) {
            throw new InvalidDataException("criterion " + id + " has no rule");
        }
    }
}
