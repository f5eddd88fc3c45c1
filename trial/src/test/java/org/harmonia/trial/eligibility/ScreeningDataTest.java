package org.harmonia.trial.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.harmonia.trial.eligibility.ScreeningValue.BooleanValue;
import org.harmonia.trial.eligibility.ScreeningValue.DateValue;
import org.harmonia.trial.eligibility.ScreeningValue.NumberValue;
import org.harmonia.trial.eligibility.ScreeningValue.TextValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the values a site entered: each checked against its variable's type, every bad field reported. */
class ScreeningDataTest {
    private static final Map<String, ScreeningVariable> VARIABLES = RuleScreening.VARIABLES;

    private static ScreeningData parse(String... pairs) {
        var raw = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return ScreeningData.parse(raw, VARIABLES);
    }

    @Test
    void readsEveryTypeOfValue() {
        ScreeningData data = parse("a", "Yes", "b", "false", "edss", "6.5", "relapses", "2", "egfr", "59.5",
                "date_of_birth", "1980-02-29", "last_dose", "never", "phenotype", "SPMS", "note", " seen by Dr X ");

        assertThat(data.get("a")).contains(new BooleanValue(true));
        assertThat(data.get("b")).contains(new BooleanValue(false));
        assertThat(data.get("edss")).contains(new NumberValue(new BigDecimal("6.5")));
        assertThat(data.get("relapses")).contains(new NumberValue(new BigDecimal("2")));
        assertThat(data.get("egfr")).contains(new NumberValue(new BigDecimal("59.5")));
        assertThat(data.get("date_of_birth")).contains(new DateValue(LocalDate.of(1980, 2, 29)));
        assertThat(data.get("last_dose")).contains(DateValue.NEVER);
        assertThat(data.get("phenotype")).contains(new TextValue("SPMS"));
        assertThat(data.get("note")).contains(new TextValue("seen by Dr X"));
    }

    @Test
    void keepsEdssScoresWithOneDecimal() {
        assertThat(parse("edss", "7").get("edss")).contains(new NumberValue(new BigDecimal("7.0")));
        assertThat(parse("edss", "4.50").get("edss")).contains(new NumberValue(new BigDecimal("4.5")));
        assertThat(parse("edss", "0").get("edss")).contains(new NumberValue(new BigDecimal("0.0")));
        assertThat(parse("edss", "10").get("edss")).contains(new NumberValue(new BigDecimal("10.0")));
    }

    @Test
    void treatsEmptyAndAbsentValuesAsMissing() {
        var raw = new HashMap<String, String>();
        raw.put("edss", "  ");
        raw.put("a", null);
        raw.put("b", "");
        ScreeningData data = ScreeningData.parse(raw, VARIABLES);

        assertThat(data.isMissing("edss")).isTrue();
        assertThat(data.isMissing("a")).isTrue();
        assertThat(data.isMissing("b")).isTrue();
        assertThat(data.isMissing("egfr")).isTrue();
        assertThat(data.get("egfr")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "edss => 7.25 => edss: 7.25 is not in 0.5 steps",
        "edss => 10.5 => edss: 10.5 is outside the EDSS range 0 to 10",
        "edss => -0.5 => edss: -0.5 is outside the EDSS range 0 to 10",
        "edss => high => edss: \"high\" is not a number",
        "egfr => 59,5 => egfr: \"59,5\" is not a number (write the decimal point as \".\")",
        "egfr => 1e3 => egfr: \"1e3\" is not a number",
        "relapses => 1.0 => relapses: \"1.0\" is not a whole number",
        "a => maybe => a: \"maybe\" is not yes or no",
        "date_of_birth => 03/04/1980 => date_of_birth: \"03/04/1980\" is not a date (yyyy-mm-dd) or never",
        "date_of_birth => 1980-02-30 => date_of_birth: 1980-02-30 is not a date of the calendar",
        "date_of_birth => 1981-02-29 => date_of_birth: 1981-02-29 is not a date of the calendar",
        "phenotype => rrms => phenotype: \"rrms\" is not one of the choices RRMS, SPMS, PPMS (did you mean RRMS?)",
        "phenotype => CIS => phenotype: \"CIS\" is not one of the choices RRMS, SPMS, PPMS",
        "edds => 4.0 => edds: not a screening variable of this protocol (did you mean edss?)",
    })
    void refusesABadValue(String field, String value, String error) {
        assertThatThrownBy(() -> parse(field, value))
                .isInstanceOf(ScreeningDataException.class)
                .hasMessage(error);
    }

    @Test
    void reportsEveryBadFieldAtOnce() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(ScreeningDataException.class,
                () -> parse("edss", "7.25", "date_of_birth", "1980/01/01", "edss_baselin", "3.0", "egfr", "75",
                        "phenotype", "CIS"));

        assertThat(e.errors()).containsExactly(
                new FieldError("edss", "7.25 is not in 0.5 steps"),
                new FieldError("date_of_birth", "\"1980/01/01\" is not a date (yyyy-mm-dd) or never"),
                new FieldError("edss_baselin", "not a screening variable of this protocol (did you mean edss_baseline?)"),
                new FieldError("phenotype", "\"CIS\" is not one of the choices RRMS, SPMS, PPMS"));
        assertThat(e.getMessage()).isEqualTo("edss: 7.25 is not in 0.5 steps\n"
                + "date_of_birth: \"1980/01/01\" is not a date (yyyy-mm-dd) or never\n"
                + "edss_baselin: not a screening variable of this protocol (did you mean edss_baseline?)\n"
                + "phenotype: \"CIS\" is not one of the choices RRMS, SPMS, PPMS");
    }

    @Test
    void dataCannotBeChangedAfterReading() {
        ScreeningData data = parse("edss", "4.0");
        assertThatThrownBy(() -> data.values().put("edss", new NumberValue(BigDecimal.ONE)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
