package org.harmonia.trial.protocol;

import java.time.LocalDate;

/** A registration of a (sub-)trial in a public registry (ClinicalTrials.gov, EudraCT...). */
public record Registration(String registry, String id, LocalDate date, String note) {
}
