package org.harmonia.trial.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.harmonia.trial.eligibility.ScreeningValue;
import org.harmonia.trial.eligibility.ScreeningValue.DateValue;
import org.junit.jupiter.api.Test;

/** MESEMS's edit checks across forms and visits, and the loader refusing checks that read what does not exist. */
class MesemsEditChecksTest {
    private static final Path FILE = Path.of("..", "protocols", "mesems.yaml");
    private static final Protocol MESEMS = new ProtocolLoader().load(FILE);

    private static EditCheck check(String id) {
        return MESEMS.editCheck(id).orElseThrow();
    }

    private static DateValue date(String iso) {
        return new DateValue(LocalDate.parse(iso));
    }

    @Test
    void mesemsDefinesItsThreeChecksWithTheFieldTheirQueryGoesOn() {
        assertThat(MESEMS.editChecks()).extracting(EditCheck::id)
                .containsExactly("EDSS-W24-VISIT", "HARVEST-BEFORE-INFUSION", "MRI-W24-BEFORE-CROSSOVER");
        EditCheck edss = check("EDSS-W24-VISIT");
        assertThat(edss.values().get(edss.queryOn())).isEqualTo(new EditCheck.CheckedValue("W24", "edss", "edss"));
        assertThat(edss.values().get("visit_w24").visitDate()).isTrue();
        assertThat(check("HARVEST-BEFORE-INFUSION").forms()).containsExactly("bone_marrow_harvest", "treatment_administration");
    }

    @Test
    void aWeek24EdssWithoutTheWeek24VisitIsAFinding() {
        EditCheck edss = check("EDSS-W24-VISIT");
        Map<String, ScreeningValue> values = new HashMap<>();
        values.put("edss_w24", new ScreeningValue.NumberValue(new BigDecimal("4.5")));
        assertThat(edss.finding(values)).isEmpty(); // nothing recorded for the visit but its forms: it took place
        values.put("visit_w24", DateValue.NEVER); // recorded as missed
        assertThat(edss.finding(values)).isPresent();
        values.put("visit_w24", date("2026-11-20")); // recorded as done
        assertThat(edss.finding(values)).isEmpty();
        assertThat(edss.finding(Map.of())).isEmpty(); // no EDSS at week 24: nothing to check
    }

    @Test
    void aHarvestOnOrAfterTheFirstInfusionIsAFindingAndAMissingDateDecidesNothing() {
        EditCheck harvest = check("HARVEST-BEFORE-INFUSION");
        assertThat(harvest.finding(Map.of("harvest", date("2026-05-01"), "infusion_w0", date("2026-06-01")))).isEmpty();
        assertThat(harvest.finding(Map.of("harvest", date("2026-06-01"), "infusion_w0", date("2026-06-01"))))
                .hasValueSatisfying(facts -> assertThat(facts).contains("date of harvest at bone-marrow harvest 2026-06-01",
                        "date of infusion at week 0 (first infusion) 2026-06-01"));
        assertThat(harvest.finding(Map.of("harvest", date("2026-06-01")))).isEmpty();
    }

    @Test
    void theWeek24MriAfterTheCrossoverInfusionIsAFinding() {
        EditCheck mri = check("MRI-W24-BEFORE-CROSSOVER");
        assertThat(mri.finding(Map.of("mri_w24", date("2026-11-21"), "infusion_w24", date("2026-11-20")))).isPresent();
        assertThat(mri.finding(Map.of("mri_w24", date("2026-11-20"), "infusion_w24", date("2026-11-20")))).isEmpty();
    }

    @Test
    void theLoaderRefusesChecksOnUnknownVisitsUnplannedFormsMissingFieldsAndQueriesOnAVisitDate() throws Exception {
        String text = Files.readString(FILE).replace("mri_w24: {form: mri, visit: W24, field: scan_date}", "mri_w24: {form: mri, visit: W8, field: scan_date}").replace("harvest: {form: bone_marrow_harvest, visit: BMH, field: harvest_date}", "harvest: {form: bone_marrow_harvest, visit: BMH, field: harvest_day}").replace("visit_w24: {visit: W24}", "visit_w24: {visit: W25}").replace("query: edss_w24", "query: visit_w24");
        assertThatThrownBy(() -> new ProtocolLoader().load("mesems.yaml", text))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.problems()).extracting(ProtocolProblem::toString)
                        .anySatisfy(p -> assertThat(p).contains("editChecks[0].values.visit_w24.visit", "unknown visit \"W25\""))
                        .anySatisfy(p -> assertThat(p).contains("editChecks[1].values.harvest.field", "has no field \"harvest_day\""))
                        .anySatisfy(p -> assertThat(p).contains("editChecks[2].values.mri_w24.form", "form mri is not planned at visit W8")));
        String onVisitDate = Files.readString(FILE).replace("query: edss_w24", "query: visit_w24");
        assertThatThrownBy(() -> new ProtocolLoader().load("mesems.yaml", onVisitDate))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p.toString()).contains("editChecks[0].query", "\"visit_w24\" is not one of the check's form values")));
        String badRule = Files.readString(FILE).replace("rule: harvest < infusion_w0", "rule: harvest < infusion_w00");
        assertThatThrownBy(() -> new ProtocolLoader().load("mesems.yaml", badRule))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p.toString()).contains("editChecks[1].rule", "unknown variable \"infusion_w00\"",
                                "did you mean infusion_w0?")));
    }
}
