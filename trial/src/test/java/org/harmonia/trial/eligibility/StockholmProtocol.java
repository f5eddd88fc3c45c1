package org.harmonia.trial.eligibility;

import static org.harmonia.trial.eligibility.CriterionKind.EXCLUSION;
import static org.harmonia.trial.eligibility.CriterionKind.INCLUSION;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The eligibility criteria of the Stockholm MESEMS sub-trial (NCT01730547) written in the rule language, as a
 * protocol file would state them: the acceptance test that the language can say every one of them.
 */
final class StockholmProtocol {
    static final LocalDate RANDOMISATION = LocalDate.of(2026, 3, 21);

    private static final String RRMS_ACTIVE =
            "approved_therapy_year and (relapses_12m >= 1 or relapses_24m >= 2 or gel_on_mri_12m)";
    private static final String SPMS_ACTIVE = "approved_therapy_year"
            + " and edss_increase_12m >= if(edss <= 5.0, 1.0, 0.5) and (relapses_12m >= 1 or gel_on_mri_12m)";
    private static final String PPMS_ACTIVE =
            "edss_increase_12m >= if(edss <= 5.0, 1.0, 0.5) and gel_on_mri_12m and oligoclonal_bands";

    private StockholmProtocol() {
    }

    static Map<String, ScreeningVariable> variables() {
        var list = List.of(
                new ScreeningVariable("phenotype", VariableType.CHOICE, "phenotype", null,
                        List.of("RRMS", "SPMS", "PPMS")),
                bool("approved_therapy_year", "at least a year of approved MS therapy"),
                new ScreeningVariable("relapses_12m", VariableType.INTEGER, "relapses in the last 12 months", null,
                        null),
                new ScreeningVariable("relapses_24m", VariableType.INTEGER, "relapses in the last 24 months", null,
                        null),
                bool("gel_on_mri_12m", "GEL on MRI in the last 12 months"),
                new ScreeningVariable("edss", VariableType.EDSS, "EDSS", null, null),
                new ScreeningVariable("edss_increase_12m", VariableType.NUMBER, "EDSS increase in the last 12 months",
                        "points", null),
                bool("oligoclonal_bands", "oligoclonal bands in CSF"),
                date("date_of_birth", "date of birth"),
                date("ms_onset_date", "MS onset"),
                bool("active_or_chronic_infection", "active or chronic infection"),
                bool("hiv", "HIV-1/2 infection"),
                bool("chronic_hepatitis_b", "chronic hepatitis B"),
                bool("chronic_hepatitis_c", "chronic hepatitis C"),
                date("last_immunosuppressant", "last immunosuppressive therapy"),
                date("last_interferon_or_glatiramer", "last interferon-beta or glatiramer acetate"),
                date("last_corticosteroid", "last corticosteroid dose"),
                date("last_relapse", "last relapse"),
                bool("malignancy_history", "history of malignancy"),
                new ScreeningVariable("malignancy_type", VariableType.CHOICE, "malignancy type", null,
                        List.of("basal cell carcinoma of the skin", "carcinoma in situ", "other")),
                date("malignancy_remission_date", "malignancy in remission since"),
                bool("limited_life_expectancy", "severely limited life expectancy from another illness"),
                bool("haematological_disease", "myelodysplasia or other haematological disease"),
                bool("white_cell_abnormality", "clinically relevant white cell count abnormality"),
                bool("pregnant", "pregnant"),
                bool("childbearing_potential", "could become pregnant"),
                bool("contraception_agreed", "willing to use active contraception"),
                new ScreeningVariable("egfr", VariableType.NUMBER, "eGFR", "mL/min/1.73m2", null),
                bool("renal_failure", "known renal failure"),
                bool("mri_contraindication", "unable to undergo MRI"),
                bool("informed_consent", "able to give written informed consent"));
        var map = new LinkedHashMap<String, ScreeningVariable>();
        list.forEach(v -> map.put(v.name(), v));
        return map;
    }

