package org.harmonia.server.standards.sdtm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.harmonia.server.analysis.DemoCohort;
import org.harmonia.server.analysis.DemoWorkInProgress;
import org.harmonia.server.security.DemoUsers;
import org.harmonia.server.standards.dataset.XptReader;
import org.harmonia.server.stats.CliRun;
import org.harmonia.server.system.DatabaseConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code harmonia export sdtm} on the MESEMS demo study (the completed cohort and the subjects on study today), read
 * back with the independent XPT reader and as JSON: every dataset and variable described in define.xml, the rows
 * matching the database, and no arm in a blinded export.
 */
@SpringBootTest(properties = {"harmonia.protocols=../protocols", "harmonia.test.database=sdtm-export"})
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdtmExportTest {
    static final String STUDY = "mesems";
    static final List<String> ARM_WORDS = List.of("MSC-PLACEBO", "PLACEBO-MSC", "MSCPLACEBO", "PLACEBOMSC", "MSC then placebo",
            "placebo then MSC", "AUTOLOGOUS BONE-MARROW", "PLACEBO (CELL");

    @Autowired
    DemoUsers demoUsers;

    @Autowired
    DemoCohort cohort;

    @Autowired
    DemoWorkInProgress workInProgress;

    @Autowired
    DatabaseConfiguration.EmbeddedDatabaseHolder embedded;

    @Autowired
    javax.sql.DataSource dataSource;

    @TempDir
    static Path files;

    Path blindedXpt;
    Path unblindedXpt;
    Path blindedJson;
    JdbcClient jdbc;

    @BeforeAll
    void exportTheDemoStudy() {
        demoUsers.create(STUDY);
        cohort.load(STUDY);
        workInProgress.load(STUDY);
        jdbc = JdbcClient.create(dataSource);
        blindedXpt = export("xpt", false);
        unblindedXpt = export("xpt", true);
        blindedJson = export("json", false);
    }

    private Path export(String format, boolean unblinded) {
        Path out = files.resolve((unblinded ? "unblinded-" : "blinded-") + format);
        List<String> args = new java.util.ArrayList<>(List.of("export", "sdtm", "--study", STUDY, "--format", format, "--out", out.toString(),
                "--db-url", "jdbc:postgresql://localhost:" + embedded.database().port() + "/postgres", "--db-user", "postgres"));
        if (unblinded) {
            args.add("--unblinded");
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains((unblinded ? "unblinded" : "blinded") + " SDTM datasets of mesems written to");
        return out;
    }

    static XptReader.Member xpt(Path dir, String name) throws IOException {
        return XptReader.read(dir.resolve(name.toLowerCase() + ".xpt"));
    }

    static List<Object> column(XptReader.Member m, String name) {
        int i = m.column(name);
        return m.rows().stream().map(r -> r.get(i)).toList();
    }

    long count(String sql) {
        return jdbc.sql(sql).param(STUDY).query(Long.class).single();
    }

    @Test
    void writesEveryDatasetAndDefineXml() throws IOException {
        for (Path dir : List.of(blindedXpt, unblindedXpt)) {
            try (var list = Files.list(dir)) {
                assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(
                        SdtmExport.datasetNames().stream().map(n -> n.toLowerCase() + ".xpt").collect(Collectors.toSet()).stream()
                                .collect(Collectors.collectingAndThen(Collectors.toList(), l -> {
                                    l.add("define.xml");
                                    return l;
                                })));
            }
        }
    }

    @Test
    void demographicsHasOneRowPerSubjectWithIsoDatesAndCodedSex() throws IOException {
        XptReader.Member dm = xpt(blindedXpt, "DM");
        assertThat(dm.rows()).hasSize((int) count("select count(*) from subject where study_id = ?"));
        assertThat(column(dm, "USUBJID")).doesNotHaveDuplicates();
        assertThat(column(dm, "SEX")).allMatch(s -> s.equals("F") || s.equals("M"));
        assertThat(column(dm, "RFICDTC")).allMatch(d -> d.equals("") || d.toString().matches("\\d{4}-\\d{2}-\\d{2}"));
        assertThat(column(dm, "COUNTRY")).contains("SWE", "ITA", "DNK");
        assertThat(column(dm, "AGEU")).containsOnly("YEARS");
        assertThat(column(dm, "AGE")).allMatch(a -> (Double) a >= 18 && (Double) a <= 60);
        assertThat(column(dm, "ARMNRS").stream().filter("SCREEN FAILURE"::equals).count())
                .isEqualTo(count("select count(*) from subject where study_id = ? and status = 'SCREEN_FAILED'"));
    }

    @Test
    void aBlindedExportHasNoArmAnywhere() throws IOException {
        XptReader.Member dm = xpt(blindedXpt, "DM");
        assertThat(dm.columns()).extracting(XptReader.Column::name).doesNotContain("ARMCD", "ARM", "ACTARMCD", "ACTARM");
        assertThat(column(xpt(blindedXpt, "EX"), "EXTRT")).containsOnly(SubjectDomains.BLINDED_TREATMENT);
        String define = Files.readString(blindedXpt.resolve("define.xml"));
        assertThat(define).doesNotContain("IT.DM.ARMCD", "IT.DM.ACTARM");
        for (String name : SdtmExport.datasetNames()) {
            if (Set.of("TA", "TE", "TS").contains(name)) {
                continue;   // the design's arms and treatments are public; which subject got which is not
            }
            String bytes = new String(Files.readAllBytes(blindedXpt.resolve(name.toLowerCase() + ".xpt")), java.nio.charset.StandardCharsets.ISO_8859_1);
            String json = Files.readString(blindedJson.resolve(name.toLowerCase() + ".json"));
            for (String word : ARM_WORDS) {
                assertThat(bytes).as(name + ".xpt").doesNotContainIgnoringCase(word);
                assertThat(json).as(name + ".json").doesNotContainIgnoringCase(word);
            }
        }
    }

    @Test
    void anUnblindedExportGivesEachRandomisedSubjectItsSequence() throws IOException {
        XptReader.Member dm = xpt(unblindedXpt, "DM");
        Map<String, String> allocated = new HashMap<>();
        jdbc.sql("select subject_id, sequence_id from allocation where study_id = ?").param(STUDY)
                .query(rs -> {
                    allocated.put("MESEMS-" + rs.getString(1), rs.getString(2).replace("-", ""));
                });
        int checked = 0;
        for (int i = 0; i < dm.rows().size(); i++) {
            String usubjid = (String) dm.value(i, "USUBJID");
            String arm = (String) dm.value(i, "ARMCD");
            assertThat(arm).isEqualTo(allocated.getOrDefault(usubjid, ""));
            checked += arm.isEmpty() ? 0 : 1;
        }
        assertThat(checked).isEqualTo(allocated.size());
        XptReader.Member ex = xpt(unblindedXpt, "EX");
        assertThat(column(ex, "EXTRT")).containsOnly("AUTOLOGOUS BONE-MARROW-DERIVED MESENCHYMAL STEM CELLS",
                "PLACEBO (CELL SUSPENSION MEDIUM)");
    }

    @Test
    void adverseEventsMatchTheFormsWithControlledTerms() throws IOException {
        XptReader.Member ae = xpt(blindedXpt, "AE");
        assertThat(ae.rows()).hasSize((int) count("select count(*) from form_record where study_id = ? and form_id = 'adverse_event' and not voided"));
        assertThat(column(ae, "AESER").stream().filter("Y"::equals).count())
                .isEqualTo(count("select count(*) from form_record where study_id = ? and form_id = 'adverse_event' and not voided and data ->> 'serious' in ('yes', 'true')"));
        assertThat(column(ae, "AESEV")).containsAnyOf("MILD", "MODERATE", "SEVERE").allMatch(s -> List.of("MILD", "MODERATE", "SEVERE").contains(s));
        assertThat(column(ae, "AEOUT")).isSubsetOf("RECOVERED/RESOLVED", "RECOVERING/RESOLVING", "NOT RECOVERED/NOT RESOLVED",
                "RECOVERED/RESOLVED WITH SEQUELAE", "FATAL", "UNKNOWN");
        assertThat(column(ae, "AESTDTC")).allMatch(d -> d.toString().matches("\\d{4}-\\d{2}-\\d{2}"));
        assertThat(column(ae, "AESTDY")).allMatch(d -> d != null && (Double) d != 0);
    }

    @Test
    void findingsHoldEveryMriLesionCountAndEdssScore() throws IOException {
        XptReader.Member nv = xpt(blindedXpt, "NV");
        long gels = count("select count(*) from form_record where study_id = ? and form_id = 'mri' and not voided and data ->> 'gel_count' is not null");
        assertThat(column(nv, "NVTESTCD").stream().filter("GDLESN"::equals).count()).isEqualTo(gels);
        long sum = count("select sum((data ->> 'gel_count')::int) from form_record where study_id = ? and form_id = 'mri' and not voided");
        double exported = 0;
        for (int i = 0; i < nv.rows().size(); i++) {
            if (nv.value(i, "NVTESTCD").equals("GDLESN")) {
                exported += (Double) nv.value(i, "NVSTRESN");
            }
        }
        assertThat(exported).isEqualTo((double) sum);
        assertThat(column(nv, "NVMETHOD")).containsOnly("MRI");
        XptReader.Member rs = xpt(blindedXpt, "RS");
        assertThat(column(rs, "RSTESTCD").stream().filter("EDSS"::equals).count())
                .isEqualTo(count("select count(*) from form_record where study_id = ? and form_id = 'edss' and not voided"));
        XptReader.Member lb = xpt(blindedXpt, "LB");
        assertThat(column(lb, "LBNRIND")).contains("HIGH");
        assertThat(column(lb, "LBTESTCD")).contains("HGB", "WBC", "EGFR", "ALT");
        XptReader.Member vs = xpt(blindedXpt, "VS");
        assertThat(column(vs, "VSTESTCD")).contains("SYSBP", "DIABP", "HR");
        // sequence numbers count each subject's rows from 1
        Map<Object, Set<Object>> seqs = new HashMap<>();
        for (int i = 0; i < nv.rows().size(); i++) {
            assertThat(seqs.computeIfAbsent(nv.value(i, "USUBJID"), k -> new HashSet<>()).add(nv.value(i, "NVSEQ"))).isTrue();
        }
    }

    @Test
    void trialDesignComesFromTheProtocol() throws IOException {
        XptReader.Member ta = xpt(blindedXpt, "TA");
        assertThat(ta.rows()).hasSize(6);
        assertThat(column(ta, "ARMCD")).containsOnly("MSCPLACEBO", "PLACEBOMSC");
        assertThat(column(ta, "EPOCH")).containsExactly("SCREENING", "TREATMENT 1", "TREATMENT 2", "SCREENING", "TREATMENT 1", "TREATMENT 2");
        XptReader.Member tv = xpt(blindedXpt, "TV");
        assertThat(tv.rows()).hasSize(15);
        assertThat(column(tv, "VISITDY")).startsWith(-42.0, -28.0, 1.0, 29.0);
        XptReader.Member ti = xpt(blindedXpt, "TI");
        assertThat(column(ti, "IETESTCD")).contains("INAGE", "EXRELAPS");
        assertThat(column(ti, "TIVERS")).contains("1.3", "1.3 stockholm");
        XptReader.Member ts = xpt(blindedXpt, "TS");
        Map<Object, Object> params = new HashMap<>();
        for (int i = 0; i < ts.rows().size(); i++) {
            params.putIfAbsent(ts.value(i, "TSPARMCD"), ts.value(i, "TSVAL"));
        }
        assertThat(params).containsEntry("INTMODEL", "CROSS-OVER").containsEntry("TPHASE", "PHASE II TRIAL")
                .containsEntry("ACTSUB", Long.toString(count("select count(*) from allocation where study_id = ?")))
                .containsEntry("AGEMIN", "P18Y").containsEntry("AGEMAX", "P50Y").containsEntry("RANDOM", "Y");
        assertThat(column(ts, "TSPARMCD").stream().filter("REGID"::equals).count()).isGreaterThanOrEqualTo(9);
    }

    @Test
    void defineXmlDescribesEveryDatasetVariableAndCodelist() throws Exception {
        for (Path dir : List.of(blindedXpt, unblindedXpt, blindedJson)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(dir.resolve("define.xml").toFile());
            Set<String> itemDefs = ids(doc, "ItemDef");
            Set<String> codelists = ids(doc, "CodeList");
            Set<String> methods = ids(doc, "MethodDef");
            NodeList groups = doc.getElementsByTagNameNS(DefineXml.ODM, "ItemGroupDef");
            assertThat(groups.getLength()).isEqualTo(SdtmExport.datasetNames().size());
            for (int g = 0; g < groups.getLength(); g++) {
                Element group = (Element) groups.item(g);
                String name = group.getAttribute("Name");
                String ext = dir == blindedJson ? "json" : "xpt";
                List<String> columns;
                if (ext.equals("xpt")) {
                    columns = xpt(dir, name).columns().stream().map(XptReader.Column::name).toList();
                } else {
                    JsonNode root = JsonMapper.builder().build().readTree(dir.resolve(name.toLowerCase() + ".json").toFile());
                    assertThat(root.get("itemGroupOID").asString()).isEqualTo(group.getAttribute("OID"));
                    columns = new java.util.ArrayList<>();
                    for (JsonNode c : root.get("columns")) {
                        assertThat(itemDefs).contains(c.get("itemOID").asString());
                        columns.add(c.get("name").asString());
                    }
                }
                NodeList refs = group.getElementsByTagNameNS(DefineXml.ODM, "ItemRef");
                assertThat(refs.getLength()).as(name).isEqualTo(columns.size());
                for (int r = 0; r < refs.getLength(); r++) {
                    Element ref = (Element) refs.item(r);
                    assertThat(ref.getAttribute("ItemOID")).isEqualTo("IT." + name + "." + columns.get(r));
                    assertThat(itemDefs).contains(ref.getAttribute("ItemOID"));
                    if (ref.hasAttribute("MethodOID")) {
                        assertThat(methods).contains(ref.getAttribute("MethodOID"));
                    }
                }
                Element leaf = (Element) group.getElementsByTagNameNS(DefineXml.DEF, "leaf").item(0);
                assertThat(dir.resolve(leaf.getAttributeNS(DefineXml.XLINK, "href"))).exists();
            }
            NodeList items = doc.getElementsByTagNameNS(DefineXml.ODM, "ItemDef");
            for (int i = 0; i < items.getLength(); i++) {
                Element item = (Element) items.item(i);
                assertThat(item.getElementsByTagNameNS(DefineXml.DEF, "Origin").getLength()).as(item.getAttribute("OID")).isEqualTo(1);
                NodeList cl = item.getElementsByTagNameNS(DefineXml.ODM, "CodeListRef");
                if (cl.getLength() > 0) {
                    assertThat(codelists).contains(((Element) cl.item(0)).getAttribute("CodeListOID"));
                }
            }
        }
    }

    @Test
    void codedValuesInTheDataAreInTheirCodelists() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(unblindedXpt.resolve("define.xml").toFile());
        Map<String, Set<String>> values = new HashMap<>();
        NodeList lists = doc.getElementsByTagNameNS(DefineXml.ODM, "CodeList");
        for (int i = 0; i < lists.getLength(); i++) {
            Element l = (Element) lists.item(i);
            Set<String> codes = new HashSet<>();
            for (String tag : List.of("EnumeratedItem", "CodeListItem")) {
                NodeList items = l.getElementsByTagNameNS(DefineXml.ODM, tag);
                for (int j = 0; j < items.getLength(); j++) {
                    codes.add(((Element) items.item(j)).getAttribute("CodedValue"));
                }
            }
            values.put(l.getAttribute("OID"), codes);
        }
        NodeList items = doc.getElementsByTagNameNS(DefineXml.ODM, "ItemDef");
        for (int i = 0; i < items.getLength(); i++) {
            Element item = (Element) items.item(i);
            NodeList cl = item.getElementsByTagNameNS(DefineXml.ODM, "CodeListRef");
            if (cl.getLength() == 0) {
                continue;
            }
            String[] oid = item.getAttribute("OID").split("\\.");
            XptReader.Member m = xpt(unblindedXpt, oid[1]);
            Set<String> allowed = values.get(((Element) cl.item(0)).getAttribute("CodeListOID"));
            for (Object v : column(m, oid[2])) {
                if (!"".equals(v)) {
                    assertThat(allowed).as(item.getAttribute("OID")).contains(v.toString());
                }
            }
        }
    }

    private static Set<String> ids(Document doc, String tag) {
        Set<String> out = new HashSet<>();
        NodeList n = doc.getElementsByTagNameNS(DefineXml.ODM, tag);
        for (int i = 0; i < n.getLength(); i++) {
            out.add(((Element) n.item(i)).getAttribute("OID"));
        }
        return out;
    }

    @Test
    void anOutputThatIsAFileOrNotEmptyIsRefusedAndNothingIsWritten() throws IOException {
        Path file = Files.writeString(files.resolve("a-file"), "x");
        CliRun r = CliRun.of("export", "sdtm", "--study", STUDY, "--format", "xpt", "--out", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("is a file, not a directory");
        CliRun full = CliRun.of("export", "sdtm", "--study", STUDY, "--format", "xpt", "--out", blindedXpt.toString());
        assertThat(full.exitCode()).isEqualTo(2);
        assertThat(full.err()).contains("is not empty");
        CliRun format = CliRun.of("export", "sdtm", "--study", STUDY, "--format", "sas7bdat", "--out", files.resolve("new").toString());
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("--format: \"sas7bdat\" is not one of: xpt, json");
        assertThat(files.resolve("new")).doesNotExist();
        CliRun study = CliRun.of("export", "sdtm", "--study", "nosuch", "--format", "xpt", "--out", files.resolve("new2").toString(),
                "--db-url", "jdbc:postgresql://localhost:" + embedded.database().port() + "/postgres", "--db-user", "postgres");
        assertThat(study.exitCode()).isEqualTo(2);
        assertThat(study.err()).contains("no study \"nosuch\"");
        assertThat(files.resolve("new2")).doesNotExist();
    }

    @Test
    void exportUsdmWritesTheStoredProtocolAndRefusesAnUnknownStudy() throws IOException {
        String db = "jdbc:postgresql://localhost:" + embedded.database().port() + "/postgres";
        Path out = files.resolve("mesems-usdm.json");
        CliRun r = CliRun.of("export", "usdm", "--study", STUDY, "--out", out.toString(), "--db-url", db, "--db-user", "postgres");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("USDM 4.0.0 protocol of mesems").contains("15 visits, 2 study arms")
                .contains("not in the file: ").contains("the randomisation");
        var usdm = tools.jackson.databind.json.JsonMapper.builder().build().readTree(out.toFile());
        assertThat(usdm.at("/study/versions/0/studyDesigns/0/encounters")).hasSize(15);
        assertThat(usdm.toString()).doesNotContain("blockSizes");
        CliRun unknown = CliRun.of("export", "usdm", "--study", "nosuch", "--out", files.resolve("none.json").toString(), "--db-url", db,
                "--db-user", "postgres");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no study \"nosuch\"");
        assertThat(files.resolve("none.json")).doesNotExist();
        CliRun directory = CliRun.of("export", "usdm", "--study", STUDY, "--out", files.toString());
        assertThat(directory.exitCode()).isEqualTo(2);
        assertThat(directory.err()).contains("is a directory");
    }
}
