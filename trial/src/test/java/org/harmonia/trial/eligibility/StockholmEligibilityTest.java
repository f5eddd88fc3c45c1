package org.harmonia.trial.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Stockholm MESEMS criteria (NCT01730547) evaluated on one eligible patient and on variants failing each. */
class StockholmEligibilityTest {
    private static final Map<String, ScreeningVariable> VARIABLES = StockholmProtocol.variables();

    private static EligibilityVerdict screen(Map<String, String> raw) {
        return EligibilityEngine.evaluate(StockholmProtocol.criteria(), ScreeningData.parse(raw, VARIABLES),
                StockholmProtocol.RANDOMISATION, VARIABLES);
    }

    private static Map<String, String> eligibleWith(String... changes) {
        var raw = new HashMap<>(StockholmProtocol.eligiblePatient());
        for (int i = 0; i < changes.length; i += 2) {
            raw.put(changes[i], changes[i + 1]);
        }
        return raw;
    }

    @Test
    void everyStockholmRuleFitsTheVariables() {
        for (Criterion c : StockholmProtocol.criteria()) {
            assertThat(c.rule().check(VARIABLES)).as(c.id()).isEmpty();
        }
        assertThat(StockholmProtocol.criteria()).extracting(Criterion::id).containsExactly("I1a", "I1b", "I1c",
                "I2", "I3", "I4", "E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9", "E10", "E11", "E12", "E13",
                "E14");
    }

    @Test
    void stockholmAdmitsAnActiveRrmsPatientMeetingEveryCriterion() {
        EligibilityVerdict verdict = screen(StockholmProtocol.eligiblePatient());

        assertThat(verdict.outcome()).isEqualTo(EligibilityOutcome.ELIGIBLE);
        assertThat(verdict.failed()).isEmpty();
        assertThat(verdict.missing()).isEmpty();
        assertThat(verdict.criterion("I1a").reason()).isEqualTo("at least a year of approved MS therapy: yes; "
                + "relapses in the last 12 months 1 is at least 1; relapses in the last 24 months 2 is at least 2; "
                + "GEL on MRI in the last 12 months: yes");
        assertThat(verdict.criterion("I1b").reason()).isEqualTo("phenotype is RRMS");
        assertThat(verdict.criterion("I2").reason()).isEqualTo("age 39 years is between 18 and 50");
        assertThat(verdict.criterion("I3").reason()).isEqualTo("time since MS onset 7 years is between 2 and 10");
        assertThat(verdict.criterion("E5").reason()).isEqualTo("last immunosuppressive therapy: never");
        assertThat(verdict.criterion("E9").outcome()).isEqualTo(CriterionOutcome.NOT_MET);
        assertThat(verdict.criterion("E9").reason()).isEqualTo("history of malignancy: no");
    }

    @Test
    void stockholmAdmitsAnSpmsPatientAboveFivePointFiveWithHalfAPointIncrease() {
        EligibilityVerdict verdict = screen(eligibleWith("phenotype", "SPMS", "edss", "6.0",
                "edss_increase_12m", "0.5", "relapses_12m", "0", "gel_on_mri_12m", "yes"));

        assertThat(verdict.outcome()).isEqualTo(EligibilityOutcome.ELIGIBLE);
        assertThat(verdict.criterion("I1b").reason()).isEqualTo("at least a year of approved MS therapy: yes; "
                + "EDSS increase in the last 12 months 0.5 points is at least 0.5 (as EDSS 6.0 is above 5.0); "
                + "GEL on MRI in the last 12 months: yes");
    }

    @Test
    void stockholmAdmitsAPpmsPatientWithOligoclonalBands() {
        EligibilityVerdict verdict = screen(eligibleWith("phenotype", "PPMS", "approved_therapy_year", "no",
                "edss", "5.0", "edss_increase_12m", "1.0"));

        assertThat(verdict.outcome()).isEqualTo(EligibilityOutcome.ELIGIBLE);
        assertThat(verdict.criterion("I1a").reason()).isEqualTo("phenotype is PPMS");
    }

