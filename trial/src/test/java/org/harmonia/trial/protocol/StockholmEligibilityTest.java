package org.harmonia.trial.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.harmonia.trial.eligibility.CriterionVerdict;
import org.harmonia.trial.eligibility.EligibilityEngine;
import org.harmonia.trial.eligibility.EligibilityOutcome;
import org.harmonia.trial.eligibility.EligibilityVerdict;
import org.harmonia.trial.eligibility.ScreeningData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The Stockholm criteria exactly as written in protocols/mesems.yaml, evaluated by the engine. */
class StockholmEligibilityTest {
    private static final Protocol MESEMS = new ProtocolLoader().load(Path.of("..", "protocols", "mesems.yaml"));
    private static final LocalDate RANDOMISATION = LocalDate.of(2026, 6, 1);

    static Map<String, String> eligibleRrms() {
        Map<String, String> d = new HashMap<>();
        d.put("date_of_birth", "1986-03-14");
        d.put("sex", "female");
        d.put("ms_onset_date", "2019-05-01");
        d.put("phenotype", "RRMS");
        d.put("edss", "4.0");
        d.put("failed_approved_therapy_1y", "yes");
        d.put("relapses_12m", "1");
        d.put("relapses_24m", "2");
        d.put("gel_on_mri_12m", "yes");
        d.put("edss_increase_12m", "0");
        d.put("csf_oligoclonal_bands", "yes");
        d.put("active_or_chronic_infection", "no");
        d.put("last_immunosuppressant", "never");
        d.put("last_interferon_or_glatiramer", "2026-03-01");
        d.put("last_corticosteroid", "2026-02-01");
        d.put("last_relapse", "2026-02-15");
        d.put("malignancy_history", "no");
        d.put("limited_life_expectancy", "no");
        d.put("haematological_disease", "no");
        d.put("pregnant", "no");
        d.put("unwilling_contraception", "no");
        d.put("egfr", "92");
        d.put("renal_failure", "no");
        d.put("mri_contraindication", "no");
        d.put("able_to_consent", "yes");
        return d;
    }

    static EligibilityVerdict verdict(String subTrial, Map<String, String> data) {
        return EligibilityEngine.evaluate(MESEMS.criteria(subTrial), ScreeningData.parse(data, MESEMS.screeningVariables()),
                RANDOMISATION, MESEMS.screeningVariables());
    }

    @Test
    void anActiveRelapsingPatientIsEligible() {
        EligibilityVerdict v = verdict("stockholm", eligibleRrms());
        assertThat(v.failed()).isEmpty();
        assertThat(v.outcome()).isEqualTo(EligibilityOutcome.ELIGIBLE);
    }

