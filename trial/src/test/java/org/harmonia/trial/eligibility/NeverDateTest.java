package org.harmonia.trial.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.harmonia.trial.eligibility.RuleScreening.verdict;
import static org.harmonia.trial.eligibility.RuleScreening.verdictOn;

import org.junit.jupiter.api.Test;

/** A date entered as "never" is an answer (it never happened), unlike a date left empty. */
class NeverDateTest {

    @Test
    void neverIsNotWithinAnyWindow() {
        CriterionVerdict v = verdict("within(last_dose, 30 days)", "last_dose", "never");
        assertThat(v.outcome()).isEqualTo(CriterionOutcome.NOT_MET);
        assertThat(v.reason()).isEqualTo("last dose: never");
        assertThat(verdict("within(last_dose, 100 years)", "last_dose", "never").outcome())
                .isEqualTo(CriterionOutcome.NOT_MET);
    }

    @Test
    void neverIsAnswerEnoughWithoutARandomisationDate() {
        assertThat(verdictOn(null, "within(last_dose, 30 days)", "last_dose", "never").outcome())
                .isEqualTo(CriterionOutcome.NOT_MET);
        CriterionVerdict dated = verdictOn(null, "within(last_dose, 30 days)", "last_dose", "2026-03-01");
        assertThat(dated.outcome()).isEqualTo(CriterionOutcome.CANNOT_TELL);
        assertThat(dated.reason()).isEqualTo("missing: randomisation date");
        assertThat(dated.randomisationDateMissing()).isTrue();
    }

    @Test
    void aMissingDateCannotBeTold() {
        CriterionVerdict v = verdict("within(last_dose, 30 days)");
        assertThat(v.outcome()).isEqualTo(CriterionOutcome.CANNOT_TELL);
        assertThat(v.reason()).isEqualTo("missing: last dose");
    }

    @Test
    void timeSinceNeverIsLongerThanAnyNumberOfDays() {
        assertThat(verdict("days_before(last_dose) >= 60", "last_dose", "never").outcome())
                .isEqualTo(CriterionOutcome.MET);
        CriterionVerdict v = verdict("days_before(last_dose) < 60", "last_dose", "never");
        assertThat(v.outcome()).isEqualTo(CriterionOutcome.NOT_MET);
        assertThat(v.reason()).isEqualTo("last dose: never");
        assertThat(verdict("years_since(last_dose) between 1 and 5", "last_dose", "never").reason())
                .isEqualTo("last dose: never");
        assertThat(verdict("days_before(last_dose) + 10 > 1000", "last_dose", "never").outcome())
                .isEqualTo(CriterionOutcome.MET);
    }

    @Test
    void neverComesBeforeEveryDate() {
        assertThat(verdict("last_dose < first_dose", "last_dose", "never", "first_dose", "2020-01-01").outcome())
                .isEqualTo(CriterionOutcome.MET);
        assertThat(verdict("last_dose == first_dose", "last_dose", "never", "first_dose", "never").outcome())
                .isEqualTo(CriterionOutcome.MET);
    }

    @Test
    void subtractingATimeSinceNeverCannotBeTold() {
        CriterionVerdict v = verdict("days_before(first_dose) - days_before(last_dose) > 10",
                "first_dose", "2026-01-01", "last_dose", "never");
        assertThat(v.outcome()).isEqualTo(CriterionOutcome.CANNOT_TELL);
        assertThat(v.reason()).isEqualTo("cannot subtract a time since never (last dose: never)");
        assertThat(v.missing()).isEmpty();
    }

    @Test
    void happenedTellsADateFromNeverAndDoesNotGuessAMissingOne() {
        assertThat(verdict("happened(last_dose)", "last_dose", "never").outcome()).isEqualTo(CriterionOutcome.NOT_MET);
        assertThat(verdict("happened(last_dose)", "last_dose", "2026-03-01").outcome()).isEqualTo(CriterionOutcome.MET);
        assertThat(verdict("happened(last_dose)").outcome()).isEqualTo(CriterionOutcome.CANNOT_TELL);
        assertThat(Rule.parse("happened(edss)").check(RuleScreening.VARIABLES))
                .containsExactly("happened needs a date, but edss is a number at column 9");
    }
}
