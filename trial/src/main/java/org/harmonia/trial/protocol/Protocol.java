package org.harmonia.trial.protocol;

import java.util.List;
import java.util.Optional;

/**
 * A study protocol as code: the design, the schedule of activities, the eligibility criteria, the
 * objectives and endpoints, and the national sub-trials with their variants. Loaded and validated by
 * {@link ProtocolLoader}; immutable.
 */
public record Protocol(
        String id,
        String version,
        String acronym,
        String title,
        String phase,
        String condition,
        String sponsor,
        Design design,
        List<Intervention> interventions,
        List<Arm> arms,
        List<Epoch> epochs,
        List<Sequence> sequences,
        List<Visit> visits,
        List<Activity> activities,
        List<Objective> objectives,
        List<Endpoint> endpoints,
        List<ScreeningField> screening,
        List<EligibilityCriterion> eligibility,
        List<SubTrial> subTrials,
        List<String> assumptions,
        String sha256) {

    public Protocol {
        interventions = List.copyOf(interventions);
        arms = List.copyOf(arms);
        epochs = List.copyOf(epochs);
        sequences = List.copyOf(sequences);
        visits = List.copyOf(visits);
        activities = List.copyOf(activities);
        objectives = List.copyOf(objectives);
        endpoints = List.copyOf(endpoints);
        screening = List.copyOf(screening);
        eligibility = List.copyOf(eligibility);
        subTrials = List.copyOf(subTrials);
        assumptions = List.copyOf(assumptions);
    }

    public Optional<SubTrial> subTrial(String subTrialId) {
        return subTrials.stream().filter(s -> s.id().equals(subTrialId)).findFirst();
    }

    public Optional<Visit> visit(String visitId) {
        return visits.stream().filter(v -> v.id().equals(visitId)).findFirst();
    }

    /** The eligibility criteria that apply in a sub-trial (its own, or the master's with its amendments). */
    public List<EligibilityCriterion> eligibilityFor(String subTrialId) {
        return subTrial(subTrialId).map(SubTrial::eligibility)
                .orElseThrow(() -> new IllegalArgumentException("no sub-trial \"" + subTrialId + "\" in " + id));
    }

    /** Activities scheduled at the given visit, in protocol order. */
    public List<Activity> activitiesAt(String visitId) {
        return activities.stream().filter(a -> a.visitIds().contains(visitId)).toList();
    }
}
