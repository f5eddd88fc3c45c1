package org.harmonia.trial.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.harmonia.trial.eligibility.Criterion;
import org.harmonia.trial.eligibility.CriterionKind;
import org.harmonia.trial.eligibility.CriterionOutcome;
import org.harmonia.trial.eligibility.CriterionVerdict;
import org.harmonia.trial.eligibility.EligibilityEngine;
import org.harmonia.trial.eligibility.Rule;
import org.harmonia.trial.eligibility.ScreeningData;
import org.harmonia.trial.eligibility.ScreeningValue;
import org.harmonia.trial.eligibility.ScreeningVariable;

/**
 * A data manager's edit check across forms and visits of one subject ("an EDSS at week 24 needs the week-24 visit"):
 * named values drawn from the subject's saved forms and recorded visits, a rule of the eligibility language that
 * must hold over them, and the value whose field a query is raised on when the data definitely break it.
 *
 * @param values    the names the rule reads, each a field of a form at a visit or the date of a visit
 * @param variables the same names as typed rule variables (labels say which visit), for the rule and its reasons
 * @param queryOn   the name of the form value the query is raised on
 */
public record EditCheck(String id, String text, Map<String, CheckedValue> values, Map<String, ScreeningVariable> variables,
                        Rule rule, String queryOn) {

    public EditCheck {
        if (id == null || text == null || text.isBlank() || rule == null) {
            throw new IllegalArgumentException("an edit check needs an id, a text and a rule");
        }
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        CheckedValue target = values.get(queryOn);
        if (target == null || target.form() == null) {
            throw new IllegalArgumentException("edit check " + id + " raises its query on \"" + queryOn
                    + "\", which must be one of its form values");
        }
    }

    /**
     * One value an edit check reads: {@code field} of the one record of {@code form} at {@code visit}; or, without a
     * form, the date the visit was recorded as done ({@code never} when it was recorded as missed, missing when nothing
     * is recorded).
     */
    public record CheckedValue(String visit, String form, String field) {
        public CheckedValue {
            if (visit == null || (form == null) != (field == null)) {
                throw new IllegalArgumentException("a checked value is a visit, or a form's field at a visit");
            }
        }

        public boolean visitDate() {
            return form == null;
        }
    }

    /** The forms the check reads, for running it when one of them is saved. */
    public List<String> forms() {
        return values.values().stream().map(CheckedValue::form).filter(f -> f != null).distinct().toList();
    }

    /**
     * The check over one subject's values: the facts that broke it when the data definitely break it, empty when it
     * holds or cannot be told (a value it needs is missing), as a form's own checks do.
     */
    public Optional<String> finding(Map<String, ScreeningValue> subjectValues) {
        CriterionVerdict v = EligibilityEngine.evaluate(List.of(new Criterion(id, CriterionKind.INCLUSION, text, rule)),
                new ScreeningData(subjectValues), null, variables).criteria().get(0);
        return v.outcome() == CriterionOutcome.NOT_MET ? Optional.of(v.reason()) : Optional.empty();
    }
}
