package org.harmonia.server;

import java.util.HashMap;
import java.util.Map;

/** Screening data of test patients, as a site would send it. */
public final class Patients {
    private Patients() {
    }

    /** A 40-year-old woman with active relapsing-remitting MS who meets every MESEMS criterion (master and Stockholm). */
    public static Map<String, Object> eligibleRrms() {
        Map<String, Object> d = new HashMap<>();
        d.put("date_of_birth", "1986-03-14");
        d.put("sex", "female");
        d.put("ms_onset_date", "2019-05-01");
        d.put("phenotype", "RRMS");
        d.put("edss", 4.0);
        d.put("failed_approved_therapy_1y", true);
        d.put("relapses_12m", 1);
        d.put("relapses_24m", 2);
        d.put("gel_on_mri_12m", true);
        d.put("edss_increase_12m", 0);
        d.put("csf_oligoclonal_bands", true);
        d.put("active_or_chronic_infection", false);
        d.put("last_immunosuppressant", "never");
        d.put("last_interferon_or_glatiramer", "2026-03-01");
        d.put("last_corticosteroid", "2026-02-01");
        d.put("last_relapse", "2026-02-15");
        d.put("malignancy_history", false);
        d.put("limited_life_expectancy", false);
        d.put("haematological_disease", false);
        d.put("pregnant", false);
        d.put("unwilling_contraception", false);
        d.put("egfr", 92);
        d.put("renal_failure", false);
        d.put("mri_contraindication", false);
        d.put("able_to_consent", true);
        return d;
    }
}
