package org.harmonia.server.visits;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.harmonia.server.system.FieldError;
import org.harmonia.trial.eligibility.ScreeningVariable;
import org.harmonia.trial.eligibility.VariableType;
import org.harmonia.trial.forms.FieldIssue;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.forms.FormField;
import org.junit.jupiter.api.Test;

/** Every field type of a protocol form becomes the input HTML has for it, with the limits HTML can state. */
class FormViewTest {
    static final FormDefinition FORM = new FormDefinition("infusion", "study infusion", false, List.of(
            field(new ScreeningVariable("infusion_date", VariableType.DATE, "date of infusion", null, List.of()), true, null, null),
            field(new ScreeningVariable("edss", VariableType.EDSS, "EDSS", null, List.of()), true, null, null),
            field(new ScreeningVariable("volume_ml", VariableType.NUMBER, "infused volume", "mL", List.of()), false, "0", "1000"),
            field(new ScreeningVariable("gel_count", VariableType.INTEGER, "GEL", null, List.of()), true, "0", "500"),
            field(new ScreeningVariable("route", VariableType.CHOICE, "route", null, List.of("intravenous", "intrathecal")), true, null, null),
            field(new ScreeningVariable("reaction", VariableType.BOOLEAN, "infusion reaction", null, List.of()), false, null, null),
            field(new ScreeningVariable("kit_number", VariableType.TEXT, "kit number", null, List.of(), null, null, false, 40, false), true, null, null),
            field(new ScreeningVariable("description", VariableType.TEXT, "description", null, List.of(), null, null, false, null, true), false, null, null)),
            List.of());

    @Test
    void eachTypeHasItsInput() {
        Map<String, FormView.Input> in = inputs(FormView.of(FORM, Map.of("gel_count", "3", "reaction", "yes"), List.of(), List.of()));
        assertThat(in.get("infusion_date").kind()).isEqualTo("date");
        assertThat(in.get("edss")).extracting(FormView.Input::kind, FormView.Input::step, FormView.Input::min, FormView.Input::max)
                .containsExactly("number", "0.5", "0", "10");
        assertThat(in.get("volume_ml")).extracting(FormView.Input::kind, FormView.Input::step, FormView.Input::unit, FormView.Input::max)
                .containsExactly("number", "any", "mL", "1000");
        assertThat(in.get("gel_count")).extracting(FormView.Input::step, FormView.Input::required, FormView.Input::value)
                .containsExactly("1", true, "3");
        assertThat(in.get("route")).extracting(FormView.Input::kind, FormView.Input::yesNo, FormView.Input::choices)
                .containsExactly("select", false, List.of("intravenous", "intrathecal"));
        assertThat(in.get("reaction")).extracting(FormView.Input::kind, FormView.Input::yesNo, FormView.Input::value)
                .containsExactly("select", true, "yes");
        assertThat(in.get("kit_number")).extracting(FormView.Input::kind, FormView.Input::maxLength).containsExactly("text", 40);
        assertThat(in.get("description")).extracting(FormView.Input::kind, FormView.Input::maxLength)
                .containsExactly("textarea", ScreeningVariable.MULTI_LINE_MAX);
        assertThat(in.get("volume_ml").describedBy()).isEqualTo("field-volume_ml-unit");
        assertThat(in.get("edss").describedBy()).isNull();
    }

    @Test
    void aLaboratoryFieldWithOtherUnitsTakesTextNamesItsUnitsAndShowsTheSavedValueInEach() {
        FormDefinition lab = new FormDefinition("liver_function", "liver function", false, List.of(new FormField(
                new ScreeningVariable("total_bilirubin", VariableType.NUMBER, "total bilirubin", "umol/L", List.of()), true,
                BigDecimal.ONE, new BigDecimal("1000"), null, null,
                List.of(new org.harmonia.trial.forms.OtherUnit("mg/dL", new BigDecimal("17.1"))))), List.of());
        FormView.Input in = FormView.of(lab, Map.of("total_bilirubin", "35.91"), List.of(), List.of()).inputs().get(0);
        assertThat(in).extracting(FormView.Input::kind, FormView.Input::step, FormView.Input::unitHint, FormView.Input::shown)
                .containsExactly("text", null, "umol/L, mg/dL", "35.91 umol/L (2.1 mg/dL)");
        assertThat(inputs(FormView.of(FORM, Map.of("volume_ml", "80"), List.of(), List.of())).get("volume_ml"))
                .extracting(FormView.Input::unitHint, FormView.Input::shown).containsExactly("mL", "80 mL");
    }

    @Test
    void theApisErrorsGoToTheirFieldsAndTheRestToTheSummary() {
        FormView view = FormView.of(FORM, Map.of(), List.of(new FieldError("values.gel_count", "GEL 600 is above the highest possible value 500"),
                new FieldError("reason", "a reason is required"), new FieldError("values.unknown", "no such field"),
                new FieldError("version", "is required")), List.of(new FieldIssue("volume_ml", "above the normal range")));
        Map<String, FormView.Input> in = inputs(view);
        assertThat(in.get("gel_count").errors()).containsExactly("GEL 600 is above the highest possible value 500");
        assertThat(in.get("gel_count").describedBy()).isEqualTo("field-gel_count-error");
        assertThat(in.get("volume_ml").describedBy()).isEqualTo("field-volume_ml-unit field-volume_ml-warning");
        assertThat(view.errorsOf("reason")).containsExactly("a reason is required");
        assertThat(view.generalErrors()).extracting(FieldError::field).containsExactly("values.unknown", "version");
        assertThat(view.allWarnings()).containsExactly("above the normal range");
        assertThat(view.hasErrors()).isTrue();
    }

    private static Map<String, FormView.Input> inputs(FormView view) {
        Map<String, FormView.Input> out = new java.util.LinkedHashMap<>();
        view.inputs().forEach(i -> out.put(i.name(), i));
        return out;
    }

    private static FormField field(ScreeningVariable v, boolean required, String min, String max) {
        return new FormField(v, required, min == null ? null : new BigDecimal(min), max == null ? null : new BigDecimal(max), null, null);
    }
}
