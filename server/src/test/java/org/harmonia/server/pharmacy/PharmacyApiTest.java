package org.harmonia.server.pharmacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The pharmacy over real HTTP against the embedded PostgreSQL (today is 2026-06-15), at Stockholm (07): a kit goes from
 * the depot to its site and to its subject's infusion visits, its MSC batch released, and the chain of identity ends at
 * the infusion record the site saved; refused transitions answer 409 naming the state; a site running low raises one
 * shipment request, which the next shipment answers. Shares its database with {@link PharmacyPagesTest}, which works at
 * Genoa (01).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=pharmacy"})
@Import(FixedClockConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PharmacyApiTest {
    static final String STUDY = "/api/studies/mesems";
    static final String PHARMACY = STUDY + "/pharmacy";
    static final List<String> SEQUENCE_WORDS = List.of("MSC-PLACEBO", "PLACEBO-MSC", "MSC then placebo", "placebo then MSC");

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    @Autowired
    AuditTrail audit;

    @Autowired
    JdbcClient jdbc;

    ApiClient pharmacist;
    ApiClient coordinator;
    TestUsers users;

    @BeforeAll
    void setUp() {
        users = new TestUsers(userService);
        pharmacist = new ApiClient(port, users.token("pharmacist", "mesems", Role.UNBLINDED_PHARMACIST, null));
        coordinator = pharmacist.as(users.token("coordinator", "mesems", Role.SITE_COORDINATOR, "07"));
        ApiClient statistician = pharmacist.as(users.token("statistician", "mesems", Role.UNBLINDED_STATISTICIAN, null));
        // the pages' test may have generated the list in this database already
        assertThat(statistician.post(STUDY + "/randomisation/list", Map.of("lengthPerStratum", 12)).status()).isIn(201, 409);
    }

    /** A new subject randomised at Stockholm: its id and the kit its randomisation named. */
    String[] randomised() {
        JsonNode s = coordinator.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-06-01",
                "plannedRandomisationDate", "2026-06-10", "data", Patients.eligibleRrms())).body();
        String id = s.get("id").asString();
        assertThat(coordinator.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", "2026-06-02", "dayZero", "2026-06-10",
                "version", s.get("version").asInt())).status()).isEqualTo(200);
        Response r = coordinator.post(STUDY + "/subjects/" + id + "/randomisation", Map.of());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return new String[] {id, r.body().get("kitNumber").asString()};
    }

    /**
     * Kits still at the depot from London's list, where no test randomises: a Stockholm kit moved here would be the one a
     * later randomisation at Stockholm names.
     */
    List<String> depotKits(int n) {
        return jdbc.sql("""
                select k.kit_number from randomisation_slot k left join kit_stock s on s.study_id = k.study_id and s.kit_number = k.kit_number
                where k.study_id = 'mesems' and k.stratum = 'subTrial=london' and k.subject_id is null and s.kit_number is null
                order by k.kit_number limit ?""")
                .param(n).query(String.class).list();
    }

    Response batch(String batchId, String source, String donor, double viability, String released, String expiry) {
        Map<String, Object> b = new HashMap<>(Map.of("batchId", batchId, "source", source, "donor", donor, "cellDosePerKg", 1.5e6,
                "viabilityPercent", viability, "releaseTestsPassed", true, "expiryDate", expiry));
        if (released != null) {
            b.put("releaseDate", released);
        }
        return pharmacist.post(PHARMACY + "/batches", b);
    }

    static List<JsonNode> at07(JsonNode requests) {
        List<JsonNode> out = new java.util.ArrayList<>();
        requests.forEach(r -> {
            if (r.get("siteId").asString().equals("07")) {
                out.add(r);
            }
        });
        return out;
    }

    JsonNode kit(String number) {
        return pharmacist.get(PHARMACY + "/kits/" + number).body();
    }

    int version(String number) {
        return kit(number).get("kit").get("version").asInt();
    }

    long shipAndReceive(String... kits) {
        Response shipped = pharmacist.post(PHARMACY + "/shipments", Map.of("siteId", "07", "kitNumbers", List.of(kits)));
        assertThat(shipped.status()).as(shipped.text()).isEqualTo(201);
        long id = shipped.body().get("id").asLong();
        Response received = pharmacist.post(PHARMACY + "/shipments/" + id + "/receipt", Map.of("kitNumbers", List.of(kits)));
        assertThat(received.status()).as(received.text()).isEqualTo(200);
        return id;
    }

    @Test
    void aKitTravelsFromTheDepotToItsSubjectsInfusionsAndTheChainOfIdentityEndsAtTheInfusionRecord() {
        String[] subject = randomised();
        String id = subject[0];
        String kitNumber = subject[1];
        List<String> spare = depotKits(2);

        Response batch = batch("MSC-" + id, "AUTOLOGOUS", id, 82.5, "2026-06-05", "2026-12-31");
        assertThat(batch.status()).as(batch.text()).isEqualTo(201);
        assertThat(batch.body().get("released").asBoolean()).isTrue();
        assertThat(batch.body().get("minViabilityPercent").asDouble()).isEqualTo(70.0);
        assertThat(batch.body().get("releaseLimitSource").asString()).contains("FDA");
        assertThat(batch("MSC-" + id, "AUTOLOGOUS", id, 82.5, "2026-06-05", "2026-12-31").status()).isEqualTo(409);

        JsonNode atDepot = kit(kitNumber);
        assertThat(atDepot.get("kit").get("state").asString()).isEqualTo("AT_DEPOT");
        assertThat(atDepot.get("sequenceLabel").asString()).isIn("MSC then placebo", "placebo then MSC");
        Response linked = pharmacist.post(PHARMACY + "/kits/" + kitNumber + "/batch", Map.of("batchId", "MSC-" + id, "version", 0));
        assertThat(linked.status()).as(linked.text()).isEqualTo(200);
        assertThat(linked.body().get("batchId").asString()).isEqualTo("MSC-" + id);

        Response early = pharmacist.post(PHARMACY + "/dispensings", Map.of("kitNumber", kitNumber, "subjectId", id, "visitId", "W0"));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body().get("detail").asString()).contains("at the depot (AT_DEPOT)");

        Response shipped = pharmacist.post(PHARMACY + "/shipments", Map.of("siteId", "07", "kitNumbers",
                List.of(kitNumber, spare.get(0), spare.get(1))));
        assertThat(shipped.status()).as(shipped.text()).isEqualTo(201);
        long shipment = shipped.body().get("id").asLong();
        assertThat(shipped.body().get("kitsToReceive")).hasSize(3);
        assertThat(kit(kitNumber).get("kit").get("state").asString()).isEqualTo("SHIPPED");

        String mistyped = kitNumber.substring(0, 6) + ((kitNumber.charAt(6) - '0' + 1) % 10);
        Response typo = pharmacist.post(PHARMACY + "/shipments/" + shipment + "/receipt", Map.of("kitNumbers", List.of(mistyped)));
        assertThat(typo.status()).isEqualTo(422);
        assertThat(typo.body().get("errors").get(0).get("field").asString()).isEqualTo("kitNumbers[0]");
        assertThat(typo.body().get("errors").get(0).get("message").asString()).contains("check digit");
        String stranger = depotKits(3).get(2);
        Response notInShipment = pharmacist.post(PHARMACY + "/shipments/" + shipment + "/receipt", Map.of("kitNumbers", List.of(stranger)));
        assertThat(notInShipment.status()).isEqualTo(422);
        assertThat(notInShipment.body().get("errors").get(0).get("message").asString()).contains("did not come in shipment " + shipment);

        Response part = pharmacist.post(PHARMACY + "/shipments/" + shipment + "/receipt", Map.of("kitNumbers", List.of(kitNumber)));
        assertThat(part.status()).as(part.text()).isEqualTo(200);
        assertThat(part.body().get("status").asString()).isEqualTo("SHIPPED");
        assertThat(part.body().get("kitsToReceive")).hasSize(2);
        Response rest = pharmacist.post(PHARMACY + "/shipments/" + shipment + "/receipt", Map.of("kitNumbers", spare));
        assertThat(rest.body().get("status").asString()).isEqualTo("RECEIVED");
        assertThat(rest.body().get("receivedBy").asString()).isNotBlank();

        Response notTreatment = pharmacist.post(PHARMACY + "/dispensings", Map.of("kitNumber", kitNumber, "subjectId", id, "visitId", "W4"));
        assertThat(notTreatment.status()).isEqualTo(422);
        assertThat(notTreatment.body().get("errors").get(0).get("field").asString()).isEqualTo("visitId");
        assertThat(notTreatment.body().get("errors").get(0).get("message").asString()).contains("W0, W24");
        Response wrongKit = pharmacist.post(PHARMACY + "/dispensings", Map.of("kitNumber", spare.get(0), "subjectId", id, "visitId", "W0"));
        assertThat(wrongKit.status()).isEqualTo(409);
        assertThat(wrongKit.body().get("detail").asString()).contains("its randomisation named kit " + kitNumber);

        Response dispensed = pharmacist.post(PHARMACY + "/dispensings", Map.of("kitNumber", kitNumber, "subjectId", id, "visitId", "W0",
                "dispensedOn", "2026-06-10"));
        assertThat(dispensed.status()).as(dispensed.text()).isEqualTo(201);
        long dispensing = dispensed.body().get("id").asLong();
        assertThat(dispensed.body().get("batchId").asString()).isEqualTo("MSC-" + id);
        assertThat(dispensed.body().get("siteId").asString()).isEqualTo("07");
        assertThat(dispensed.body().has("infusionRecordId")).isFalse();
        assertThat(kit(kitNumber).get("kit").get("state").asString()).isEqualTo("DISPENSED");
        assertThat(pharmacist.post(PHARMACY + "/dispensings", Map.of("kitNumber", kitNumber, "subjectId", id, "visitId", "W0")).status())
                .isEqualTo(409);

        // the site records the infusion: the chain of identity reaches its record
        Response infusion = coordinator.put(STUDY + "/subjects/" + id + "/visits/W0/forms/treatment_administration", Map.of("values",
                Map.of("administration_date", "2026-06-10", "kit_number", kitNumber, "dose_cells_per_kg", 1500000, "route", "intravenous",
                        "infusion_reaction", false)));
        assertThat(infusion.status()).as(infusion.text()).isEqualTo(200);
        JsonNode chain = pharmacist.get(PHARMACY + "/dispensings/" + dispensing).body();
        assertThat(chain.get("infusionRecordId").asLong()).isEqualTo(infusion.body().get("record").get("id").asLong());
        assertThat(chain.get("infusionKitMatches").asBoolean()).isTrue();

        // the crossover infusion comes from the same kit
        Response second = pharmacist.post(PHARMACY + "/dispensings", Map.of("kitNumber", kitNumber, "subjectId", id, "visitId", "W24"));
        assertThat(second.status()).as(second.text()).isEqualTo(201);
        assertThat(pharmacist.get(PHARMACY + "/dispensings?subjectId=" + id).body()).hasSize(2);
        JsonNode history = kit(kitNumber);
        assertThat(history.get("events")).extracting(e -> e.get("event").asString())
                .containsExactly("batch", "ship", "receive", "dispense", "dispense");
        assertThat(history.get("dispensings")).hasSize(2);

        List<AuditEntry> trail = audit.history("kit", kitNumber);
        assertThat(trail).extracting(AuditEntry::action).containsExactly("KIT_BATCH_LINKED", "KIT_SHIP", "KIT_RECEIVE", "KIT_DISPENSE");
        List<AuditEntry> dispensingTrail = audit.history("dispensing", Long.toString(dispensing));
        assertThat(dispensingTrail).singleElement().satisfies(e -> assertThat(e.newValue())
                .isEqualTo("kit " + kitNumber + " (batch MSC-" + id + ") to subject " + id + " at visit W0 on 2026-06-10"));
        for (AuditEntry e : trail) {
            for (String word : SEQUENCE_WORDS) {
                assertThat(e.newValue()).doesNotContain(word);
            }
        }
    }

    @Test
    void aBatchThatMissesItsReleaseLimitIsExpiredOrIsAnotherSubjectsCellsIsNeverDispensed() {
        String[] low = randomised();
        Response weak = batch("ALLO-LOW-" + low[0], "ALLOGENEIC", "donor D-17", 65, "2026-06-01", "2026-12-31");
        assertThat(weak.body().get("released").asBoolean()).isFalse();
        assertThat(weak.body().get("releaseProblems").get(0).asString()).isEqualTo("its viability 65.00% is below the release limit of 70%");
        pharmacist.post(PHARMACY + "/kits/" + low[1] + "/batch", Map.of("batchId", "ALLO-LOW-" + low[0], "version", 0));
        shipAndReceive(low[1]);
        Response refused = pharmacist.post(PHARMACY + "/dispensings", Map.of("kitNumber", low[1], "subjectId", low[0], "visitId", "W0"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("detail").asString()).contains("may not be given", "below the release limit of 70%");
        assertThat(kit(low[1]).get("kit").get("state").asString()).isEqualTo("RECEIVED");

        String[] old = randomised();
        batch("ALLO-OLD-" + old[0], "ALLOGENEIC", "donor D-18", 90, "2026-01-10", "2026-06-01");
        pharmacist.post(PHARMACY + "/kits/" + old[1] + "/batch", Map.of("batchId", "ALLO-OLD-" + old[0], "version", 0));
        shipAndReceive(old[1]);
        Response expired = pharmacist.post(PHARMACY + "/dispensings", Map.of("kitNumber", old[1], "subjectId", old[0], "visitId", "W0"));
        assertThat(expired.status()).isEqualTo(409);
        assertThat(expired.body().get("detail").asString()).contains("it expired on 2026-06-01");

        String[] other = randomised();
        batch("MSC-" + other[0], "AUTOLOGOUS", other[0], 88, "2026-06-01", "2026-12-31");
        Response wrongDonor = pharmacist.post(PHARMACY + "/kits/" + low[1] + "/batch", Map.of("batchId", "MSC-" + other[0],
                "version", version(low[1])));
        assertThat(wrongDonor.status()).isEqualTo(409);
        assertThat(wrongDonor.body().get("detail").asString()).contains("autologous cells of " + other[0]);

        Response future = batch("ALLO-FUT", "ALLOGENEIC", "donor D-19", 90, "2026-07-01", "2026-12-31");
        assertThat(future.status()).isEqualTo(422);
        assertThat(future.body().get("errors").get(0).get("field").asString()).isEqualTo("releaseDate");
        Response bad = pharmacist.post(PHARMACY + "/batches", Map.of("batchId", "X", "source", "FROZEN", "donor", "unknown subject",
                "cellDosePerKg", -1, "viabilityPercent", 101, "expiryDate", "2026-12-31"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().get("errors")).extracting(e -> e.get("field").asString())
                .contains("source", "cellDosePerKg", "viabilityPercent", "releaseTestsPassed");
        assertThat(pharmacist.post(PHARMACY + "/batches", Map.of("batchId", "X", "viabilityPercent", 80, "colour", "red")).status())
                .isEqualTo(400);
        assertThat(pharmacist.post(PHARMACY + "/batches", Map.of("batchId", "X", "expiryDate", "2026-02-30")).status()).isEqualTo(400);
        assertThat(pharmacist.get(PHARMACY + "/batches/NO-SUCH").status()).isEqualTo(404);
    }

    @Test
    void aShipmentSentTwiceWithOneIdempotencyKeyLeavesTheDepotOnce() throws Exception {
        String kit = depotKits(1).get(0);
        String token = users.token("repeatingpharmacist", "mesems", Role.UNBLINDED_PHARMACIST, null);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + PHARMACY
                        + "/shipments"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", "ship-" + kit)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"siteId\":\"05\",\"kitNumbers\":[\"" + kit + "\"]}")).build();
        var first = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        var again = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(jdbc.sql("select count(*) from kit_event where kit_number = ? and event = 'ship'").param(kit).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void refusedTransitionsNameTheStateAndALowSiteRaisesOneShipmentRequestThatTheNextShipmentAnswers() {
        List<String> kits = depotKits(4);
        shipAndReceive(kits.get(0), kits.get(1), kits.get(2));
        String kit = kits.get(0);

        Response noReason = pharmacist.post(PHARMACY + "/kits/" + kit + "/actions", Map.of("action", "quarantine", "version", version(kit)));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.body().get("errors").get(0).get("field").asString()).isEqualTo("reason");
        Response unknown = pharmacist.post(PHARMACY + "/kits/" + kit + "/actions", Map.of("action", "lose", "reason", "x", "version", 1));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().get("errors").get(0).get("message").asString()).contains("return, destroy, quarantine, release, expire");
        Response stale = pharmacist.post(PHARMACY + "/kits/" + kit + "/actions", Map.of("action", "quarantine", "reason", "x",
                "version", version(kit) - 1));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body().get("currentVersion").asInt()).isEqualTo(version(kit));

        Response quarantined = pharmacist.post(PHARMACY + "/kits/" + kit + "/actions", Map.of("action", "quarantine",
                "reason", "temperature excursion in the fridge, 9 °C for 40 minutes", "version", version(kit)));
        assertThat(quarantined.status()).as(quarantined.text()).isEqualTo(200);
        assertThat(quarantined.body().get("state").asString()).isEqualTo("QUARANTINED");
        Response cannotReturn = pharmacist.post(PHARMACY + "/kits/" + kit + "/actions", Map.of("action", "return", "reason", "x",
                "version", version(kit)));
        assertThat(cannotReturn.status()).isEqualTo(409);
        assertThat(cannotReturn.body().get("detail").asString()).contains("is quarantined (QUARANTINED)", "RECEIVED");
        Response released = pharmacist.post(PHARMACY + "/kits/" + kit + "/actions", Map.of("action", "release",
                "reason", "stability data cover the excursion", "version", version(kit)));
        assertThat(released.body().get("state").asString()).isEqualTo("RECEIVED");

        int requestsBefore = pharmacist.get(PHARMACY + "/shipment-requests").body().size();
        // three usable kits at 07 plus what the other tests left: bring the site below two by destroying and returning
        JsonNode stock = pharmacist.get(PHARMACY + "/stock").body();
        JsonNode site = null;
        for (JsonNode s : stock.get("sites")) {
            if (s.get("siteId").asString().equals("07")) {
                site = s;
            }
        }
        assertThat(site.get("threshold").asInt()).isEqualTo(2);
        for (JsonNode k : pharmacist.get(PHARMACY + "/kits?siteId=07&state=RECEIVED").body()) {
            String n = k.get("kitNumber").asString();
            String action = n.equals(kit) ? "destroy" : "return";
            Response r = pharmacist.post(PHARMACY + "/kits/" + n + "/actions", Map.of("action", action, "reason", "site stock review",
                    "version", k.get("version").asInt()));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
        }
        assertThat(pharmacist.post(PHARMACY + "/kits/" + kit + "/actions", Map.of("action", "release", "reason", "x",
                "version", version(kit))).body().get("detail").asString()).contains("destroyed (DESTROYED)");
        // the pages' test may have left a request at Genoa in this database: look at Stockholm's
        List<JsonNode> requests = at07(pharmacist.get(PHARMACY + "/shipment-requests?open=true").body());
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).get("kitsWanted").asInt()).isEqualTo(4);
        assertThat(requests.get(0).get("kitsOnHand").asInt()).isEqualTo(1);
        assertThat(pharmacist.get(PHARMACY + "/shipment-requests").body().size()).isEqualTo(requestsBefore + 1);

        long shipment = shipAndReceive(kits.get(3));
        JsonNode answered = at07(pharmacist.get(PHARMACY + "/shipment-requests").body()).get(0);
        assertThat(answered.get("status").asString()).isEqualTo("SHIPPED");
        assertThat(answered.get("shipmentId").asLong()).isEqualTo(shipment);
        assertThat(at07(pharmacist.get(PHARMACY + "/shipment-requests?open=true").body())).isEmpty();

        Response twice = pharmacist.post(PHARMACY + "/shipments", Map.of("siteId", "07", "kitNumbers", List.of(kits.get(3))));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body().get("detail").asString()).contains("received at its site (RECEIVED)", "only kits at the depot");
        Response duplicate = pharmacist.post(PHARMACY + "/shipments", Map.of("siteId", "99", "kitNumbers", List.of(kits.get(3), kits.get(3))));
        assertThat(duplicate.status()).isEqualTo(422);
        assertThat(duplicate.body().get("errors")).extracting(e -> e.get("field").asString()).containsExactly("siteId", "kitNumbers[1]");
        assertThat(pharmacist.get(PHARMACY + "/kits?state=LOST").status()).isEqualTo(422);
        assertThat(pharmacist.get(PHARMACY + "/kits/1000009").status()).isEqualTo(404);
    }
}