    @Test
    void phenotypeRulesForOtherPhenotypesHoldVacuously() {
        Map<String, String> ppms = eligibleRrms();
        ppms.put("phenotype", "PPMS");
        ppms.put("edss", "5.5");
        ppms.put("edss_increase_12m", "0.5");
        EligibilityVerdict v = verdict("stockholm", ppms);
        assertThat(v.outcome()).isEqualTo(EligibilityOutcome.ELIGIBLE);
        ppms.put("edss", "5.0");
        assertThat(verdict("stockholm", ppms).failed()).extracting(CriterionVerdict::criterionId)
                .containsExactlyInAnyOrder("IN-1C", "EX-3");
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("edss", "7.0", List.of("IN-4"), "EDSS 7.0 is above the maximum 6.5"),
                Arguments.of("edss", "2.5", List.of("IN-4"), "EDSS 2.5 is below the minimum 3.0"),
                Arguments.of("date_of_birth", "1975-05-31", List.of("IN-2"), "age 51"),
                Arguments.of("ms_onset_date", "2015-06-01", List.of("IN-3"), null),
                Arguments.of("relapses_12m", "0", List.of(), null),
                Arguments.of("failed_approved_therapy_1y", "no", List.of("IN-1A", "EX-1"), null),
                Arguments.of("active_or_chronic_infection", "yes", List.of("EX-4"), null),
                Arguments.of("last_immunosuppressant", "2026-03-01", List.of("EX-5"), null),
                Arguments.of("last_interferon_or_glatiramer", "2026-05-02", List.of("EX-6"), "within 30 days"),
                Arguments.of("last_corticosteroid", "2026-05-02", List.of("EX-7"), null),
                Arguments.of("last_relapse", "2026-04-02", List.of("EX-8"), null),
                Arguments.of("malignancy_history", "yes", List.of("EX-9"), null),
                Arguments.of("limited_life_expectancy", "yes", List.of("EX-10"), null),
                Arguments.of("haematological_disease", "yes", List.of("EX-11"), null),
                Arguments.of("pregnant", "yes", List.of("EX-12"), null),
                Arguments.of("unwilling_contraception", "yes", List.of("EX-12"), null),
                Arguments.of("egfr", "59", List.of("EX-13"), "eGFR 59"),
                Arguments.of("mri_contraindication", "yes", List.of("EX-13"), null),
                Arguments.of("able_to_consent", "no", List.of("EX-14"), null));
    }

    @ParameterizedTest(name = "{0} = {1} fails {2}")
    @MethodSource("failures")
    void eachCriterionFailsAlone(String field, String value, List<String> failing, String reason) {
        Map<String, String> d = eligibleRrms();
        d.put(field, value);
        EligibilityVerdict v = verdict("stockholm", d);
        assertThat(v.failed()).extracting(CriterionVerdict::criterionId).containsExactlyInAnyOrderElementsOf(failing);
        assertThat(v.outcome()).isEqualTo(failing.isEmpty() ? EligibilityOutcome.ELIGIBLE : EligibilityOutcome.NOT_ELIGIBLE);
        if (reason != null) {
            assertThat(v.failed().get(0).reason()).contains(reason);
        }
    }

    @Test
    void boundariesAreInclusive() {
        Map<String, String> d = eligibleRrms();
        d.put("edss", "6.5");
        d.put("date_of_birth", "1975-06-01");                  // 51st birthday on the randomisation date
        assertThat(verdict("stockholm", d).failed()).extracting(CriterionVerdict::criterionId).containsExactly("IN-2");
        d.put("date_of_birth", "1975-06-02");                  // one day short of 51: age exactly 50
        d.put("last_interferon_or_glatiramer", "2026-05-01");  // 31 days before: outside the 30-day wash-out
        d.put("ms_onset_date", "2016-06-01");                  // exactly 10 years
        assertThat(verdict("stockholm", d).outcome()).isEqualTo(EligibilityOutcome.ELIGIBLE);
        d.put("last_interferon_or_glatiramer", "2026-05-02");  // exactly 30 days before: within the wash-out
        assertThat(verdict("stockholm", d).failed()).extracting(CriterionVerdict::criterionId).containsExactly("EX-6");
    }

    @Test
    void theMasterProtocolAdmitsWhatStockholmRefuses() {
        Map<String, String> d = eligibleRrms();
        d.put("edss", "2.5");
        d.put("ms_onset_date", "2013-01-01");
        assertThat(verdict("stockholm", d).failed()).extracting(CriterionVerdict::criterionId)
                .containsExactlyInAnyOrder("IN-3", "IN-4");
        assertThat(verdict("italy", d).outcome()).isEqualTo(EligibilityOutcome.ELIGIBLE);
    }

    @Test
    void missingDataCannotBeTold() {
        Map<String, String> d = eligibleRrms();
        d.remove("egfr");
        d.put("renal_failure", "");
        EligibilityVerdict v = verdict("stockholm", d);
        assertThat(v.outcome()).isEqualTo(EligibilityOutcome.INCOMPLETE);
        assertThat(v.criterion("EX-13").reason()).contains("eGFR").contains("known renal failure");
    }
}
