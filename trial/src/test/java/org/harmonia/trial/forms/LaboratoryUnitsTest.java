package org.harmonia.trial.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.harmonia.trial.eligibility.ScreeningValue;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.junit.jupiter.api.Test;

/**
 * Laboratory fields that accept SI and conventional units: the cirrhosis trial's liver function form stores albumin in
 * g/L, cholinesterase in U/L and total bilirubin in umol/L, and converts g/dL, kU/L and mg/dL on entry.
 */
class LaboratoryUnitsTest {
    private static final Protocol CIRRHOSIS = new ProtocolLoader().load(Path.of("..", "protocols", "uc-msc-cirrhosis.yaml"));
    private final FormDefinition form = CIRRHOSIS.form("liver_function").orElseThrow();

    private static Map<String, String> values(String albumin, String bilirubin) {
        return Map.of("sample_date", "2011-03-01", "albumin", albumin, "prothrombin_activity", "62",
                "cholinesterase", "3.2 kU/L", "total_bilirubin", bilirubin);
    }

    private static String number(FormValidation v, String field) {
        return ((ScreeningValue.NumberValue) v.values().get(field).orElseThrow()).value().toPlainString();
    }

    @Test
    void storesAConventionalUnitValueInTheSiUnit() {
        FormValidation v = form.validate(values("2.9 g/dL", "2.1 mg/dL"));
        assertThat(v.errors()).isEmpty();
        assertThat(number(v, "albumin")).isEqualTo("29");
        assertThat(number(v, "total_bilirubin")).isEqualTo("35.91");
        assertThat(number(v, "cholinesterase")).isEqualTo("3200");
    }

    @Test
    void takesTheSiUnitWithOrWithoutItsName() {
        assertThat(form.validate(values("29 g/L", "35.91")).errors()).isEmpty();
        assertThat(number(form.validate(values("29", "35.91 umol/L")), "total_bilirubin"))
                .isEqualTo("35.91");
    }

    @Test
    void refusesAnUnknownUnitNamingTheAcceptedOnes() {
        FormValidation v = form.validate(values("2.9 g/dl", "2.1 mmol/L"));
        assertThat(v.errors()).containsExactlyInAnyOrder(
                new FieldIssue("albumin", "serum albumin: the unit \"g/dl\" is not one of: g/L, g/dL"),
                new FieldIssue("total_bilirubin", "total bilirubin: the unit \"mmol/L\" is not one of: umol/L, mg/dL"));
    }

    @Test
    void judgesLimitsAndNormalRangeAfterConversion() {
        FormValidation v = form.validate(values("2.9 g/dL", "80 mg/dL"));
        // 80 mg/dL is 1368 umol/L, above the highest possible 1000
        assertThat(v.errors()).extracting(FieldIssue::field).containsExactly("total_bilirubin");
        assertThat(form.validate(values("2.9 g/dL", "2.1 mg/dL")).warnings()).extracting(FieldIssue::field)
                .contains("albumin", "total_bilirubin");
    }

    @Test
    void showsAStoredValueInEveryUnit() {
        FormField bilirubin = form.field("total_bilirubin").orElseThrow();
        assertThat(bilirubin.inAllUnits(new BigDecimal("35.91"))).isEqualTo("35.91 umol/L (2.1 mg/dL)");
        assertThat(bilirubin.units()).containsExactly("umol/L", "mg/dL");
        assertThat(form.field("prothrombin_activity").orElseThrow().inAllUnits(new BigDecimal("62"))).isEqualTo("62 %");
    }

    @Test
    void aFieldWithoutOtherUnitsTakesTheTextAsTyped() {
        FormField pta = form.field("prothrombin_activity").orElseThrow();
        assertThat(pta.inFieldUnit("62 %")).isEqualTo("62 %");
        assertThat(form.validate(Map.of("sample_date", "2011-03-01", "albumin", "29", "prothrombin_activity", "62 %",
                "cholinesterase", "3200", "total_bilirubin", "35")).errors()).extracting(FieldIssue::field)
                .containsExactly("prothrombin_activity");
    }

    @Test
    void refusesAConversionFactorThatIsNotPositive() {
        assertThatThrownBy(() -> new OtherUnit("mg/dL", BigDecimal.ZERO)).hasMessageContaining("above 0");
        assertThatThrownBy(() -> new OtherUnit(" mg/dL", BigDecimal.TEN)).hasMessageContaining("spaces");
    }
}