    static Stream<Arguments> patientsFailingOneCriterion() {
        return Stream.of(
                Arguments.of("I1a", eligibleWith("approved_therapy_year", "no"), Set.of("I1a", "E1"),
                        "phenotype is RRMS; at least a year of approved MS therapy: no"),
                Arguments.of("I1b", eligibleWith("phenotype", "SPMS", "edss", "4.5", "edss_increase_12m", "0.5"),
                        Set.of("I1b", "E2"), "phenotype is SPMS; EDSS increase in the last 12 months 0.5 points"
                                + " is below 1.0 (as EDSS 4.5 is below 5.0)"),
                Arguments.of("I1c", eligibleWith("phenotype", "PPMS", "edss_increase_12m", "1.0",
                        "oligoclonal_bands", "no"), Set.of("I1c", "E3"),
                        "phenotype is PPMS; oligoclonal bands in CSF: no"),
                Arguments.of("I2", eligibleWith("date_of_birth", "1975-03-20"), Set.of("I2"),
                        "age 51 years is above the maximum 50"),
                Arguments.of("I3", eligibleWith("ms_onset_date", "2015-03-01"), Set.of("I3"),
                        "time since MS onset 11 years is above the maximum 10"),
                Arguments.of("I4", eligibleWith("edss", "7.0"), Set.of("I4"), "EDSS 7.0 is above the maximum 6.5"),
                Arguments.of("E1", eligibleWith("relapses_12m", "0", "relapses_24m", "1", "gel_on_mri_12m", "no"),
                        Set.of("I1a", "E1"), "phenotype is RRMS; relapses in the last 12 months 0 is below 1; "
                                + "relapses in the last 24 months 1 is below 2; GEL on MRI in the last 12 months: no"),
                Arguments.of("E2", eligibleWith("phenotype", "SPMS", "edss_increase_12m", "1.0", "relapses_12m", "0",
                        "gel_on_mri_12m", "no"), Set.of("I1b", "E2"), "phenotype is SPMS; "
                                + "relapses in the last 12 months 0 is below 1; GEL on MRI in the last 12 months: no"),
                Arguments.of("E3", eligibleWith("phenotype", "PPMS", "edss_increase_12m", "1.0",
                        "gel_on_mri_12m", "no"), Set.of("I1c", "E3"),
                        "phenotype is PPMS; GEL on MRI in the last 12 months: no"),
                Arguments.of("E4", eligibleWith("hiv", "yes"), Set.of("E4"), "HIV-1/2 infection: yes"),
                Arguments.of("E5", eligibleWith("last_immunosuppressant", "2026-01-05"), Set.of("E5"),
                        "last immunosuppressive therapy 2026-01-05 is 75 days before randomisation"
                                + " (within 3 months)"),
                Arguments.of("E6", eligibleWith("last_interferon_or_glatiramer", "2026-03-01"), Set.of("E6"),
                        "last interferon-beta or glatiramer acetate 2026-03-01 is 20 days before randomisation"
                                + " (within 30 days)"),
                Arguments.of("E7", eligibleWith("last_corticosteroid", "2026-03-01"), Set.of("E7"),
                        "last corticosteroid dose 2026-03-01 is 20 days before randomisation (within 30 days)"),
                Arguments.of("E8", eligibleWith("last_relapse", "2026-02-01"), Set.of("E8"),
                        "last relapse 2026-02-01 is 48 days before randomisation (within 60 days)"),
                Arguments.of("E9", eligibleWith("malignancy_history", "yes", "malignancy_type", "other"),
                        Set.of("E9"), "history of malignancy: yes; malignancy type is other"),
                Arguments.of("E10", eligibleWith("limited_life_expectancy", "yes"), Set.of("E10"),
                        "severely limited life expectancy from another illness: yes"),
                Arguments.of("E11", eligibleWith("white_cell_abnormality", "yes"), Set.of("E11"),
                        "clinically relevant white cell count abnormality: yes"),
                Arguments.of("E12", eligibleWith("contraception_agreed", "no"), Set.of("E12"),
                        "could become pregnant: yes; willing to use active contraception: no"),
                Arguments.of("E13", eligibleWith("egfr", "45"), Set.of("E13"), "eGFR 45 mL/min/1.73m2 is below 60"),
                Arguments.of("E14", eligibleWith("informed_consent", "no"), Set.of("E14"),
                        "able to give written informed consent: no"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patientsFailingOneCriterion")
    void stockholmRejectsAPatientFailingTheCriterion(String id, Map<String, String> raw, Set<String> failing,
            String reason) {
        EligibilityVerdict verdict = screen(raw);

        assertThat(verdict.outcome()).isEqualTo(EligibilityOutcome.NOT_ELIGIBLE);
        assertThat(verdict.failed()).extracting(CriterionVerdict::criterionId).containsExactlyInAnyOrderElementsOf(failing);
        CriterionVerdict target = verdict.criterion(id);
        assertThat(target.outcome()).isEqualTo(id.startsWith("I") ? CriterionOutcome.NOT_MET : CriterionOutcome.MET);
        assertThat(target.reason()).isEqualTo(reason);
    }

    @Test
    void stockholmAdmitsABasalCellCarcinomaInRemissionForMoreThanAYear() {
        EligibilityVerdict verdict = screen(eligibleWith("malignancy_history", "yes",
                "malignancy_type", "basal cell carcinoma of the skin", "malignancy_remission_date", "2025-03-20"));

        assertThat(verdict.criterion("E9").outcome()).isEqualTo(CriterionOutcome.NOT_MET);
        assertThat(verdict.criterion("E9").reason()).isEqualTo("malignancy type is basal cell carcinoma of the skin; "
                + "malignancy in remission since 2025-03-20 is 366 days before randomisation (not within 12 months)");
        assertThat(verdict.outcome()).isEqualTo(EligibilityOutcome.ELIGIBLE);
    }

    @Test
    void stockholmExcludesACarcinomaInSituInRemissionForExactlyAYear() {
        EligibilityVerdict verdict = screen(eligibleWith("malignancy_history", "yes",
                "malignancy_type", "carcinoma in situ", "malignancy_remission_date", "2025-03-21"));

        assertThat(verdict.criterion("E9").outcome()).isEqualTo(CriterionOutcome.MET);
        assertThat(verdict.failed()).extracting(CriterionVerdict::criterionId).containsExactly("E9");
    }

    @Test
    void stockholmScreeningIsIncompleteUntilTheSpmsCriteriaAreEntered() {
        var raw = eligibleWith("phenotype", "SPMS", "edss", "4.0", "relapses_12m", "1");
        raw.remove("edss_increase_12m");

        EligibilityVerdict verdict = screen(raw);

        assertThat(verdict.outcome()).isEqualTo(EligibilityOutcome.INCOMPLETE);
        assertThat(verdict.undecided()).extracting(CriterionVerdict::criterionId).containsExactly("I1b", "E2");
        assertThat(verdict.missing()).containsExactly("edss_increase_12m");
        assertThat(verdict.criterion("I1b").reason()).isEqualTo("missing: EDSS increase in the last 12 months");
    }

    @Test
    void stockholmRejectsOnWhatIsKnownEvenWhenOtherDataAreMissing() {
        var raw = eligibleWith("edss", "7.5");
        List.of("date_of_birth", "last_relapse", "egfr").forEach(raw::remove);

        EligibilityVerdict verdict = screen(raw);

        assertThat(verdict.outcome()).isEqualTo(EligibilityOutcome.NOT_ELIGIBLE);
        assertThat(verdict.failed()).extracting(CriterionVerdict::criterionId).containsExactly("I4");
        assertThat(verdict.undecided()).extracting(CriterionVerdict::criterionId).containsExactly("I2", "E8", "E13");
    }

    @Test
    void stockholmNeedsTheRandomisationDateForAgeAndWashOuts() {
        EligibilityVerdict verdict = EligibilityEngine.evaluate(StockholmProtocol.criteria(),
                ScreeningData.parse(StockholmProtocol.eligiblePatient(), VARIABLES), null, VARIABLES);

        assertThat(verdict.outcome()).isEqualTo(EligibilityOutcome.INCOMPLETE);
        assertThat(verdict.undecided()).extracting(CriterionVerdict::criterionId)
                .containsExactly("I2", "I3", "E6", "E7", "E8");
        assertThat(verdict.randomisationDateMissing()).isTrue();
        assertThat(verdict.missing()).isEmpty();
        assertThat(verdict.criterion("I2").reason()).isEqualTo("missing: randomisation date");
        assertThat(verdict.criterion("E5").outcome()).isEqualTo(CriterionOutcome.NOT_MET);
    }
}
