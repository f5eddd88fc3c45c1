package org.harmonia.trial.eligibility;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.trial.eligibility.RuleEvaluator.Truth;

/** Decides a patient's eligibility from the protocol's criteria and the screening data a site entered. */
public final class EligibilityEngine {

    private EligibilityEngine() {
    }

    /**
     * A verdict per criterion and overall. Without a randomisation date, criteria that need it cannot be told.
     * Criteria whose rules do not fit the variables are refused, all of them listed in one message.
     */
    public static EligibilityVerdict evaluate(List<Criterion> criteria, ScreeningData data, LocalDate randomisationDate,
            Map<String, ScreeningVariable> variables) {
        var problems = new ArrayList<String>();
        for (Criterion criterion : criteria) {
            criterion.rule().check(variables).forEach(p -> problems.add("criterion " + criterion.id() + ": " + p));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDataException(String.join("\n", problems));
        }
        var evaluator = new RuleEvaluator(variables, data, randomisationDate);
        var verdicts = new ArrayList<CriterionVerdict>();
        for (Criterion criterion : criteria) {
            Truth truth = evaluator.condition(criterion.rule().expr());
            verdicts.add(verdict(criterion, truth, variables));
        }
        return new EligibilityVerdict(verdicts);
    }

    private static CriterionVerdict verdict(Criterion criterion, Truth truth,
            Map<String, ScreeningVariable> variables) {
        return switch (truth.value()) {
            case TRUE -> new CriterionVerdict(criterion.id(), criterion.kind(), criterion.text(), CriterionOutcome.MET,
                    String.join("; ", truth.facts()), List.of(), false);
            case FALSE -> new CriterionVerdict(criterion.id(), criterion.kind(), criterion.text(),
                    CriterionOutcome.NOT_MET, String.join("; ", truth.facts()), List.of(), false);
            case UNKNOWN -> {
                Unknowns unknowns = truth.unknowns();
                var lacking = new ArrayList<String>();
                unknowns.variables().forEach(name -> lacking.add(variables.get(name).label()));
                if (unknowns.randomisationDate()) {
                    lacking.add("randomisation date");
                }
                var parts = new ArrayList<String>();
                if (!lacking.isEmpty()) {
                    parts.add("missing: " + String.join(", ", lacking));
                }
                parts.addAll(unknowns.undefined());
                yield new CriterionVerdict(criterion.id(), criterion.kind(), criterion.text(),
                        CriterionOutcome.CANNOT_TELL, String.join("; ", parts), List.copyOf(unknowns.variables()),
                        unknowns.randomisationDate());
            }
        };
    }
}
