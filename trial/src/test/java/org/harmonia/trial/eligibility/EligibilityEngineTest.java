package org.harmonia.trial.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;

/** The overall verdict: inclusions must be met and exclusions not met; otherwise it says what is missing. */
class EligibilityEngineTest {
    private static final Map<String, ScreeningVariable> VARIABLES = RuleScreening.VARIABLES;
    private static final List<Criterion> CRITERIA = List.of(
            new Criterion("I1", CriterionKind.INCLUSION, "EDSS 3.0 to 6.5", Rule.parse("edss between 3.0 and 6.5")),
            new Criterion("I2", CriterionKind.INCLUSION, "Oligoclonal bands", Rule.parse("oligoclonal_bands")),
            new Criterion("E1", CriterionKind.EXCLUSION, "Recent dose", Rule.parse("within(last_dose, 30 days)")),
            new Criterion("E2", CriterionKind.EXCLUSION, "Renal", Rule.parse("egfr < 60")));

    private static EligibilityVerdict screen(Map<String, String> raw) {
        return EligibilityEngine.evaluate(CRITERIA, ScreeningData.parse(raw, VARIABLES), RuleScreening.RANDOMISATION,
                VARIABLES);
    }

    @Test
    void isEligibleWhenEveryInclusionIsMetAndNoExclusion() {
        EligibilityVerdict v = screen(Map.of("edss", "4.0", "oligoclonal_bands", "yes", "last_dose", "never",
                "egfr", "80"));
        assertThat(v.outcome()).isEqualTo(EligibilityOutcome.ELIGIBLE);
        assertThat(v.criteria()).extracting(CriterionVerdict::outcome).containsExactly(CriterionOutcome.MET,
                CriterionOutcome.MET, CriterionOutcome.NOT_MET, CriterionOutcome.NOT_MET);
        assertThat(v.criteria()).extracting(CriterionVerdict::text).containsExactly("EDSS 3.0 to 6.5",
                "Oligoclonal bands", "Recent dose", "Renal");
    }

    @Test
    void isNotEligibleWhenAnInclusionFailsOrAnExclusionHolds() {
        EligibilityVerdict v = screen(Map.of("edss", "4.0", "oligoclonal_bands", "no", "egfr", "45"));
        assertThat(v.outcome()).isEqualTo(EligibilityOutcome.NOT_ELIGIBLE);
        assertThat(v.failed()).extracting(CriterionVerdict::criterionId).containsExactly("I2", "E2");
        assertThat(v.failed()).extracting(CriterionVerdict::kind)
                .containsExactly(CriterionKind.INCLUSION, CriterionKind.EXCLUSION);
    }

    @Test
    void isIncompleteWhenNothingFailsButSomethingCannotBeTold() {
        EligibilityVerdict v = screen(Map.of("oligoclonal_bands", "yes", "egfr", "80"));
        assertThat(v.outcome()).isEqualTo(EligibilityOutcome.INCOMPLETE);
        assertThat(v.failed()).isEmpty();
        assertThat(v.undecided()).extracting(CriterionVerdict::criterionId).containsExactly("I1", "E1");
        assertThat(v.missing()).containsExactly("edss", "last_dose");
        assertThat(v.randomisationDateMissing()).isFalse();
    }

    @Test
    void refusesCriteriaWhoseRulesDoNotFitTheVariables() {
        var bad = List.of(
                new Criterion("I1", CriterionKind.INCLUSION, "EDSS", Rule.parse("edds > 3")),
                new Criterion("E1", CriterionKind.EXCLUSION, "Age", Rule.parse("date_of_birth > 18")));
        assertThatThrownBy(() -> EligibilityEngine.evaluate(bad, new ScreeningData(Map.of()),
                RuleScreening.RANDOMISATION, VARIABLES))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("criterion I1: unknown variable \"edds\" (did you mean edss?) at column 0\n"
                        + "criterion E1: cannot compare date_of_birth (a date) with 18 (a number) at column 0");
    }

    @Test
    void refusesDataOfTheWrongTypeForAVariable() {
        var data = new ScreeningData(Map.of("edss", new ScreeningValue.TextValue("high")));
        assertThatThrownBy(() -> EligibilityEngine.evaluate(CRITERIA.subList(0, 1), data,
                RuleScreening.RANDOMISATION, VARIABLES))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("the screening value of edss is the text \"high\", but the protocol declares it as"
                        + " an EDSS score");
    }

    @Test
    void criterionNeedsIdWordingAndRule() {
        Rule rule = Rule.parse("a");
        assertThatThrownBy(() -> new Criterion(" ", CriterionKind.INCLUSION, "x", rule))
                .hasMessage("a criterion needs an id");
        assertThatThrownBy(() -> new Criterion("I1", null, "x", rule))
                .hasMessage("criterion I1 is neither inclusion nor exclusion");
        assertThatThrownBy(() -> new Criterion("I1", CriterionKind.INCLUSION, "", rule))
                .hasMessage("criterion I1 has no protocol wording");
        assertThatThrownBy(() -> new Criterion("I1", CriterionKind.INCLUSION, "x", null))
                .hasMessage("criterion I1 has no rule");
    }
}
