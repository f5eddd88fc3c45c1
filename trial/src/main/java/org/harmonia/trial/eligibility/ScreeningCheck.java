package org.harmonia.trial.eligibility;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule the screening data of one patient must satisfy to be believable (relapses in 24 months include those
 * in 12, MS began after birth, history is not after the screening date); when the data definitely break it,
 * {@code message} is reported on {@code field} and the data are refused, so that no verdict rests on them.
 *
 * <p>Besides the screening variables a check may read two built-in dates: {@code screening_date} and
 * {@code randomisation_date} (the planned randomisation date; unknown while none is given).
 */
public record ScreeningCheck(String field, Rule rule, String message) {
    public static final String SCREENING_DATE = "screening_date";
    public static final String RANDOMISATION_DATE = "randomisation_date";
    /** Names a protocol cannot give its own screening variables. */
    public static final Set<String> BUILT_IN = Set.of(SCREENING_DATE, RANDOMISATION_DATE);

    public ScreeningCheck {
        if (field == null || rule == null || message == null || message.isBlank()) {
            throw new IllegalArgumentException("a screening check needs a field, a rule and a message");
        }
    }

    /** The variables a check may read: the protocol's screening variables and the built-in dates. */
    public static Map<String, ScreeningVariable> variables(Map<String, ScreeningVariable> screening) {
        Map<String, ScreeningVariable> all = new LinkedHashMap<>(screening);
        all.put(SCREENING_DATE, ScreeningVariable.of(SCREENING_DATE, VariableType.DATE, "screening date"));
        all.put(RANDOMISATION_DATE, ScreeningVariable.of(RANDOMISATION_DATE, VariableType.DATE, "planned randomisation date"));
        return all;
    }

    /**
     * The checks the data break, each as an error on its field with the facts that broke it. A check that reads a
     * value not entered does not apply.
     */
    public static List<FieldError> failures(List<ScreeningCheck> checks, ScreeningData data,
                                            Map<String, ScreeningVariable> screening, LocalDate screeningDate,
                                            LocalDate randomisationDate) {
        if (checks.isEmpty()) {
            return List.of();
        }
        Map<String, ScreeningValue> values = new LinkedHashMap<>(data.values());
        if (screeningDate != null) {
            values.put(SCREENING_DATE, new ScreeningValue.DateValue(screeningDate));
        }
        if (randomisationDate != null) {
            values.put(RANDOMISATION_DATE, new ScreeningValue.DateValue(randomisationDate));
        }
        List<Criterion> criteria = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            criteria.add(new Criterion("check " + (i + 1), CriterionKind.INCLUSION, checks.get(i).message(), checks.get(i).rule()));
        }
        EligibilityVerdict verdict = EligibilityEngine.evaluate(criteria, new ScreeningData(values), randomisationDate,
                variables(screening));
        List<FieldError> out = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            CriterionVerdict v = verdict.criteria().get(i);
            if (v.outcome() == CriterionOutcome.NOT_MET) {
                out.add(new FieldError(checks.get(i).field(), checks.get(i).message() + " (" + facts(v.reason()) + ")"));
            }
        }
        return out;
    }

    /** The facts of a reason without those another fact repeats ("onset 1980-01-01; onset 1980-01-01 is before ..."). */
    private static String facts(String reason) {
        List<String> parts = List.of(reason.split("; "));
        return String.join("; ", parts.stream()
                .filter(p -> parts.stream().noneMatch(other -> other.length() > p.length() && other.startsWith(p + " ")))
                .toList());
    }
}
