package org.harmonia.trial.randomisation;

/** One blinded kit: the number on its label and the arm whose product it holds (known only to the unblinded). */
public record Kit(KitNumber number, String armId) {
    public Kit {
        if (number == null || armId == null || armId.isBlank()) {
            throw new RandomisationException("a kit needs a number and the arm it holds");
        }
    }
}
