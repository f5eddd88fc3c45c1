package org.harmonia.trial.protocol;

import org.harmonia.trial.eligibility.CriterionKind;

/**
 * An eligibility criterion as the protocol states it: its wording for people and its rule for the
 * engine; {@code when} (may be null) limits it to some patients, e.g. one MS phenotype.
 */
public record EligibilityCriterion(String id, CriterionKind kind, String text, String when, String rule) {
}
