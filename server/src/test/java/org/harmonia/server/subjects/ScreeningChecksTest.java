package org.harmonia.server.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Screening over real HTTP refuses data that cannot be true before any verdict rests on them, updates change
 * exactly what they name, and another site is not found. Today is 2026-06-15.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class ScreeningChecksTest {
    static final String STUDY = "/api/studies/mesems";

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    ApiClient coordinator;
    ApiClient genoa;
    ApiClient monitor;

    @BeforeEach
    void clients() {
        TestUsers users = new TestUsers(userService);
        coordinator = new ApiClient(port, users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
        genoa = coordinator.as(users.token("genoa", "mesems", Role.SITE_COORDINATOR, "01"));
        monitor = coordinator.as(users.token("monitor", "mesems", Role.MONITOR, null));
    }

    Response screen(String screeningDate, String randomisation, Map<String, Object> data) {
        return coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", screeningDate,
                "plannedRandomisationDate", randomisation, "data", data));
    }

    int siteSubjects() {
        return coordinator.get(STUDY + "/sites/07/subjects").body().size();
    }

    static List<String> errors(Response r) {
        List<String> out = new ArrayList<>();
        r.body().get("errors").forEach(e -> out.add(e.get("field").asString() + ": " + e.get("message").asString()));
        return out;
    }

    @Test
    void refusesALastRelapseAfterThePlannedRandomisationDateInsteadOfCallingItOutsideTheWindow() {
        int before = siteSubjects();
        Map<String, Object> d = Patients.eligibleRrms();
        d.put("last_relapse", "2026-06-12");
        Response r = screen("2026-05-01", "2026-06-01", d);
        assertThat(r.status()).as(r.text()).isEqualTo(422);
        assertThat(errors(r)).containsExactly("data.last_relapse: the last relapse must not be after the planned randomisation date"
                + " (onset of the last relapse 2026-06-12 is after planned randomisation date 2026-06-01)");
        assertThat(siteSubjects()).isEqualTo(before);
    }

    @Test
    void refusesThreeRelapsesInTwelveMonthsButOneInTwentyFour() {
        Map<String, Object> d = Patients.eligibleRrms();
        d.put("relapses_12m", 3);
        d.put("relapses_24m", 1);
        Response r = screen("2026-06-01", "2026-06-20", d);
        assertThat(r.status()).isEqualTo(422);
        assertThat(errors(r)).singleElement().satisfies(e ->
                assertThat(e).startsWith("data.relapses_24m: the relapses of the last 24 months include those of the last 12 months"));
    }

    @Test
    void refusesMsOnsetBeforeBirth() {
        Map<String, Object> d = Patients.eligibleRrms();
        d.put("ms_onset_date", "1985-05-01");
        Response r = screen("2026-06-01", "2026-06-20", d);
        assertThat(r.status()).isEqualTo(422);
        assertThat(errors(r)).containsExactly("data.ms_onset_date: MS onset must be after birth (date of MS onset 1985-05-01 is"
                + " before date of birth 1986-03-14)");
    }

    @Test
    void refusesFutureHistoryAndImpossibleNumbers() {
        Map<String, Object> d = Patients.eligibleRrms();
        d.put("last_corticosteroid", "2026-07-01");
        d.put("egfr", 900);
        Response r = screen("2026-06-01", "2026-07-20", d);
        assertThat(r.status()).isEqualTo(422);
        assertThat(errors(r)).containsExactlyInAnyOrder(
                "data.last_corticosteroid: 2026-07-01 is in the future (today is 2026-06-15)",
                "data.egfr: eGFR 900 mL/min/1.73m2 is above the highest possible value 250 mL/min/1.73m2");
    }

    @Test
    void anUpdateChangesOnlyWhatItNamesAndKeepsThePlannedDate() {
        Map<String, Object> d = Patients.eligibleRrms();
        d.remove("egfr");
        JsonNode s = screen("2026-06-01", "2026-06-20", d).body();
        String id = s.get("id").asString();
        assertThat(s.get("status").asString()).isEqualTo("SCREENING");
        Response done = coordinator.put(STUDY + "/subjects/" + id + "/screening",
                Map.of("data", Map.of("egfr", 88), "version", 1, "reason", "eGFR result arrived"));
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        assertThat(done.body().get("status").asString()).isEqualTo("ELIGIBLE");
        assertThat(done.body().get("plannedRandomisationDate").asString()).isEqualTo("2026-06-20");
        assertThat(done.body().get("screeningData").get("egfr").asString()).isEqualTo("88");
        assertThat(done.body().get("screeningData").get("relapses_24m").asString()).isEqualTo("2");
        JsonNode page = monitor.get("/api/audit?studyId=mesems&entityType=subject&entityId=" + id).body();
        List<String> changed = new ArrayList<>();
        (page.has("entries") ? page.get("entries") : page).forEach(row -> {
            if (row.get("action").asString().equals("UPDATE")) {
                changed.add(row.get("field").asString());
            }
        });
        assertThat(changed).containsExactlyInAnyOrder("screening.egfr", "status", "eligibility");
    }

    @Test
    void anUpdateEmptiesOnlyWhatItClearsAndChecksTheMergedData() {
        JsonNode s = screen("2026-06-01", "2026-06-20", Patients.eligibleRrms()).body();
        String id = s.get("id").asString();
        String path = STUDY + "/subjects/" + id + "/screening";
        Response contradiction = coordinator.put(path, Map.of("data", Map.of("relapses_12m", 3), "version", 1, "reason", "x"));
        assertThat(contradiction.status()).isEqualTo(422);
        assertThat(errors(contradiction)).singleElement().satisfies(e -> assertThat(e).startsWith("data.relapses_24m: "));
        Response nullDate = coordinator.put(path, "{\"plannedRandomisationDate\": null, \"version\": 1, \"reason\": \"x\"}");
        assertThat(nullDate.status()).isEqualTo(422);
        assertThat(errors(nullDate)).containsExactly(
                "plannedRandomisationDate: null is not a date; to remove the date, list plannedRandomisationDate in clear");
        Response nullValue = coordinator.put(path, "{\"data\": {\"egfr\": null}, \"version\": 1, \"reason\": \"x\"}");
        assertThat(errors(nullValue)).containsExactly("data.egfr: null is not a value; to empty the field, list it in clear");

        Response cleared = coordinator.put(path, Map.of("clear", List.of("egfr", "plannedRandomisationDate"), "version", 1,
                "reason", "lab result belonged to another patient; randomisation not yet planned"));
        assertThat(cleared.status()).as(cleared.text()).isEqualTo(200);
        assertThat(cleared.body().get("status").asString()).isEqualTo("SCREENING");
        assertThat(cleared.body().has("plannedRandomisationDate")).isFalse();
        assertThat(cleared.body().get("screeningData").has("egfr")).isFalse();
        assertThat(cleared.body().get("screeningData").get("edss").asString()).isEqualTo("4.0");
    }

    @Test
    void screeningAtAnotherSiteIsNotFoundExactlyLikeAnUnknownSite() {
        Response other = genoa.post(STUDY + "/screenings", Map.of("siteId", "07", "data", Patients.eligibleRrms()));
        Response unknown = genoa.post(STUDY + "/screenings", Map.of("siteId", "99", "data", Patients.eligibleRrms()));
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.body().get("detail").asString()).isEqualTo("no site \"07\" in study mesems");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("detail").asString()).isEqualTo("no site \"99\" in study mesems");
        assertThat(other.body().get("type").asString()).isEqualTo(unknown.body().get("type").asString());
    }
}
