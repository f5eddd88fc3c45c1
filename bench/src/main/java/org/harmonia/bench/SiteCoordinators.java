package org.harmonia.bench;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The benchmarks' users, made through the API before anything is timed: site coordinators created by the demo
 * administrator, spread over the sites that hold demo subjects, each with a subject of its own on study.
 */
final class SiteCoordinators {
    static final String STUDY = "mesems";
    static final String DEMO_PASSWORD = "harmonia-demo";
    static final String BENCH_PASSWORD = "page-benchmark-password";

    private SiteCoordinators() {
    }

    /**
     * A benchmark user: a site coordinator, its site, the subjects it opens (the site's demo subjects and its own) and
     * the subject of its own, whose forms no other user writes. The paths are the pages the page benchmark opens.
     */
    record SiteUser(String username, long userId, String siteId, List<String> siteSubjects, String ownSubject) {
        String dashboard() {
            return "/studies/" + STUDY + "/sites/" + siteId;
        }

        String subjectPage(int i) {
            return "/studies/" + STUDY + "/subjects/" + siteSubjects.get(i % siteSubjects.size());
        }

        String form() {
            return "/studies/" + STUDY + "/subjects/" + ownSubject + "/visits/W4/forms/mri";
        }
    }

    /**
     * Creates the benchmark's site coordinators through the administration API, spread over the sites that hold
     * demo subjects, and gives each a subject of its own on study (screened, enrolled five weeks ago, randomised) that
     * it alone writes: its saves then never clash with another user's.
     */
    static List<SiteUser> prepare(String base, int count) throws IOException, InterruptedException {
        Api admin = Api.as(base, "admin", DEMO_PASSWORD);
        Api central = Api.as(base, "datamanager", DEMO_PASSWORD);
        JsonNode study = central.get("/api/studies/" + STUDY);
        Map<String, List<String>> subjectsBySite = new LinkedHashMap<>();
        for (JsonNode subTrial : study.path("subTrials")) {
            for (JsonNode site : subTrial.path("sites")) {
                String id = site.path("id").asString();
                List<String> ids = new ArrayList<>();
                for (JsonNode s : central.get("/api/studies/" + STUDY + "/sites/" + id + "/subjects")) {
                    ids.add(s.path("id").asString());
                }
                if (!ids.isEmpty()) {
                    subjectsBySite.put(id, ids);
                }
            }
        }
        if (subjectsBySite.isEmpty()) {
            throw new IllegalStateException("the demo has no subjects: was it started with --no-cohort?");
        }
        List<String> sites = new ArrayList<>(subjectsBySite.keySet());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<SiteUser> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String username = String.format(Locale.ROOT, "bench.coordinator.%02d", i + 1);
            String site = sites.get(i % sites.size());
            admin.post("/api/admin/users", Map.of("username", username, "displayName", "Benchmark coordinator " + (i + 1),
                    "password", BENCH_PASSWORD, "administrator", false), 201);
            admin.post("/api/studies/" + STUDY + "/roles", Map.of("username", username, "role", "SITE_COORDINATOR", "siteId", site), 201);
            Api coordinator = Api.as(base, username, BENCH_PASSWORD);
            long userId = coordinator.get("/api/me").path("userId").asLong();
            String own = onStudySubject(coordinator, site, today);
            List<String> visited = new ArrayList<>(subjectsBySite.get(site));
            visited.add(own);
            users.add(new SiteUser(username, userId, site, visited, own));
        }
        System.out.printf("prepared: %d site coordinators over %d sites with demo subjects %s, one subject on study each%n",
                count, sites.size(), sites);
        return users;
    }

    /** A subject screened 70 days ago, eligible, enrolled with day 0 five weeks ago and randomised: its week-4 visit is past. */
    private static String onStudySubject(Api coordinator, String site, LocalDate today) throws IOException, InterruptedException {
        LocalDate dayZero = today.minusDays(35);
        Map<String, Object> screening = Map.of("siteId", site, "screeningDate", dayZero.minusDays(35).toString(),
                "plannedRandomisationDate", dayZero.toString(), "data", eligible(dayZero));
        JsonNode s = coordinator.post("/api/studies/" + STUDY + "/screenings", screening, 201);
        String id = s.path("id").asString();
        JsonNode enrolled = coordinator.post("/api/studies/" + STUDY + "/subjects/" + id + "/enrolment",
                Map.of("consentDate", dayZero.minusDays(34).toString(), "dayZero", dayZero.toString(), "version", s.path("version").asInt()), 200);
        if (enrolled.path("dayZero").isMissingNode()) {
            throw new IllegalStateException("enrolling " + id + " gave no day 0: " + enrolled);
        }
        coordinator.post("/api/studies/" + STUDY + "/subjects/" + id + "/randomisation", null, 200);
        return id;
    }

    /** Screening data every MESEMS sub-trial admits (Stockholm's narrower disease duration and EDSS included). */
    private static Map<String, Object> eligible(LocalDate dayZero) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("date_of_birth", dayZero.minusYears(38).minusDays(100).toString());
        d.put("sex", "female");
        d.put("ms_onset_date", dayZero.minusYears(5).toString());
        d.put("phenotype", "RRMS");
        d.put("edss", 4.0);
        d.put("failed_approved_therapy_1y", true);
        d.put("relapses_12m", 1);
        d.put("relapses_24m", 2);
        d.put("gel_on_mri_12m", true);
        d.put("edss_increase_12m", 0.0);
        d.put("csf_oligoclonal_bands", true);
        d.put("active_or_chronic_infection", false);
        d.put("last_immunosuppressant", "never");
        d.put("last_interferon_or_glatiramer", dayZero.minusDays(120).toString());
        d.put("last_corticosteroid", dayZero.minusDays(150).toString());
        d.put("last_relapse", dayZero.minusDays(200).toString());
        d.put("malignancy_history", false);
        d.put("limited_life_expectancy", false);
        d.put("haematological_disease", false);
        d.put("pregnant", false);
        d.put("unwilling_contraception", false);
        d.put("egfr", 90);
        d.put("renal_failure", false);
        d.put("mri_contraindication", false);
        d.put("able_to_consent", true);
        return d;
    }
}
