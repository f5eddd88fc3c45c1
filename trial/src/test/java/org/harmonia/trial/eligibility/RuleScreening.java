package org.harmonia.trial.eligibility;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates one rule as an inclusion criterion over a small set of variables, for tests of single rules. */
final class RuleScreening {
    static final LocalDate RANDOMISATION = LocalDate.of(2026, 3, 21);

    static final Map<String, ScreeningVariable> VARIABLES = variables(
            ScreeningVariable.of("a", VariableType.BOOLEAN, "a"),
            ScreeningVariable.of("b", VariableType.BOOLEAN, "b"),
            ScreeningVariable.of("c", VariableType.BOOLEAN, "c"),
            ScreeningVariable.of("edss", VariableType.EDSS, "EDSS"),
            ScreeningVariable.of("edss_baseline", VariableType.EDSS, "EDSS at baseline"),
            ScreeningVariable.of("relapses", VariableType.INTEGER, "relapses in the last 12 months"),
            new ScreeningVariable("egfr", VariableType.NUMBER, "eGFR", "mL/min/1.73m2", null),
            ScreeningVariable.of("date_of_birth", VariableType.DATE, "date of birth"),
            ScreeningVariable.of("ms_onset_date", VariableType.DATE, "MS onset"),
            ScreeningVariable.of("last_dose", VariableType.DATE, "last dose"),
            ScreeningVariable.of("first_dose", VariableType.DATE, "first dose"),
            ScreeningVariable.of("oligoclonal_bands", VariableType.BOOLEAN, "oligoclonal bands in CSF"),
            new ScreeningVariable("phenotype", VariableType.CHOICE, "phenotype", null, List.of("RRMS", "SPMS", "PPMS")),
            ScreeningVariable.of("note", VariableType.TEXT, "note"));

    private RuleScreening() {
    }

    static Map<String, ScreeningVariable> variables(ScreeningVariable... list) {
        var map = new LinkedHashMap<String, ScreeningVariable>();
        for (ScreeningVariable v : list) {
            map.put(v.name(), v);
        }
        return map;
    }

    /** The verdict on {@code rule} for data given as name, value pairs, randomised on {@link #RANDOMISATION}. */
    static CriterionVerdict verdict(String rule, String... nameValuePairs) {
        return verdictOn(RANDOMISATION, rule, nameValuePairs);
    }

    static CriterionVerdict verdictOn(LocalDate randomisation, String rule, String... nameValuePairs) {
        var raw = new LinkedHashMap<String, String>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            raw.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        Criterion criterion = new Criterion("R", CriterionKind.INCLUSION, "rule under test", Rule.parse(rule));
        return EligibilityEngine.evaluate(List.of(criterion), ScreeningData.parse(raw, VARIABLES), randomisation,
                VARIABLES).criteria().get(0);
    }
}
