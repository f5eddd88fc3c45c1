package org.harmonia.server.standards.odm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.harmonia.server.ApiClient;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.harmonia.server.standards.dataset.XptReader;
import org.harmonia.server.standards.sdtm.SdtmExport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The data standards over real HTTP: what each role's ODM export holds, an ODM import that is all or nothing, audited and
 * not repeated, and the SDTM and ADaM zips, blinded for every role but the unblinded statistician.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"harmonia.protocols=../protocols",
        "harmonia.test.database=odm-api"})
@Import(FixedClockConfiguration.class)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OdmApiTest {
    static final String STUDY = "/api/studies/mesems";
    /** What would name a subject's arm in a dataset: the sequences, packed or not, and the treatments. */
    static final List<String> ARM_WORDS = List.of("MSC-PLACEBO", "PLACEBO-MSC", "MSCPLACEBO", "PLACEBOMSC", "MSC then placebo",
            "placebo then MSC", "AUTOLOGOUS BONE-MARROW", "PLACEBO (CELL");

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    ApiClient coord;
    ApiClient genoa;
    ApiClient monitor;
    ApiClient statistician;
    ApiClient dataManager;
    String subject;

    @BeforeAll
    void setUp() {
        TestUsers u = new TestUsers(userService);
        coord = new ApiClient(port, u.token("coord", "mesems", Role.SITE_COORDINATOR, "07"));
        genoa = coord.as(u.token("genoa", "mesems", Role.SITE_COORDINATOR, "01"));
        monitor = coord.as(u.token("mon", "mesems", Role.MONITOR, null));
        statistician = coord.as(u.token("stat", "mesems", Role.UNBLINDED_STATISTICIAN, null));
        dataManager = coord.as(u.token("dm", "mesems", Role.CENTRAL_DATA_MANAGER, null));
        assertThat(statistician.post(STUDY + "/randomisation/list", Map.of("lengthPerStratum", 4)).status()).isEqualTo(201);
        subject = coord.post(STUDY + "/screenings", Map.of("siteId", "07", "screeningDate", "2026-05-01",
                "plannedRandomisationDate", "2026-05-20", "data", Patients.eligibleRrms())).body().get("id").asString();
        assertThat(coord.post(STUDY + "/subjects/" + subject + "/enrolment", Map.of("consentDate", "2026-05-02", "dayZero",
                "2026-05-20", "version", 1)).status()).isEqualTo(200);
        assertThat(coord.post(STUDY + "/subjects/" + subject + "/randomisation", Map.of()).status()).isEqualTo(200);
        assertThat(coord.put(STUDY + "/subjects/" + subject + "/visits/W0/forms/edss",
                Map.of("values", Map.of("assessment_date", "2026-05-20", "edss", 3.5))).status()).isEqualTo(200);
    }

    @Test
    void theMonitorGetsEveryValueWithItsAuditRecordAndNoAllocation() {
        ApiClient.Response r = monitor.get(STUDY + "/exports/odm");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("SubjectKey=\"" + subject + "\"").contains("<ItemData ItemOID=\"IT.edss.edss\" Value=\"3.5\">")
                .contains("<AuditRecord").doesNotContain("F.ALLOCATION").doesNotContain("MSC-PLACEBO").doesNotContain("PLACEBO-MSC");
    }

    @Test
    void aSiteCoordinatorGetsItsOwnSiteWithoutTheAuditTrailAndAnotherSiteNothingOfIt() {
        ApiClient.Response own = coord.get(STUDY + "/exports/odm");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.text()).contains("SubjectKey=\"" + subject + "\"").doesNotContain("<AuditRecord").doesNotContain("F.ALLOCATION");
        ApiClient.Response other = genoa.get(STUDY + "/exports/odm");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.text()).doesNotContain(subject).doesNotContain("LOC.07");
    }

    @Test
    void theUnblindedStatisticianGetsTheSequences() {
        ApiClient.Response r = statistician.get(STUDY + "/exports/odm");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("<FormData FormOID=\"F.ALLOCATION\"").containsPattern("Value=\"(MSC-PLACEBO|PLACEBO-MSC)\"");
    }

    @Test
    void anImportStoresItsValuesThroughTheFormsWithTheFileNamedAndRefusesTheSameFileTwice() {
        String file = odm(subject, "SE.W4", "F.vital_signs", Map.of("systolic_bp", "121", "diastolic_bp", "79", "heart_rate", "64"));
        ApiClient.Response r = coord.postXml(STUDY + "/imports/odm?fileName=vitals.xml", file);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().get("records").asInt()).isEqualTo(1);
        assertThat(r.body().get("values").asInt()).isEqualTo(3);
        ApiClient.Response saved = coord.get(STUDY + "/subjects/" + subject + "/forms");
        assertThat(saved.text()).contains("\"heart_rate\":\"64\"");
        assertThat(monitor.get("/api/audit?studyId=mesems&entityType=form_record&limit=200").text())
                .contains("imported from ODM file vitals.xml");
        assertThat(monitor.get("/api/audit?studyId=mesems&entityType=odm_file").text()).contains("ODM_IMPORTED").contains("vitals.xml");
        ApiClient.Response again = coord.postXml(STUDY + "/imports/odm?fileName=vitals.xml", file);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text()).contains("already imported");
    }

    @Test
    void aFileWithOneBadValueIsRefusedWholeNamingWhereAndStoresNothing() {
        String file = odm(subject, "SE.W8", "F.vital_signs", Map.of("systolic_bp", "120", "diastolic_bp", "80", "heart_rate", "64"))
                .replace("</SubjectData>", """
                        <StudyEventData StudyEventOID="SE.W12"><FormData FormOID="F.vital_signs"><ItemGroupData ItemGroupOID="IG.vital_signs">
                        <ItemData ItemOID="IT.vital_signs.systolic_bp" Value="120"/>
                        <ItemData ItemOID="IT.vital_signs.diastolic_bp" Value="80"/>
                        <ItemData ItemOID="IT.vital_signs.heart_rate" Value="999"/>
                        </ItemGroupData></FormData></StudyEventData></SubjectData>""");
        ApiClient.Response r = coord.postXml(STUDY + "/imports/odm?fileName=bad.xml", file);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("bad.xml: subject " + subject + ", event SE.W12, form F.vital_signs")
                .contains("item IT.vital_signs.heart_rate (line");
        // the first form of the file, valid on its own, was not kept either
        assertThat(coord.get(STUDY + "/subjects/" + subject + "/forms").text()).doesNotContain("\"W8\"").doesNotContain("\"W12\"");
    }

    @Test
    void aRoleThatDoesNotEnterDataCannotImport() {
        assertThat(dataManager.postXml(STUDY + "/imports/odm", odm(subject, "SE.W16", "F.vital_signs", Map.of("heart_rate", "60")))
                .status()).isEqualTo(403);
    }

    @Test
    void aHostileFileIsRefusedWith422AndNeverExpanded() throws Exception {
        String laughs = Files.readString(Path.of("src/test/resources/odm/hostile/billion-laughs.xml"));
        ApiClient.Response r = coord.postXml(STUDY + "/imports/odm?fileName=laughs.xml", laughs);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("DOCTYPE").doesNotContain("lollol");
        String xxe = Files.readString(Path.of("src/test/resources/odm/hostile/external-entity.xml"));
        ApiClient.Response x = coord.postXml(STUDY + "/imports/odm?fileName=xxe.xml", xxe);
        assertThat(x.status()).isEqualTo(422);
        assertThat(x.text()).doesNotContain("root:");
    }

    @Test
    void theMonitorGetsTheBlindedSdtmDatasetsAndDefineXmlInAZipWithNoArmOfAnySubject() throws Exception {
        ApiClient.Download r = monitor.download(STUDY + "/exports/sdtm?format=xpt");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/zip");
        Map<String, byte[]> zip = unzip(r.body());
        assertThat(zip.keySet()).contains("define.xml").containsAll(SdtmExport.datasetNames().stream()
                .map(n -> n.toLowerCase() + ".xpt").toList());
        XptReader.Member dm = XptReader.read(zip.get("dm.xpt"));
        assertThat(dm.columns()).extracting(XptReader.Column::name).contains("USUBJID")
                .doesNotContain("ARMCD", "ARM", "ACTARMCD", "ACTARM");
        assertThat(new String(zip.get("dm.xpt"), StandardCharsets.ISO_8859_1)).contains("MESEMS-" + subject);
        assertNoArmOutsideTheDesign(zip);
        assertThat(new String(zip.get("define.xml"), StandardCharsets.UTF_8)).doesNotContain("IT.DM.ARMCD");
    }

    @Test
    void theUnblindedStatisticianGetsTheSubjectsArmInDatasetJson() throws Exception {
        String sequence = statistician.get(STUDY + "/subjects/" + subject + "/allocation").body().get("sequenceId").asString();
        ApiClient.Download r = statistician.download(STUDY + "/exports/sdtm?format=json");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        Map<String, byte[]> zip = unzip(r.body());
        assertThat(zip).containsKeys("dm.json", "ex.json", "define.xml");
        String dm = new String(zip.get("dm.json"), StandardCharsets.UTF_8);
        assertThat(dm).contains("\"IT.DM.ARMCD\"").contains("MESEMS-" + subject).contains("\"" + sequence.replace("-", "") + "\"");
    }

    @Test
    void adamIsBlindedForTheDataManagerWithTheScriptSayingWhyAndUnblindedForTheStatistician() throws Exception {
        ApiClient.Download blinded = dataManager.download(STUDY + "/exports/adam?format=xpt");
        assertThat(blinded.status()).as(blinded.text()).isEqualTo(200);
        Map<String, byte[]> zip = unzip(blinded.body());
        assertThat(zip.keySet()).containsExactlyInAnyOrder("adsl.xpt", "adgel.xpt", "define.xml", "primary-analysis.R");
        assertThat(XptReader.read(zip.get("adsl.xpt")).columns()).extracting(XptReader.Column::name)
                .contains("USUBJID", "FASFL").doesNotContain("TRTSEQP", "TRT01P", "TRT02P");
        assertNoArmOutsideTheDesign(zip);
        ApiClient.Download unblinded = statistician.download(STUDY + "/exports/adam?format=json");
        assertThat(unblinded.status()).as(unblinded.text()).isEqualTo(200);
        Map<String, byte[]> u = unzip(unblinded.body());
        assertThat(u.keySet()).containsExactlyInAnyOrder("adsl.json", "adgel.json", "define.xml", "primary-analysis.R");
        assertThat(new String(u.get("adsl.json"), StandardCharsets.UTF_8)).contains("\"TRTSEQP\"");
    }

    @Test
    void adamAtADatabaseLockReadsItsSnapshot() throws Exception {
        ApiClient.Response lock = dataManager.post(STUDY + "/locks", Map.of("scope", "study", "name", "interim 1",
                "reason", "interim analysis"));
        assertThat(lock.status()).as(lock.text()).isEqualTo(201);
        long lockId = lock.body().get("id").asLong();
        try {
            ApiClient.Download r = dataManager.download(STUDY + "/exports/adam?format=xpt&lock=" + lockId);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(new String(unzip(r.body()).get("primary-analysis.R"), StandardCharsets.UTF_8))
                    .contains("database lock " + lockId + " \"interim 1\"");
        } finally {
            assertThat(dataManager.post(STUDY + "/locks/" + lockId + "/unlock", Map.of("reason", "interim done", "version",
                    lock.body().get("version").asInt())).status()).isEqualTo(200);
        }
        assertThat(dataManager.download(STUDY + "/exports/adam?format=xpt&lock=99999").status()).isEqualTo(404);
    }

    @Test
    void dataStandardsExportsRefuseSiteRolesAndBadFormatsNamingTheField() {
        ApiClient.Download site = coord.download(STUDY + "/exports/sdtm?format=xpt");
        assertThat(site.status()).isEqualTo(403);
        assertThat(site.text()).contains("/exports/odm").doesNotContain("MSC-PLACEBO").doesNotContain("PLACEBO-MSC");
        assertThat(coord.download(STUDY + "/exports/adam?format=xpt").status()).isEqualTo(403);
        ApiClient.Download bad = monitor.download(STUDY + "/exports/sdtm?format=sas7bdat");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.text()).contains("format").contains("xpt, json");
        ApiClient.Download missing = monitor.download(STUDY + "/exports/adam");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.text()).contains("format");
        assertThat(monitor.download("/api/studies/nosuchstudy/exports/sdtm?format=xpt").status()).isEqualTo(404);
    }

    /** Only the trial design (TA, TE, TS) names the arms, which the protocol makes public; no subject's file names one. */
    private static void assertNoArmOutsideTheDesign(Map<String, byte[]> zip) {
        zip.forEach((name, bytes) -> {
            if (name.matches("(ta|te|ts)\\..*|define\\.xml|primary-analysis\\.R")) {
                return;
            }
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            for (String word : ARM_WORDS) {
                assertThat(text).as(name).doesNotContainIgnoringCase(word);
            }
        });
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws java.io.IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static String odm(String subjectKey, String event, String form, Map<String, String> values) {
        StringBuilder items = new StringBuilder();
        String formId = form.substring(2);
        values.forEach((k, v) -> items.append("<ItemData ItemOID=\"IT.").append(formId).append('.').append(k).append("\" Value=\"")
                .append(v).append("\"/>\n"));
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="Snapshot" FileOID="t" CreationDateTime="2026-06-15T00:00:00Z">
                <ClinicalData StudyOID="ST.mesems" MetaDataVersionOID="MDV.1.3">
                <SubjectData SubjectKey="%s"><SiteRef LocationOID="LOC.07"/>
                <StudyEventData StudyEventOID="%s"><FormData FormOID="%s"><ItemGroupData ItemGroupOID="IG.%s">
                %s</ItemGroupData></FormData></StudyEventData></SubjectData>
                </ClinicalData></ODM>
                """.formatted(subjectKey, event, form, formId, items);
    }
}
