package org.harmonia.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint against every role, as docs/roles.md states it (written out here by hand, not derived from
 * the code): allowed roles get an answer other than 401/403/404; others get 403, or 404 where the thing lives
 * at a site outside their scope. Then every GET, as every blinded role, must not mention an allocation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=role-matrix"})
@Import(FixedClockConfiguration.class)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixTest {
    static final String STUDY = "/api/studies/mesems";
    static final List<String> BLINDED_WORDS = List.of("MSC-PLACEBO", "PLACEBO-MSC", "MSC then placebo", "placebo then MSC");
    /** What gives away the block sizes or a list position: the design's parameters, the concealed assumption, slots and blocks. */
    static final List<String> CONCEALED_WORDS = List.of("blockSize", "blockNumber", "\"position\"", "Blocks of 2 or 4", "2, 4",
            "slot ", "slots", "block ", "positions");

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    final Map<String, String> tokens = new LinkedHashMap<>();
    ApiClient api;
    String subject;
    long recordId;
    String kit;
    long lockId;
    long signatureId;
    long blindedReportId;
    long unblindedReportId;
    long queryId;
    long shipmentId;
    long dispensingId;

    /**
     * The roles of the matrix: site roles at Stockholm (07), one coordinator at Genoa (01) to test isolation, and
     * SYSADMIN, an account with the administrator flag and no study role.
     */
    static final List<String> ROLES = List.of("INV", "COORD", "GENOA", "DM", "MON", "STAT", "PHARM", "DSMB", "ADMIN", "SYSADMIN");
    static final Set<String> BLINDED = Set.of("INV", "COORD", "GENOA", "DM", "MON", "ADMIN", "SYSADMIN");
    /** Endpoints that also answer without a sign-in (with credentials in the body), so not with 401. */
    static final Set<String> ANSWER_ANONYMOUS = Set.of("change my password");
    /** Per role, the id of a spare token of its own, for the revocation of one's own token. */
    final Map<String, Long> spareTokens = new HashMap<>();
    String target;

    @BeforeAll
    void setUp() {
        TestUsers u = new TestUsers(userService);
        tokens.put("INV", u.token("inv", "mesems", Role.SITE_INVESTIGATOR, "07"));
        tokens.put("COORD", u.token("coord", "mesems", Role.SITE_COORDINATOR, "07"));
        tokens.put("GENOA", u.token("genoa", "mesems", Role.SITE_COORDINATOR, "01"));
        tokens.put("DM", u.token("dm", "mesems", Role.CENTRAL_DATA_MANAGER, null));
        tokens.put("MON", u.token("mon", "mesems", Role.MONITOR, null));
        tokens.put("STAT", u.token("stat", "mesems", Role.UNBLINDED_STATISTICIAN, null));
        tokens.put("PHARM", u.token("pharm", "mesems", Role.UNBLINDED_PHARMACIST, null));
        tokens.put("DSMB", u.token("dsmb", "mesems", Role.DSMB_MEMBER, null));
        tokens.put("ADMIN", u.token("admin", "mesems", Role.STUDY_ADMINISTRATOR, null));
        userService.createUser(u.username("sysadmin"), "Administrator", "correct horse battery", true, Caller.SYSTEM);
        tokens.put("SYSADMIN", userService.issueTokenFor(u.username("sysadmin"), "test"));
        target = u.username("target");
        userService.createUser(target, "Account the administrators act on", "correct horse battery", false, Caller.SYSTEM);
        userService.issueTokenFor(target, "test");
        for (String role : ROLES) {
            String username = new ApiClient(port, tokens.get(role)).get("/api/me").body().get("username").asString();
            userService.issueTokenFor(username, "spare");
            JsonNode own = new ApiClient(port, tokens.get(role)).get("/api/me/tokens").body();
            for (JsonNode t : own) {
                if (t.get("name").asString().equals("spare")) {
                    spareTokens.put(role, t.get("id").asLong());
                }
            }
        }
        api = new ApiClient(port, tokens.get("COORD"));
        assertThat(api.as(tokens.get("STAT")).post(STUDY + "/randomisation/list", Map.of("lengthPerStratum", 3)).status()).isEqualTo(201);
        JsonNode s = api.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-06-01",
                "plannedRandomisationDate", "2026-06-20", "data", Patients.eligibleRrms())).body();
        subject = s.get("id").asString();
        api.post(STUDY + "/subjects/" + subject + "/enrolment", Map.of("consentDate", "2026-06-02", "dayZero", "2026-06-08", "version", 1));
        kit = api.post(STUDY + "/subjects/" + subject + "/randomisation", Map.of()).body().get("kitNumber").asString();
        recordId = api.put(STUDY + "/subjects/" + subject + "/visits/W0/forms/edss",
                Map.of("values", Map.of("assessment_date", "2026-06-08", "edss", 3.5))).body().get("record").get("id").asLong();
        Map<String, Object> sae = new HashMap<>(Map.of("verbatim_term", "pneumonia", "soc", "Infections and infestations",
                "onset_date", "2026-06-12", "severity", "severe", "ctcae_grade", 3, "serious", true, "sc_hospitalisation", true,
                "relatedness", "unlikely", "action_taken", "not applicable", "outcome", "recovering"));
        assertThat(api.post(STUDY + "/subjects/" + subject + "/adverse-events", Map.of("values", sae)).status()).isEqualTo(201);
        ApiClient.Response query = api.as(tokens.get("DM")).post(STUDY + "/queries", Map.of("formRecordId", recordId, "field", "edss",
                "question", "please confirm"));
        assertThat(query.status()).isEqualTo(201);
        queryId = query.body().get("id").asLong();
        lockId = api.as(tokens.get("DM")).post(STUDY + "/locks", Map.of("scope", "form-record", "formRecordId", recordId,
                "reason", "source-verified")).body().get("id").asLong();
        // the pharmacy: a batch, the subject's kit linked to it, shipped to Stockholm, received and dispensed at week 0
        ApiClient pharmacist = api.as(tokens.get("PHARM"));
        assertThat(pharmacist.post(STUDY + "/pharmacy/batches", Map.of("batchId", "MATRIX-1", "source", "ALLOGENEIC", "donor", "D-1",
                "cellDosePerKg", 1.5e6, "viabilityPercent", 85, "releaseTestsPassed", true, "releaseDate", "2026-06-01",
                "expiryDate", "2026-12-31")).status()).isEqualTo(201);
        assertThat(pharmacist.post(STUDY + "/pharmacy/kits/" + kit + "/batch", Map.of("batchId", "MATRIX-1", "version", 0)).status())
                .isEqualTo(200);
        shipmentId = pharmacist.post(STUDY + "/pharmacy/shipments", Map.of("siteId", "07", "kitNumbers", List.of(kit))).body().get("id")
                .asLong();
        assertThat(pharmacist.post(STUDY + "/pharmacy/shipments/" + shipmentId + "/receipt", Map.of("kitNumbers", List.of(kit))).status())
                .isEqualTo(200);
        dispensingId = pharmacist.post(STUDY + "/pharmacy/dispensings", Map.of("kitNumber", kit, "subjectId", subject, "visitId", "W0"))
                .body().get("id").asLong();
        signatureId = api.as(tokens.get("INV")).post(STUDY + "/subjects/" + subject + "/signatures", Map.of("meaning",
                "accurate-and-complete", "password", "correct horse battery")).body().get("id").asLong();
        // one past report of each kind, each on live data
        assertThat(api.as(tokens.get("DM")).get(STUDY + "/reports/blinded?format=html").status()).isEqualTo(200);
        blindedReportId = api.as(tokens.get("DM")).get(STUDY + "/reports").body().get(0).get("id").asLong();
        assertThat(api.as(tokens.get("DSMB")).get(STUDY + "/reports/unblinded?format=html").status()).isEqualTo(200);
        unblindedReportId = api.as(tokens.get("DSMB")).get(STUDY + "/reports").body().get(0).get("id").asLong();
    }

    /** One endpoint: how to call it, who may, and who gets 404 (site outside scope) instead of 403. */
    record Endpoint(String name, String method, String path, Object body, Set<String> allowed, Set<String> notFound) {
    }

    List<Endpoint> endpoints() {
        String subj = STUDY + "/subjects/" + subject;
        Set<String> all = Set.copyOf(ROLES);
        Set<String> studyReaders = Set.of("INV", "COORD", "GENOA", "DM", "MON", "STAT", "PHARM", "DSMB", "ADMIN", "SYSADMIN");
        Set<String> siteRoles = Set.of("INV", "COORD");
        Set<String> readers = Set.of("INV", "COORD", "DM", "MON", "STAT");
        Set<String> central = Set.of("INV", "COORD", "DM", "MON");
        List<Endpoint> e = new ArrayList<>();
        e.add(new Endpoint("list studies", "GET", "/api/studies", null, studyReaders, Set.of()));
        e.add(new Endpoint("show study", "GET", STUDY, null, studyReaders, Set.of()));
        e.add(new Endpoint("who am I", "GET", "/api/me", null, all, Set.of()));
        e.add(new Endpoint("my tokens", "GET", "/api/me/tokens", null, all, Set.of()));
        e.add(new Endpoint("revoke my token", "POST", "/api/me/tokens/{spare}/revocation", Map.of(), all, Set.of()));
        e.add(new Endpoint("change my password", "POST", "/api/me/password", Map.of("currentPassword", "x", "newPassword", "short"),
                all, Set.of()));
        e.add(new Endpoint("list users", "GET", "/api/admin/users", null, Set.of("SYSADMIN"), Set.of()));
        e.add(new Endpoint("create a user", "POST", "/api/admin/users", Map.of("username", "?"), Set.of("SYSADMIN"), Set.of()));
        e.add(new Endpoint("disable a user", "POST", "/api/admin/users/" + target + "/disable", Map.of("reason", "matrix"),
                Set.of("SYSADMIN"), Set.of()));
        e.add(new Endpoint("enable a user", "POST", "/api/admin/users/" + target + "/enable", Map.of("reason", "matrix"),
                Set.of("SYSADMIN"), Set.of()));
        e.add(new Endpoint("reset a password", "POST", "/api/admin/users/" + target + "/password-reset", Map.of(),
                Set.of("SYSADMIN"), Set.of()));
        e.add(new Endpoint("revoke a user's tokens", "POST", "/api/admin/users/" + target + "/tokens/revocation",
                Map.of("reason", "matrix"), Set.of("SYSADMIN"), Set.of()));
        e.add(new Endpoint("screen at 07", "POST", STUDY + "/screenings", Map.of("siteId", "07", "data", Map.of("edss", 4.0)),
                siteRoles, Set.of("GENOA")));
        e.add(new Endpoint("list site subjects", "GET", STUDY + "/sites/07/subjects", null, readers, Set.of("GENOA")));
        e.add(new Endpoint("show subject", "GET", subj, null, readers, Set.of("GENOA")));
        e.add(new Endpoint("eligibility", "GET", subj + "/eligibility", null, readers, Set.of("GENOA")));
        e.add(new Endpoint("schedule", "GET", subj + "/schedule", null, readers, Set.of("GENOA")));
        e.add(new Endpoint("subject forms", "GET", subj + "/forms", null, readers, Set.of("GENOA")));
        e.add(new Endpoint("form record", "GET", STUDY + "/form-records/" + recordId, null, readers, Set.of("GENOA")));
        e.add(new Endpoint("save a form", "PUT", subj + "/visits/W4/forms/edss",
                Map.of("values", Map.of("assessment_date", "2026-07-06", "edss", 3.5)), siteRoles, Set.of("GENOA")));
        e.add(new Endpoint("record a visit", "PUT", subj + "/visits/W4", Map.of("status", "nonsense"), siteRoles, Set.of("GENOA")));
        e.add(new Endpoint("report an AE", "POST", subj + "/adverse-events", Map.of("values", Map.of()), siteRoles, Set.of("GENOA")));
        e.add(new Endpoint("withdraw", "POST", subj + "/withdrawal", Map.of(), siteRoles, Set.of("GENOA")));
        e.add(new Endpoint("expedited reports", "GET", STUDY + "/expedited-reports", null, Set.of("INV", "COORD", "GENOA", "DM", "MON"),
                Set.of()));
        e.add(new Endpoint("raise a query", "POST", STUDY + "/queries", Map.of("formRecordId", recordId, "field", "edss", "question", "?"),
                Set.of("DM", "MON"), Set.of()));
        e.add(new Endpoint("re-open a query", "POST", STUDY + "/queries/" + queryId + "/reopen", Map.of("question", "?", "version", 1),
                Set.of("DM"), Set.of()));
        Set<String> dataManagement = Set.of("DM", "MON");
        e.add(new Endpoint("data completeness", "GET", STUDY + "/data-management/completeness", null, dataManagement, Set.of()));
        e.add(new Endpoint("overdue visits and forms", "GET", STUDY + "/data-management/overdue?format=csv", null, dataManagement,
                Set.of()));
        e.add(new Endpoint("query ageing", "GET", STUDY + "/data-management/query-ageing", null, dataManagement, Set.of()));
        e.add(new Endpoint("edit checks", "GET", STUDY + "/edit-checks", null, dataManagement, Set.of()));
        e.add(new Endpoint("run the edit checks", "POST", STUDY + "/edit-checks/runs", Map.of(), Set.of("DM"), Set.of()));
        e.add(new Endpoint("site queries", "GET", STUDY + "/sites/07/queries", null, central, Set.of("GENOA")));
        e.add(new Endpoint("audit trail", "GET", "/api/audit?studyId=mesems", null, Set.of("DM", "MON", "SYSADMIN"), Set.of()));
        e.add(new Endpoint("audit trail as CSV", "GET", "/api/audit/export?studyId=mesems", null, Set.of("DM", "MON", "SYSADMIN"), Set.of()));
        e.add(new Endpoint("verify the audit chain and keep the result", "POST", "/api/audit/verifications", Map.of(),
                Set.of("DM", "MON", "SYSADMIN"), Set.of()));
        e.add(new Endpoint("last audit chain verification", "GET", "/api/audit/verifications/last", null, Set.of("DM", "MON", "SYSADMIN"),
                Set.of()));
        Set<String> sdvReaders = Set.of("INV", "COORD", "DM", "MON");
        e.add(new Endpoint("verify source data", "POST", STUDY + "/sdv/verifications", Map.of("formRecordId", recordId), Set.of("MON"),
                Set.of()));
        e.add(new Endpoint("record's verifications", "GET", STUDY + "/sdv/form-records/" + recordId, null, sdvReaders, Set.of("GENOA")));
        e.add(new Endpoint("verification progress", "GET", STUDY + "/sdv/progress", null, Set.of("INV", "COORD", "GENOA", "DM", "MON"),
                Set.of()));
        e.add(new Endpoint("verification work list", "GET", STUDY + "/sites/07/sdv/work-list", null, sdvReaders, Set.of("GENOA")));
        e.add(new Endpoint("record a finding", "POST", STUDY + "/sdv/findings", Map.of("formRecordId", recordId, "finding", "matrix"),
                Set.of("MON"), Set.of()));
        e.add(new Endpoint("site findings", "GET", STUDY + "/sites/07/sdv/findings", null, sdvReaders, Set.of("GENOA")));
        e.add(new Endpoint("monitoring visit report", "GET", STUDY + "/sites/07/sdv/report?format=html", null, sdvReaders,
                Set.of("GENOA")));
        e.add(new Endpoint("generate list", "POST", STUDY + "/randomisation/list", Map.of(), Set.of("STAT"), Set.of()));
        e.add(new Endpoint("export list", "GET", STUDY + "/randomisation/list", null, Set.of("STAT"), Set.of()));
        e.add(new Endpoint("extend list", "POST", STUDY + "/randomisation/list/extensions", Map.of("stratum", "subTrial=oslo"),
                Set.of("STAT"), Set.of()));
        e.add(new Endpoint("list extensions", "GET", STUDY + "/randomisation/list/extensions", null, Set.of("STAT"), Set.of()));
        e.add(new Endpoint("allocations", "GET", STUDY + "/randomisation/allocations", null, Set.of("STAT", "PHARM"), Set.of()));
        e.add(new Endpoint("randomise", "POST", subj + "/randomisation", Map.of(), siteRoles, Set.of("GENOA")));
        e.add(new Endpoint("subject allocation", "GET", subj + "/allocation", null, Set.of("STAT", "PHARM"), Set.of()));
        e.add(new Endpoint("kit contents", "GET", STUDY + "/kits/" + kit, null, Set.of("PHARM"), Set.of()));
        Set<String> pharmacist = Set.of("PHARM");
        String pharmacy = STUDY + "/pharmacy";
        e.add(new Endpoint("pharmacy stock", "GET", pharmacy + "/stock", null, pharmacist, Set.of()));
        e.add(new Endpoint("pharmacy kits", "GET", pharmacy + "/kits?siteId=07", null, pharmacist, Set.of()));
        e.add(new Endpoint("pharmacy kit", "GET", pharmacy + "/kits/" + kit, null, pharmacist, Set.of()));
        e.add(new Endpoint("return, destroy, quarantine, release or expire a kit", "POST", pharmacy + "/kits/" + kit + "/actions",
                Map.of("action", "nonsense"), pharmacist, Set.of()));
        e.add(new Endpoint("link a kit to its batch", "POST", pharmacy + "/kits/" + kit + "/batch", Map.of(), pharmacist, Set.of()));
        e.add(new Endpoint("MSC batches", "GET", pharmacy + "/batches", null, pharmacist, Set.of()));
        e.add(new Endpoint("one MSC batch", "GET", pharmacy + "/batches/MATRIX-1", null, pharmacist, Set.of()));
        e.add(new Endpoint("record an MSC batch", "POST", pharmacy + "/batches", Map.of(), pharmacist, Set.of()));
        e.add(new Endpoint("shipments", "GET", pharmacy + "/shipments", null, pharmacist, Set.of()));
        e.add(new Endpoint("one shipment", "GET", pharmacy + "/shipments/" + shipmentId, null, pharmacist, Set.of()));
        e.add(new Endpoint("ship kits", "POST", pharmacy + "/shipments", Map.of(), pharmacist, Set.of()));
        e.add(new Endpoint("receive a shipment", "POST", pharmacy + "/shipments/" + shipmentId + "/receipt", Map.of(), pharmacist, Set.of()));
        e.add(new Endpoint("shipment requests", "GET", pharmacy + "/shipment-requests", null, pharmacist, Set.of()));
        e.add(new Endpoint("dispensings", "GET", pharmacy + "/dispensings?subjectId=" + subject, null, pharmacist, Set.of()));
        e.add(new Endpoint("one dispensing", "GET", pharmacy + "/dispensings/" + dispensingId, null, pharmacist, Set.of()));
        e.add(new Endpoint("dispense a kit", "POST", pharmacy + "/dispensings", Map.of(), pharmacist, Set.of()));
        e.add(new Endpoint("emergency unblinding", "POST", subj + "/emergency-unblinding", Map.of(), Set.of("INV"), Set.of()));
        e.add(new Endpoint("notifications", "GET", STUDY + "/notifications", null, Set.of("INV", "COORD", "GENOA", "DM", "MON", "STAT"),
                Set.of()));
        e.add(new Endpoint("study roles", "GET", STUDY + "/roles", null, Set.of("ADMIN", "SYSADMIN"), Set.of()));
        e.add(new Endpoint("blinded report", "GET", STUDY + "/reports/blinded?format=html", null,
                Set.of("INV", "COORD", "GENOA", "DM", "MON", "STAT", "ADMIN"), Set.of()));
        e.add(new Endpoint("unblinded report", "GET", STUDY + "/reports/unblinded?format=html", null, Set.of("STAT", "DSMB"), Set.of()));
        Set<String> reportReaders = Set.of("INV", "COORD", "GENOA", "DM", "MON", "STAT", "DSMB", "ADMIN");
        e.add(new Endpoint("past reports", "GET", STUDY + "/reports", null, reportReaders, Set.of()));
        // a past report of a kind the role may not read is not found, as if it did not exist
        Set<String> blindedReaders = Set.of("INV", "COORD", "GENOA", "DM", "MON", "STAT", "ADMIN");
        Set<String> unblindedReaders = Set.of("STAT", "DSMB");
        e.add(new Endpoint("a blinded past report", "GET", STUDY + "/reports/past/" + blindedReportId, null, blindedReaders,
                Set.of("DSMB")));
        e.add(new Endpoint("an unblinded past report", "GET", STUDY + "/reports/past/" + unblindedReportId, null, unblindedReaders,
                Set.of("INV", "COORD", "GENOA", "DM", "MON", "ADMIN")));
        // a report on live data cannot be generated again: 409 for the roles that may ask
        e.add(new Endpoint("generate a past report again", "GET", STUDY + "/reports/past/" + unblindedReportId + "/reproduction", null,
                unblindedReaders, Set.of("INV", "COORD", "GENOA", "DM", "MON", "ADMIN")));
        e.add(new Endpoint("ODM export", "GET", STUDY + "/exports/odm", null, Set.of("INV", "COORD", "GENOA", "DM", "MON", "STAT"),
                Set.of()));
        e.add(new Endpoint("ODM metadata", "GET", STUDY + "/exports/odm?metadataOnly=true", null,
                Set.of("INV", "COORD", "GENOA", "DM", "MON", "STAT", "PHARM", "DSMB", "ADMIN"), Set.of()));
        // whole-study datasets: the roles that read data at every site; the unblinded statistician gets the arms
        e.add(new Endpoint("SDTM export", "GET", STUDY + "/exports/sdtm?format=xpt", null, Set.of("DM", "MON", "STAT"), Set.of()));
        e.add(new Endpoint("ADaM export", "GET", STUDY + "/exports/adam?format=json", null, Set.of("DM", "MON", "STAT"), Set.of()));
        // the USDM file names the arms by their treatments: the roles that see allocations
        e.add(new Endpoint("USDM export", "GET", STUDY + "/exports/usdm", null, Set.of("STAT", "PHARM"), Set.of()));
        Set<String> lockReaders = Set.of("INV", "COORD", "GENOA", "DM", "MON", "STAT", "DSMB");
        e.add(new Endpoint("list locks", "GET", STUDY + "/locks", null, lockReaders, Set.of()));
        // a lock of a record at Stockholm: Genoa's coordinator does not find it
        e.add(new Endpoint("show a lock", "GET", STUDY + "/locks/" + lockId, null, Set.of("INV", "COORD", "DM", "MON", "STAT", "DSMB"),
                Set.of("GENOA")));
        e.add(new Endpoint("lock data", "POST", STUDY + "/locks", Map.of("scope", "nonsense"), Set.of("DM"), Set.of()));
        e.add(new Endpoint("unlock", "POST", STUDY + "/locks/" + lockId + "/unlock", Map.of("reason", "matrix"), Set.of("DM"),
                Set.of()));
        e.add(new Endpoint("sign a casebook", "POST", subj + "/signatures", Map.of(), Set.of("INV"), Set.of()));
        e.add(new Endpoint("subject signatures", "GET", subj + "/signatures", null, readers, Set.of("GENOA")));
        e.add(new Endpoint("one signature", "GET", STUDY + "/signatures/" + signatureId, null, readers, Set.of("GENOA")));
        return e;
    }

    Response call(Endpoint e, String role) {
        ApiClient c = api.as(tokens.get(role));
        String path = path(e, role);
        return switch (e.method()) {
            case "GET" -> c.get(path);
            case "POST" -> c.post(path, e.body());
            case "PUT" -> c.put(path, e.body());
            default -> throw new IllegalArgumentException(e.method());
        };
    }

    /** The endpoint's path for the role: its own spare token where the path names one. */
    String path(Endpoint e, String role) {
        return e.path().replace("{spare}", String.valueOf(role == null ? 0 : spareTokens.get(role)));
    }

    @Test
    void everyEndpointAnswersEveryRoleAsTheMatrixSays() {
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            for (String role : ROLES) {
                int status = call(e, role).status();
                boolean allowed = e.allowed().contains(role);
                int expectedRefusal = e.notFound().contains(role) ? 404 : 403;
                if (allowed && (status == 401 || status == 403 || status == 404)) {
                    wrong.add(e.name() + " as " + role + ": refused with " + status);
                } else if (!allowed && status != expectedRefusal) {
                    wrong.add(e.name() + " as " + role + ": expected " + expectedRefusal + ", got " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void nothingABlindedRoleCanReadMentionsAnAllocationABlockSizeOrAListPosition() {
        // the stratum's list is used up, so the walk also reads what an extension leaves behind
        assertThat(randomiseAt07()).isEqualTo(200);
        List<String> leaks = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            for (String role : BLINDED) {
                Response r = call(e, role);
                // the protocol itself describes the two sequences: that is the design, not anyone's allocation
                List<String> words = new ArrayList<>(CONCEALED_WORDS);
                if (!e.path().equals(STUDY)) {
                    words.addAll(BLINDED_WORDS);
                }
                for (String word : words) {
                    if (r.text() != null && r.text().contains(word)) {
                        leaks.add(e.name() + " as " + role + " (" + r.status() + ") shows \"" + word + "\"");
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    /** Randomises three more subjects at Stockholm, past the end of its list of three; the status of the last. */
    int randomiseAt07() {
        int status = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode s = api.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-06-01",
                    "plannedRandomisationDate", "2026-06-20", "data", Patients.eligibleRrms())).body();
            String id = s.get("id").asString();
            api.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", "2026-06-02", "dayZero", "2026-06-08", "version", 1));
            status = api.post(STUDY + "/subjects/" + id + "/randomisation", Map.of()).status();
        }
        return status;
    }

    @Test
    void anonymousCallersGet401Everywhere() {
        ApiClient anonymous = api.as(null);
        for (Endpoint e : endpoints()) {
            Response r = switch (e.method()) {
                case "GET" -> anonymous.get(path(e, null));
                case "POST" -> anonymous.post(path(e, null), e.body());
                default -> anonymous.put(path(e, null), e.body());
            };
            if (ANSWER_ANONYMOUS.contains(e.name())) {
                assertThat(r.status()).as(e.name() + " without a sign-in: checks the credentials in the body").isEqualTo(422);
            } else {
                assertThat(r.status()).as(e.name()).isEqualTo(401);
            }
        }
    }
}
