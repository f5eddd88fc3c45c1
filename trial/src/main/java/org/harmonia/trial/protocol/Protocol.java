package org.harmonia.trial.protocol;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.harmonia.trial.eligibility.Criterion;
import org.harmonia.trial.eligibility.CriterionKind;
import org.harmonia.trial.eligibility.FieldError;
import org.harmonia.trial.eligibility.Rule;
import org.harmonia.trial.eligibility.ScreeningCheck;
import org.harmonia.trial.eligibility.ScreeningData;
import org.harmonia.trial.eligibility.ScreeningVariable;
import org.harmonia.trial.forms.FormDefinition;

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
        List<FormDefinition> forms,
        List<ScreeningVariable> screening,
        List<ScreeningCheck> screeningChecks,
        List<EligibilityCriterion> eligibility,
        List<SubTrial> subTrials,
        AnalysisPlan analysis,
        List<Assumption> assumptions,
        SourceDataVerificationPlan sourceDataVerification,
        ProtocolTranslations translations,
        List<EditCheck> editChecks,
        String sha256,
        MetaAnalysisPlan metaAnalysis) {

    public Protocol {
        interventions = List.copyOf(interventions);
        arms = List.copyOf(arms);
        epochs = List.copyOf(epochs);
        sequences = List.copyOf(sequences);
        visits = List.copyOf(visits);
        activities = List.copyOf(activities);
        objectives = List.copyOf(objectives);
        endpoints = List.copyOf(endpoints);
        forms = List.copyOf(forms);
        screening = List.copyOf(screening);
        screeningChecks = List.copyOf(screeningChecks);
        eligibility = List.copyOf(eligibility);
        subTrials = List.copyOf(subTrials);
        analysis = analysis == null ? AnalysisPlan.NONE : analysis;
        assumptions = List.copyOf(assumptions);
        sourceDataVerification = sourceDataVerification == null ? SourceDataVerificationPlan.NONE : sourceDataVerification;
        translations = translations == null ? ProtocolTranslations.NONE : translations;
        editChecks = editChecks == null ? List.of() : List.copyOf(editChecks);
    }

    /** The edit checks a protocol's data must pass across forms and visits. */
    public Optional<EditCheck> editCheck(String checkId) {
        return editChecks.stream().filter(c -> c.id().equals(checkId)).findFirst();
    }

    /** A text of this protocol in {@code language}, falling back to its English wording. */
    public String text(String language, String english) {
        return translations.text(language, english);
    }

    /**
     * Every text of the protocol that people read on screen and a translation may cover: labels of visits,
     * activities, forms, fields and screening data, their choices, the messages of checks, and the wording of
     * the criteria, the sub-trials' own included.
     */
    public Set<String> translatableTexts() {
        Set<String> out = new LinkedHashSet<>();
        visits.forEach(v -> out.add(v.label()));
        activities.forEach(a -> out.add(a.label()));
        for (FormDefinition f : forms) {
            out.add(f.label());
            f.fields().forEach(field -> {
                out.add(field.variable().label());
                out.addAll(field.variable().choices());
            });
            f.checks().forEach(c -> out.add(c.message()));
        }
        screening.forEach(v -> {
            out.add(v.label());
            out.addAll(v.choices());
        });
        screeningChecks.forEach(c -> out.add(c.message()));
        eligibility.forEach(c -> out.add(c.text()));
        subTrials.forEach(st -> st.eligibility().forEach(c -> out.add(c.text())));
        out.remove(null);
        return out;
    }

    public Optional<SubTrial> subTrial(String subTrialId) {
        return subTrials.stream().filter(s -> s.id().equals(subTrialId)).findFirst();
    }

    /** The sub-trial a site belongs to. */
    public Optional<SubTrial> subTrialOfSite(String siteId) {
        return subTrials.stream().filter(st -> st.sites().stream().anyMatch(site -> site.id().equals(siteId))).findFirst();
    }

    /** Every site of the study, sub-trial by sub-trial. */
    public List<String> siteIds() {
        return subTrials.stream().flatMap(st -> st.sites().stream()).map(Site::id).toList();
    }

    public Optional<Visit> visit(String visitId) {
        return visits.stream().filter(v -> v.id().equals(visitId)).findFirst();
    }

    /** The eligibility criteria that apply in a sub-trial (its own, or the master's with its amendments). */
    public List<EligibilityCriterion> eligibilityFor(String subTrialId) {
        return subTrial(subTrialId).map(SubTrial::eligibility)
                .orElseThrow(() -> new IllegalArgumentException("no sub-trial \"" + subTrialId + "\" in " + id));
    }

    /** The screening variables by name, as the eligibility engine reads them. */
    public Map<String, ScreeningVariable> screeningVariables() {
        Map<String, ScreeningVariable> out = new LinkedHashMap<>();
        screening.forEach(v -> out.put(v.name(), v));
        return out;
    }

    /**
     * The protocol's screening checks that the data break, given the screening date and the planned randomisation
     * date (either may be null: checks that read it do not apply then).
     */
    public List<FieldError> checkScreening(ScreeningData data, LocalDate screeningDate, LocalDate randomisationDate) {
        return ScreeningCheck.failures(screeningChecks, data, screeningVariables(), screeningDate, randomisationDate);
    }

    /**
     * The criteria of a sub-trial ready for the eligibility engine. A criterion limited by {@code when} holds
     * vacuously for the patients it does not concern (an inclusion is met, an exclusion is not).
     */
    public List<Criterion> criteria(String subTrialId) {
        return eligibilityFor(subTrialId).stream().map(Protocol::compile).toList();
    }

    static Criterion compile(EligibilityCriterion c) {
        String rule = c.when() == null ? c.rule()
                : c.kind() == CriterionKind.INCLUSION ? "not (" + c.when() + ") or (" + c.rule() + ")"
                : "(" + c.when() + ") and (" + c.rule() + ")";
        return new Criterion(c.id(), c.kind(), c.text(), Rule.parse(rule));
    }

    public Optional<FormDefinition> form(String formId) {
        return forms.stream().filter(f -> f.id().equals(formId)).findFirst();
    }

    /** Activities scheduled at the given visit, in protocol order. */
    public List<Activity> activitiesAt(String visitId) {
        return activities.stream().filter(a -> a.visitIds().contains(visitId)).toList();
    }
}