    static List<Criterion> criteria() {
        return List.of(
                inclusion("I1a", "Relapsing remitting MS (RRMS) not responding to at least a year of attempted"
                        + " therapy with one or more of the approved therapies, as evidenced by ≥1 relapse in the past"
                        + " 12 months, ≥2 relapses in the last 24 months or ≥1 GEL at MRI within the last 12 months",
                        "phenotype != \"RRMS\" or (" + RRMS_ACTIVE + ")"),
                inclusion("I1b", "Secondary progressive MS (SPMS) not responding to at least a year of attempted"
                        + " therapy, as evidenced by both an EDSS increase of ≥1 point (EDSS ≤ 5.0) or 0.5 point"
                        + " (EDSS ≥ 5.5) in the last 12 months and ≥1 relapse or ≥1 GEL at MRI within 12 months",
                        "phenotype != \"SPMS\" or (" + SPMS_ACTIVE + ")"),
                inclusion("I1c", "Primary progressive MS (PPMS) with an EDSS increase of ≥1 point (EDSS ≤ 5.0) or"
                        + " 0.5 point (EDSS ≥ 5.5) in the last 12 months, ≥1 GEL at MRI within the last 12 months"
                        + " and positive CSF (oligoclonal banding)",
                        "phenotype != \"PPMS\" or (" + PPMS_ACTIVE + ")"),
                inclusion("I2", "Age 18 to 50 years", "years_since(date_of_birth) between 18 and 50"),
                inclusion("I3", "Disease duration 2 to 10 years (included)", "years_since(ms_onset_date) between 2 and 10"),
                inclusion("I4", "EDSS 3.0 to 6.5", "edss between 3.0 and 6.5"),
                exclusion("E1", "RRMS not fulfilling inclusion criteria",
                        "phenotype == \"RRMS\" and not (" + RRMS_ACTIVE + ")"),
                exclusion("E2", "SPMS not fulfilling inclusion criteria",
                        "phenotype == \"SPMS\" and not (" + SPMS_ACTIVE + ")"),
                exclusion("E3", "PPMS not fulfilling inclusion criteria",
                        "phenotype == \"PPMS\" and not (" + PPMS_ACTIVE + ")"),
                exclusion("E4", "Any active or chronic infection including infection with HIV1-2 or chronic"
                        + " Hepatitis B or Hepatitis C",
                        "active_or_chronic_infection or hiv or chronic_hepatitis_b or chronic_hepatitis_c"),
                exclusion("E5", "Treatment with any immunosuppressive therapy, including natalizumab and fingolimod,"
                        + " within the 3 months prior to randomization", "within(last_immunosuppressant, 3 months)"),
                exclusion("E6", "Treatment with interferon-beta or glatiramer acetate within the 30 days prior to"
                        + " randomization", "within(last_interferon_or_glatiramer, 30 days)"),
                exclusion("E7", "Treatment with corticosteroids within the 30 days prior to randomization",
                        "within(last_corticosteroid, 30 days)"),
                exclusion("E8", "Relapse occurred during the 60 days prior to randomization",
                        "within(last_relapse, 60 days)"),
                exclusion("E9", "Previous history of a malignancy other than basal cell carcinoma of the skin or"
                        + " carcinoma in situ that has been in remission for more than one year",
                        "malignancy_history and not (malignancy_type in [\"basal cell carcinoma of the skin\","
                                + " \"carcinoma in situ\"] and not within(malignancy_remission_date, 12 months))"),
                exclusion("E10", "Severely limited life expectancy by another co-morbid illness",
                        "limited_life_expectancy"),
                exclusion("E11", "History of previous diagnosis of myelodysplasia or previous hematologic disease or"
                        + " current clinically relevant abnormalities of white blood cell counts",
                        "haematological_disease or white_cell_abnormality"),
                exclusion("E12", "Pregnancy or risk of pregnancy (this includes patients that are unwilling to"
                        + " practice active contraception during the duration of the study)",
                        "pregnant or (childbearing_potential and not contraception_agreed)"),
                exclusion("E13", "eGFR < 60 mL/min/1.73m2 or known renal failure or inability to undergo MRI"
                        + " examination", "egfr < 60 or renal_failure or mri_contraindication"),
                exclusion("E14", "Inability to give written informed consent in accordance with research ethics"
                        + " board guidelines", "not informed_consent"));
    }

    /** A 39-year-old with active RRMS who meets every criterion on {@link #RANDOMISATION}. */
    static Map<String, String> eligiblePatient() {
        var raw = new LinkedHashMap<String, String>();
        raw.put("phenotype", "RRMS");
        raw.put("approved_therapy_year", "yes");
        raw.put("relapses_12m", "1");
        raw.put("relapses_24m", "2");
        raw.put("gel_on_mri_12m", "yes");
        raw.put("edss", "4.5");
        raw.put("edss_increase_12m", "0.5");
        raw.put("oligoclonal_bands", "yes");
        raw.put("date_of_birth", "1986-05-10");
        raw.put("ms_onset_date", "2019-02-01");
        raw.put("active_or_chronic_infection", "no");
        raw.put("hiv", "no");
        raw.put("chronic_hepatitis_b", "no");
        raw.put("chronic_hepatitis_c", "no");
        raw.put("last_immunosuppressant", "never");
        raw.put("last_interferon_or_glatiramer", "2025-12-01");
        raw.put("last_corticosteroid", "2025-11-15");
        raw.put("last_relapse", "2025-10-01");
        raw.put("malignancy_history", "no");
        raw.put("limited_life_expectancy", "no");
        raw.put("haematological_disease", "no");
        raw.put("white_cell_abnormality", "no");
        raw.put("pregnant", "no");
        raw.put("childbearing_potential", "yes");
        raw.put("contraception_agreed", "yes");
        raw.put("egfr", "95");
        raw.put("renal_failure", "no");
        raw.put("mri_contraindication", "no");
        raw.put("informed_consent", "yes");
        return raw;
    }

    private static ScreeningVariable bool(String name, String label) {
        return new ScreeningVariable(name, VariableType.BOOLEAN, label, null, null);
    }

    private static ScreeningVariable date(String name, String label) {
        return new ScreeningVariable(name, VariableType.DATE, label, null, null);
    }

    private static Criterion inclusion(String id, String text, String rule) {
        return new Criterion(id, INCLUSION, text, Rule.parse(rule));
    }

    private static Criterion exclusion(String id, String text, String rule) {
        return new Criterion(id, EXCLUSION, text, Rule.parse(rule));
    }
}
