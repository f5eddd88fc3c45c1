package org.harmonia.trial.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.harmonia.trial.eligibility.RuleScreening.verdict;
import static org.harmonia.trial.eligibility.RuleScreening.verdictOn;

import org.junit.jupiter.api.Test;

/** Reasons state the deciding facts in words, with labels and units, so a site can see why. */
class ReasonTest {

    @Test
    void statesTheValueAndTheLimitItBreaks() {
        assertThat(verdict("edss between 3.0 and 6.5", "edss", "7.0").reason())
                .isEqualTo("EDSS 7.0 is above the maximum 6.5");
        assertThat(verdict("years_since(date_of_birth) between 18 and 50", "date_of_birth", "1975-01-01").reason())
                .isEqualTo("age 51 years is above the maximum 50");
        assertThat(verdict("egfr >= 60", "egfr", "45").reason()).isEqualTo("eGFR 45 mL/min/1.73m2 is below 60");
    }

    @Test
    void showsAnEdssScoreWithOneDecimal() {
        assertThat(verdict("edss > 6", "edss", "7").reason()).isEqualTo("EDSS 7.0 is above 6");
    }

    @Test
    void statesChoicesAndYesNoAnswersPlainly() {
        assertThat(verdict("phenotype == \"PPMS\"", "phenotype", "PPMS").reason()).isEqualTo("phenotype is PPMS");
        assertThat(verdict("phenotype != \"SPMS\"", "phenotype", "PPMS").reason()).isEqualTo("phenotype is PPMS");
        assertThat(verdict("phenotype in [\"RRMS\", \"SPMS\"]", "phenotype", "PPMS").reason())
                .isEqualTo("phenotype is PPMS");
        assertThat(verdict("oligoclonal_bands", "oligoclonal_bands", "no").reason())
                .isEqualTo("oligoclonal bands in CSF: no");
        assertThat(verdict("not oligoclonal_bands", "oligoclonal_bands", "no").reason())
                .isEqualTo("oligoclonal bands in CSF: no");
        assertThat(verdict("oligoclonal_bands == true", "oligoclonal_bands", "yes").reason())
                .isEqualTo("oligoclonal bands in CSF: yes");
        assertThat(verdict("relapses == 0", "relapses", "2").reason()).isEqualTo("relapses in the last 12 months is 2");
        assertThat(verdict("note == \"ok\"", "note", "fine").reason()).isEqualTo("note is fine");
    }

    @Test
    void combinesOnlyTheDecidingPartsOfAndAndOr() {
        String rule = "egfr < 60 or a or b";
        assertThat(verdict(rule, "egfr", "75", "a", "no", "b", "no").reason())
                .isEqualTo("eGFR 75 mL/min/1.73m2 is above 60; a: no; b: no");
        assertThat(verdict(rule, "egfr", "75", "a", "yes", "b", "no").reason()).isEqualTo("a: yes");
        assertThat(verdict("edss >= 3 and relapses >= 1", "edss", "2.0", "relapses", "0").reason())
                .isEqualTo("EDSS 2.0 is below 3; relapses in the last 12 months 0 is below 1");
        assertThat(verdict("edss >= 3 and relapses >= 1", "edss", "4.0", "relapses", "0").reason())
                .isEqualTo("relapses in the last 12 months 0 is below 1");
    }

    @Test
    void doesNotRepeatAFact() {
        assertThat(verdict("a and (a or b)", "a", "yes", "b", "no").reason()).isEqualTo("a: yes");
    }

    @Test
    void explainsWhichLimitAnIfChose() {
        String rule = "relapses >= if(edss <= 5.0, 1, 2)";
        assertThat(verdict(rule, "edss", "4.0", "relapses", "1").reason())
                .isEqualTo("relapses in the last 12 months 1 is at least 1 (as EDSS 4.0 is below 5.0)");
        assertThat(verdict(rule, "edss", "5.5", "relapses", "1").reason())
                .isEqualTo("relapses in the last 12 months 1 is below 2 (as EDSS 5.5 is above 5.0)");
    }

    @Test
    void showsArithmeticWithItsResult() {
        assertThat(verdict("edss - edss_baseline >= 1.0", "edss", "6.0", "edss_baseline", "5.5").reason())
                .isEqualTo("EDSS 6.0 - EDSS at baseline 5.5 = 0.5 is below 1.0");
    }

    @Test
    void comparesTwoVariablesByName() {
        assertThat(verdict("edss == edss_baseline", "edss", "6.0", "edss_baseline", "5.5").reason())
                .isEqualTo("EDSS 6.0 differs from EDSS at baseline 5.5");
        assertThat(verdict("ms_onset_date > date_of_birth", "ms_onset_date", "2015-01-01",
                "date_of_birth", "1980-01-01").reason())
                .isEqualTo("MS onset 2015-01-01 is after date of birth 1980-01-01");
        assertThat(verdict("ms_onset_date between date_of_birth and last_dose", "ms_onset_date", "1979-01-01",
                "date_of_birth", "1980-01-01", "last_dose", "2026-01-01").reason())
                .isEqualTo("MS onset 1979-01-01 is before the earliest date of birth 1980-01-01");
    }

    @Test
    void namesMissingVariablesByLabel() {
        CriterionVerdict v = verdictOn(null, "years_since(date_of_birth) between 18 and 50 and edss > 3");
        assertThat(v.reason()).isEqualTo("missing: date of birth, EDSS");
        assertThat(v.missing()).containsExactly("date_of_birth", "edss");
        CriterionVerdict withDate = verdictOn(null, "years_since(date_of_birth) between 18 and 50 and edss > 3",
                "date_of_birth", "1980-01-01");
        assertThat(withDate.reason()).isEqualTo("missing: EDSS, randomisation date");
    }

    @Test
    void aMetExclusionGivesTheFactThatExcludes() {
        var criterion = new Criterion("E7", CriterionKind.EXCLUSION, "Corticosteroids within 30 days",
                Rule.parse("within(last_dose, 30 days)"));
        EligibilityVerdict verdict = EligibilityEngine.evaluate(java.util.List.of(criterion),
                ScreeningData.parse(java.util.Map.of("last_dose", "2026-03-01"), RuleScreening.VARIABLES),
                RuleScreening.RANDOMISATION, RuleScreening.VARIABLES);
        assertThat(verdict.failed()).singleElement().satisfies(v -> {
            assertThat(v.outcome()).isEqualTo(CriterionOutcome.MET);
            assertThat(v.reason()).isEqualTo("last dose 2026-03-01 is 20 days before randomisation (within 30 days)");
        });
    }
}
