package org.harmonia.trial.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Declaring screening variables: snake_case names, choices only for CHOICE variables. */
class ScreeningVariableTest {

    @Test
    void keepsWhatTheProtocolDeclares() {
        var v = new ScreeningVariable("egfr", VariableType.NUMBER, " eGFR ", "mL/min/1.73m2", null);
        assertThat(v.label()).isEqualTo("eGFR");
        assertThat(v.unit()).isEqualTo("mL/min/1.73m2");
        assertThat(v.choices()).isEmpty();
    }

    @Test
    void labelsAnUnlabelledVariableWithItsName() {
        var v = new ScreeningVariable("last_relapse", VariableType.DATE, null, " ", List.of());
        assertThat(v.label()).isEqualTo("last relapse");
        assertThat(v.unit()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"EDSS", "last-relapse", "1st_dose", "last__dose", "last_dose_", "_x", "", "edss score"})
    void rejectsANameThatIsNotSnakeCase(String name) {
        assertThatThrownBy(() -> ScreeningVariable.of(name, VariableType.NUMBER, "x"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("variable name \"" + name + "\" is not a snake_case name (lower-case letters and digits"
                        + " joined by _, starting with a letter)");
    }

    @Test
    void rejectsAReservedWordAsName() {
        assertThatThrownBy(() -> ScreeningVariable.of("between", VariableType.NUMBER, "x"))
                .hasMessage("variable name \"between\" is a reserved word of the rule language");
    }

    @Test
    void requiresAType() {
        assertThatThrownBy(() -> ScreeningVariable.of("edss", null, "EDSS")).hasMessage("variable edss has no type");
    }

    @Test
    void requiresChoicesForAChoiceVariable() {
        assertThatThrownBy(() -> new ScreeningVariable("phenotype", VariableType.CHOICE, "phenotype", null, List.of()))
                .hasMessage("variable phenotype is a choice but lists no choices");
        assertThatThrownBy(() -> new ScreeningVariable("phenotype", VariableType.CHOICE, "phenotype", null,
                List.of("RRMS", "RRMS"))).hasMessage("variable phenotype lists the choice \"RRMS\" twice");
        assertThatThrownBy(() -> new ScreeningVariable("phenotype", VariableType.CHOICE, "phenotype", null,
                List.of("RRMS", " "))).hasMessage("variable phenotype has a blank choice");
    }

    @Test
    void refusesChoicesForOtherTypes() {
        assertThatThrownBy(() -> new ScreeningVariable("edss", VariableType.EDSS, "EDSS", null, List.of("3.0")))
                .hasMessage("variable edss is an EDSS score, so it cannot list choices; only CHOICE variables have"
                        + " choices");
    }
}
