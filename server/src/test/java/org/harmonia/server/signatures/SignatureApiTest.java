package org.harmonia.server.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.audit.AuditEntry;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Electronic signatures over real HTTP (today is 2026-06-15): the investigator signs a casebook with the password
 * and the meaning; the signature holds name, time, meaning and the SHA-256 of exactly what was signed, bound to the
 * subject; a later change breaks it; a wrong password is refused and counted like a failed sign-in; all audited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class SignatureApiTest {
    static final String STUDY = "/api/studies/mesems";
    static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    SignatureService signatures;

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    TestUsers users;
    ApiClient investigator;
    ApiClient coordinator;

    @BeforeEach
    void setUp() {
        users = new TestUsers(userService);
        investigator = new ApiClient(port, users.token("investigator", "mesems", Role.SITE_INVESTIGATOR, "07"));
        coordinator = investigator.as(users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
    }

    @Test
    void anInvestigatorSignsTheCasebookAndALaterChangeBreaksTheSignature() {
        String subject = enrolled();
        long record = saveEdss(subject);
        String expected = signatures.content("mesems", subject, null).sha256();

        Response signed = investigator.post(STUDY + "/subjects/" + subject + "/signatures",
                Map.of("meaning", "accurate-and-complete", "password", PASSWORD));
        assertThat(signed.status()).as(signed.text()).isEqualTo(201);
        JsonNode s = signed.body();
        long id = s.get("id").asLong();
        assertThat(s.get("signedBy").asString()).isEqualTo(users.username("investigator"));
        assertThat(s.get("signerName").asString()).isNotBlank();
        assertThat(s.get("signedAt").asString()).isNotBlank();
        assertThat(s.get("meaningText").asString()).isEqualTo("I confirm the data are accurate and complete");
        assertThat(s.get("contentSha256").asString()).isEqualTo(expected).hasSize(64);
        assertThat(s.get("formRecords").asInt()).isEqualTo(1);
        assertThat(s.get("status").asString()).isEqualTo("VALID");
        assertThat(s.has("password")).isFalse();
        assertThat(signed.text()).doesNotContain(PASSWORD);

        Response changed = coordinator.put(STUDY + "/form-records/" + record, Map.of("values", Map.of("edss", 4.0), "version", 1,
                "reason", "transcription error"));
        assertThat(changed.status()).isEqualTo(200);
        JsonNode after = coordinator.get(STUDY + "/signatures/" + id).body();
        assertThat(after.get("status").asString()).isEqualTo("BROKEN");
        assertThat(after.get("brokenBy").asString()).isEqualTo(users.username("coordinator"));
        assertThat(after.get("brokenReason").asString()).contains("form record " + record, "changed");
        assertThat(after.get("contentSha256").asString()).isEqualTo(expected);

        List<String> actions = audit.history("casebook_signature", Long.toString(id)).stream().map(AuditEntry::action).toList();
        assertThat(actions).containsExactly("SIGN", "SIGNATURE_BROKEN");

        // a new signature covers the data as they are now
        JsonNode again = investigator.post(STUDY + "/subjects/" + subject + "/signatures",
                Map.of("meaning", "accurate-and-complete", "password", PASSWORD)).body();
        assertThat(again.get("status").asString()).isEqualTo("VALID");
        assertThat(again.get("contentSha256").asString()).isNotEqualTo(expected);
        JsonNode list = investigator.get(STUDY + "/subjects/" + subject + "/signatures").body();
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.get(0).get("status").asString()).isEqualTo("VALID");
        assertThat(list.get(1).get("status").asString()).isEqualTo("BROKEN");
    }

    @Test
    void aVisitSignatureBreaksOnlyWithAChangeAtThatVisit() {
        String subject = enrolled();
        saveEdss(subject);
        long w0 = investigator.post(STUDY + "/subjects/" + subject + "/signatures",
                Map.of("visitId", "W0", "meaning", "accurate-and-complete", "password", PASSWORD)).body().get("id").asLong();
        assertThat(coordinator.put(STUDY + "/subjects/" + subject + "/visits/W4/forms/edss", Map.of("values",
                Map.of("assessment_date", "2026-06-14", "edss", 3.5))).status()).isEqualTo(200);
        assertThat(investigator.get(STUDY + "/signatures/" + w0).body().get("status").asString()).isEqualTo("VALID");
        assertThat(coordinator.put(STUDY + "/subjects/" + subject + "/visits/W0", Map.of("status", "done",
                "visitDate", "2026-05-18")).status()).isEqualTo(200);
        assertThat(investigator.get(STUDY + "/signatures/" + w0).body().get("status").asString()).isEqualTo("BROKEN");
    }

    @Test
    void theHashIsBoundToTheSubjectSoASignatureCannotBeCopiedToAnotherRecord() {
        String first = enrolled();
        String second = enrolled();
        saveEdss(first);
        saveEdss(second);
        // the same values, another subject: another hash
        assertThat(signatures.content("mesems", first, null).text().replace(first, second))
                .isNotEqualTo(signatures.content("mesems", second, null).text()); // record ids differ as well
        assertThat(signatures.content("mesems", first, null).sha256()).isNotEqualTo(signatures.content("mesems", second, null).sha256());
        long id = investigator.post(STUDY + "/subjects/" + first + "/signatures",
                Map.of("meaning", "accurate-and-complete", "password", PASSWORD)).body().get("id").asLong();
        // a signature row moved to another subject by hand no longer matches that subject's data
        jdbc.sql("update casebook_signature set subject_id = ? where id = ?").params(second, id).update();
        assertThat(investigator.get(STUDY + "/signatures/" + id).body().get("status").asString()).isEqualTo("BROKEN");
        assertThat(investigator.get(STUDY + "/signatures/" + id).body().get("brokenReason").asString())
                .isEqualTo("the data differ from what was signed");
    }

    @Test
    void aWrongPasswordIsRefusedAndCountedLikeAFailedSignIn() {
        String subject = enrolled();
        saveEdss(subject);
        int before = failedLogins("investigator");
        Response wrong = investigator.post(STUDY + "/subjects/" + subject + "/signatures",
                Map.of("meaning", "accurate-and-complete", "password", "not my password"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.body().get("errors").get(0).get("field").asString()).isEqualTo("password");
        assertThat(failedLogins("investigator")).isEqualTo(before + 1);
        assertThat(investigator.get(STUDY + "/subjects/" + subject + "/signatures").body().size()).isZero();
        assertThat(audit.history("app_user", users.username("investigator")).stream().map(AuditEntry::newValue))
                .anyMatch(v -> v != null && v.startsWith("signature: wrong password"));
    }

    @Test
    void onlyTheSiteInvestigatorSignsAndBadRequestsChangeNothing() {
        String subject = enrolled();
        saveEdss(subject);
        assertThat(coordinator.post(STUDY + "/subjects/" + subject + "/signatures",
                Map.of("meaning", "accurate-and-complete", "password", PASSWORD)).status()).isEqualTo(403);
        Response noMeaning = investigator.post(STUDY + "/subjects/" + subject + "/signatures", Map.of("password", PASSWORD));
        assertThat(noMeaning.status()).isEqualTo(422);
        assertThat(noMeaning.body().get("errors").get(0).get("field").asString()).isEqualTo("meaning");
        assertThat(investigator.post(STUDY + "/subjects/" + subject + "/signatures",
                Map.of("visitId", "W99", "meaning", "accurate-and-complete", "password", PASSWORD)).status()).isEqualTo(422);
        String empty = enrolled();
        assertThat(investigator.post(STUDY + "/subjects/" + empty + "/signatures",
                Map.of("meaning", "accurate-and-complete", "password", PASSWORD)).status()).isEqualTo(409);
        assertThat(investigator.get(STUDY + "/subjects/" + subject + "/signatures").body().size()).isZero();
    }

    private int failedLogins(String name) {
        return jdbc.sql("select failed_logins from app_user where username = ?").param(users.username(name)).query(Integer.class).single();
    }

    private String enrolled() {
        JsonNode screened = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-05-01",
                "plannedRandomisationDate", "2026-05-18", "data", Patients.eligibleRrms())).body();
        String id = screened.get("id").asString();
        assertThat(coordinator.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", "2026-05-02",
                "dayZero", "2026-05-18", "version", screened.get("version").asInt())).status()).isEqualTo(200);
        return id;
    }

    private long saveEdss(String subject) {
        Response r = coordinator.put(STUDY + "/subjects/" + subject + "/visits/W0/forms/edss", Map.of("values",
                Map.of("assessment_date", "2026-05-18", "edss", 3.5)));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.body().get("record").get("id").asLong();
    }
}
