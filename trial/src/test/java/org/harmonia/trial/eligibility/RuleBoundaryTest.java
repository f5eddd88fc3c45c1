package org.harmonia.trial.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.harmonia.trial.eligibility.RuleScreening.verdict;
import static org.harmonia.trial.eligibility.RuleScreening.verdictOn;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Limits at their edges: ranges are inclusive, ages are completed years, wash-out windows include both ends. */
class RuleBoundaryTest {

    @ParameterizedTest(name = "EDSS {0}: {1}")
    @CsvSource(delimiterString = " => ", value = {
        "2.5 => NOT_MET => EDSS 2.5 is below the minimum 3.0",
        "3.0 => MET => EDSS 3.0 is between 3.0 and 6.5",
        "3 => MET => EDSS 3.0 is between 3.0 and 6.5",
        "6.5 => MET => EDSS 6.5 is between 3.0 and 6.5",
        "7.0 => NOT_MET => EDSS 7.0 is above the maximum 6.5",
    })
    void edssRangeIncludesBothEnds(String edss, CriterionOutcome outcome, String reason) {
        CriterionVerdict v = verdict("edss between 3.0 and 6.5", "edss", edss);
        assertThat(v.outcome()).isEqualTo(outcome);
        assertThat(v.reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "born {0}: {1}")
    @CsvSource(delimiterString = " => ", value = {
        "2008-03-22 => NOT_MET => age 17 years is below the minimum 18",
        "2008-03-21 => MET => age 18 years is between 18 and 50",
        "1975-03-22 => MET => age 50 years is between 18 and 50",
        "1976-03-21 => MET => age 50 years is between 18 and 50",
        "1975-03-21 => NOT_MET => age 51 years is above the maximum 50",
    })
    void ageIsCountedInCompletedYears(String dateOfBirth, CriterionOutcome outcome, String reason) {
        CriterionVerdict v = verdict("years_since(date_of_birth) between 18 and 50", "date_of_birth", dateOfBirth);
        assertThat(v.outcome()).isEqualTo(outcome);
        assertThat(v.reason()).isEqualTo(reason);
    }

    @Test
    void someoneBornOnTheTwentyNinthOfFebruaryHasABirthdayOnTheFirstOfMarchInOtherYears() {
        String rule = "years_since(date_of_birth) >= 18";
        assertThat(verdictOn(LocalDate.of(2026, 2, 28), rule, "date_of_birth", "2008-02-29").reason())
                .isEqualTo("age 17 years is below 18");
        assertThat(verdictOn(LocalDate.of(2026, 3, 1), rule, "date_of_birth", "2008-02-29").reason())
                .isEqualTo("age 18 years is at least 18");
    }

    @ParameterizedTest(name = "onset {0}: {1}")
    @CsvSource(delimiterString = " => ", value = {
        "2024-03-22 => NOT_MET => time since MS onset 1 year is below the minimum 2",
        "2024-03-21 => MET => time since MS onset 2 years is between 2 and 10",
        "2015-03-22 => MET => time since MS onset 10 years is between 2 and 10",
        "2015-03-21 => NOT_MET => time since MS onset 11 years is above the maximum 10",
    })
    void diseaseDurationIsCountedInCompletedYears(String onset, CriterionOutcome outcome, String reason) {
        CriterionVerdict v = verdict("years_since(ms_onset_date) between 2 and 10", "ms_onset_date", onset);
        assertThat(v.outcome()).isEqualTo(outcome);
        assertThat(v.reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "last dose {0}: {1}")
    @CsvSource(delimiterString = " => ", value = {
        "2026-02-18 => NOT_MET => last dose 2026-02-18 is 31 days before randomisation (not within 30 days)",
        "2026-02-19 => MET => last dose 2026-02-19 is 30 days before randomisation (within 30 days)",
        "2026-03-20 => MET => last dose 2026-03-20 is 1 day before randomisation (within 30 days)",
        "2026-03-21 => MET => last dose 2026-03-21 is on the day of randomisation (within 30 days)",
        "2026-03-22 => NOT_MET => last dose 2026-03-22 is 1 day after randomisation (not within 30 days)",
    })
    void washOutOfThirtyDaysIncludesTheThirtiethDay(String lastDose, CriterionOutcome outcome, String reason) {
        CriterionVerdict v = verdict("within(last_dose, 30 days)", "last_dose", lastDose);
        assertThat(v.outcome()).isEqualTo(outcome);
        assertThat(v.reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "randomised {0}, last dose {1}: {2}")
    @CsvSource({
        "2026-03-21, 2025-12-21, MET",
        "2026-03-21, 2025-12-20, NOT_MET",
        "2026-05-31, 2026-02-28, MET",
        "2026-05-31, 2026-02-27, NOT_MET",
        "2024-05-31, 2024-02-29, MET",
        "2024-05-31, 2024-02-28, NOT_MET",
    })
    void monthsAreCalendarMonths(LocalDate randomisation, String lastDose, CriterionOutcome outcome) {
        assertThat(verdictOn(randomisation, "within(last_dose, 3 months)", "last_dose", lastDose).outcome())
                .isEqualTo(outcome);
    }

    @Test
    void weeksAndYearsAreCalendarSpans() {
        assertThat(verdict("within(last_dose, 2 weeks)", "last_dose", "2026-03-07").outcome())
                .isEqualTo(CriterionOutcome.MET);
        assertThat(verdict("within(last_dose, 2 weeks)", "last_dose", "2026-03-06").outcome())
                .isEqualTo(CriterionOutcome.NOT_MET);
        assertThat(verdict("within(last_dose, 1 year)", "last_dose", "2025-03-21").reason())
                .isEqualTo("last dose 2025-03-21 is 365 days before randomisation (within 1 year)");
        assertThat(verdict("within(last_dose, 1 year)", "last_dose", "2025-03-20").outcome())
                .isEqualTo(CriterionOutcome.NOT_MET);
    }

    @Test
    void daysBeforeCountsCalendarDays() {
        CriterionVerdict v = verdict("days_before(last_dose) >= 60", "last_dose", "2026-01-20");
        assertThat(v.outcome()).isEqualTo(CriterionOutcome.MET);
        assertThat(v.reason()).isEqualTo("time since last dose 60 days is at least 60");
    }

    @Test
    void strictComparisonsExcludeTheLimit() {
        assertThat(verdict("egfr < 60", "egfr", "60").reason()).isEqualTo("eGFR 60 mL/min/1.73m2 is not below 60");
        assertThat(verdict("egfr < 60", "egfr", "60").outcome()).isEqualTo(CriterionOutcome.NOT_MET);
        assertThat(verdict("egfr < 60", "egfr", "59.9").outcome()).isEqualTo(CriterionOutcome.MET);
        assertThat(verdict("egfr > 60", "egfr", "60").reason()).isEqualTo("eGFR 60 mL/min/1.73m2 is not above 60");
        assertThat(verdict("egfr <= 60", "egfr", "60").reason()).isEqualTo("eGFR 60 mL/min/1.73m2 is at most 60");
    }

    @Test
    void numbersCompareByValueNotByHowTheyAreWritten() {
        assertThat(verdict("edss == 6", "edss", "6.0").outcome()).isEqualTo(CriterionOutcome.MET);
        assertThat(verdict("egfr == 60.00", "egfr", "60").outcome()).isEqualTo(CriterionOutcome.MET);
    }
}
