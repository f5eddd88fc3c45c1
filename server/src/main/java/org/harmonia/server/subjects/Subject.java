package org.harmonia.server.subjects;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.harmonia.trial.subject.SubjectStatus;

/** A subject of a study as stored: identity, site, lifecycle status, screening data and eligibility verdict. */
public record Subject(
        String studyId,
        String id,
        String siteId,
        String subTrialId,
        String protocolVersion,
        SubjectStatus status,
        LocalDate screeningDate,
        LocalDate plannedRandomisationDate,
        Map<String, String> screeningData,
        EligibilityResult eligibility,
        List<String> failedCriteria,
        LocalDate consentDate,
        LocalDate dayZero,
        LocalDate endDate,
        String endReason,
        boolean emergencyUnblinded,
        int version,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy) {

    public Subject {
        screeningData = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(screeningData));
        failedCriteria = List.copyOf(failedCriteria);
    }
}
