package org.harmonia.server.standards.sdtm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.harmonia.server.analysis.DemoCohort;
import org.harmonia.server.analysis.DemoWorkInProgress;
import org.harmonia.server.analysis.SnapshotLoader;
import org.harmonia.server.analysis.StudyAnalysis;
import org.harmonia.server.analysis.StudyResults;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.DemoUsers;
import org.harmonia.server.standards.dataset.XptReader;
import org.harmonia.server.stats.CliRun;
import org.harmonia.server.system.DatabaseConfiguration;
import org.harmonia.stats.data.DataTable;
import org.harmonia.stats.glm.Coefficient;
import org.harmonia.stats.glm.Family;
import org.harmonia.stats.glm.Glm;
import org.harmonia.stats.glm.GlmResult;
import org.harmonia.trial.protocol.AnalysisMethod;
import org.harmonia.trial.protocol.AnalysisSpec;
import org.harmonia.trial.protocol.Protocol;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code harmonia export adam} on the MESEMS demo study: the primary model fitted again outside the report, on the
 * exported files alone, by the stats module's negative binomial fitter (and by the generated R script with MASS when
 * Rscript is installed), gives the report's rate ratio, CI and p; ADGEL traces each GEL count to its NV record.
 */
@SpringBootTest(properties = {"harmonia.protocols=../protocols", "harmonia.test.database=adam-export"})
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdamExportTest {
    static final String STUDY = "mesems";

    @Autowired
    DemoUsers demoUsers;

    @Autowired
    DemoCohort cohort;

    @Autowired
    DemoWorkInProgress workInProgress;

    @Autowired
    DatabaseConfiguration.EmbeddedDatabaseHolder embedded;

    @Autowired
    DataSource dataSource;

    @Autowired
    ProtocolCatalog catalog;

    @TempDir
    static Path files;

    Path xpt;
    Path json;
    Path blinded;
    Path sdtm;
    StudyResults.Efficacy reported;
    AnalysisSpec spec;

    @BeforeAll
    void exportTheDemoStudy() {
        demoUsers.create(STUDY);
        cohort.load(STUDY);
        workInProgress.load(STUDY);
        xpt = run("adam", "xpt", true);
        json = run("adam", "json", true);
        blinded = run("adam", "xpt", false);
        sdtm = run("sdtm", "xpt", true);
        Protocol protocol = catalog.require(STUDY);
        spec = protocol.analysis().first(AnalysisMethod.NEGATIVE_BINOMIAL).orElseThrow();
        reported = new StudyAnalysis(protocol, new SnapshotLoader(dataSource, JsonMapper.builder().build(), Clock.systemUTC())
                .load(protocol, true)).run().primary();
        assertThat(reported.rateRatio()).isNotNull();
    }

    private Path run(String standard, String format, boolean unblinded) {
        Path out = files.resolve(standard + "-" + format + (unblinded ? "-unblinded" : "-blinded"));
        List<String> args = new ArrayList<>(List.of("export", standard, "--study", STUDY, "--format", format, "--out", out.toString(),
                "--db-url", "jdbc:postgresql://localhost:" + embedded.database().port() + "/postgres", "--db-user", "postgres"));
        if (unblinded) {
            args.add("--unblinded");
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return out;
    }

    /** The primary model's data set built from ADGEL's flagged records alone, as the R script builds it. */
    static DataTable primaryData(List<Map<String, Object>> adgel) {
        Map<String, Map<String, Object>> bySubject = new LinkedHashMap<>();
        for (Map<String, Object> r : adgel) {
            if (!"Y".equals(r.get("ANL01FL"))) {
                continue;
            }
            Map<String, Object> s = bySubject.computeIfAbsent((String) r.get("USUBJID"), k -> new HashMap<>());
            s.put(r.get("PARAMCD").equals("GELSUM") ? "y" : "scans", r.get("AVAL"));
            s.put("baseline", r.get("BASE"));
            s.put("subTrial", r.get("SUBTRIAL"));
            s.put("sequence", r.get("TRTSEQP"));
        }
        Map<String, List<String>> cols = new LinkedHashMap<>();
        for (String c : List.of("y", "scans", "baseline", "subTrial", "sequence")) {
            cols.put(c, new ArrayList<>());
        }
        bySubject.values().forEach(s -> cols.forEach((c, list) -> {
            Object v = s.get(c);
            list.add(v instanceof Number n ? fmt(n.doubleValue()) : String.valueOf(v));
        }));
        return new DataTable("ADGEL", cols);
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static List<Map<String, Object>> rows(XptReader.Member m) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Object> r : m.rows()) {
            Map<String, Object> row = new HashMap<>();
            for (int i = 0; i < m.columns().size(); i++) {
                row.put(m.columns().get(i).name(), r.get(i));
            }
            out.add(row);
        }
        return out;
    }

    static List<Map<String, Object>> rows(JsonNode root) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode r : root.get("rows")) {
            Map<String, Object> row = new HashMap<>();
            for (int i = 0; i < root.get("columns").size(); i++) {
                JsonNode v = r.get(i);
                row.put(root.get("columns").get(i).get("name").asString(), v.isNull() ? null : v.isNumber() ? v.asDouble() : v.asString());
            }
            out.add(row);
        }
        return out;
    }

    private void assertReportsPrimaryResult(DataTable data, double tolerance) {
        GlmResult fit = Glm.fit(data, StudyAnalysis.formula(spec), Family.NEGBIN, Map.of("sequence", spec.reference()));
        Coefficient c = fit.coefficient("sequenceMSC-PLACEBO");
        assertThat(fit.n()).isEqualTo(reported.n());
        assertThat(c.expEstimate()).isCloseTo(reported.rateRatio(), within(tolerance * reported.rateRatio()));
        assertThat(c.expCiLow()).isCloseTo(reported.ciLow(), within(tolerance * reported.ciLow()));
        assertThat(c.expCiHigh()).isCloseTo(reported.ciHigh(), within(tolerance * reported.ciHigh()));
        assertThat(c.p()).isCloseTo(reported.p(), within(tolerance * reported.p()));
    }

    @Test
    void theExportedXptFilesGiveTheReportsPrimaryResult() throws IOException {
        assertReportsPrimaryResult(primaryData(rows(XptReader.read(xpt.resolve("adgel.xpt")))), 1e-9);
    }

    @Test
    void theExportedDatasetJsonFilesGiveTheReportsPrimaryResult() throws IOException {
        assertReportsPrimaryResult(primaryData(rows(JsonMapper.builder().build().readTree(json.resolve("adgel.json").toFile()))), 1e-9);
    }

    @Test
    void adslFlagsTheReportsAnalysisSets() throws IOException {
        List<Map<String, Object>> adsl = rows(XptReader.read(xpt.resolve("adsl.xpt")));
        assertThat(adsl.stream().filter(r -> "Y".equals(r.get("FASFL"))).count()).isEqualTo(reported.n());
        assertThat(adsl.stream().filter(r -> "Y".equals(r.get("RANDFL"))).count()).isEqualTo(144);
        assertThat(adsl.stream().filter(r -> "MSC-PLACEBO".equals(r.get("TRTSEQP"))).count()).isEqualTo(69);
        assertThat(adsl.stream().filter(r -> "PLACEBO-MSC".equals(r.get("TRTSEQP"))).count()).isEqualTo(75);
        assertThat(adsl).allSatisfy(r -> assertThat(r.get("SUBTRIAL")).isNotEqualTo(""));
    }

    @Test
    void eachGelCountTracesToItsNvRecord() throws IOException {
        List<Map<String, Object>> nv = rows(XptReader.read(sdtm.resolve("nv.xpt")));
        Map<String, Map<String, Object>> byKey = new HashMap<>();
        nv.forEach(r -> byKey.put(r.get("USUBJID") + "|" + ((Double) r.get("NVSEQ")).intValue(), r));
        List<Map<String, Object>> gel = rows(XptReader.read(xpt.resolve("adgel.xpt"))).stream().filter(r -> r.get("PARAMCD").equals("GEL")).toList();
        assertThat(gel).isNotEmpty();
        for (Map<String, Object> r : gel) {
            assertThat(r.get("SRCDOM")).isEqualTo("NV");
            Map<String, Object> source = byKey.get(r.get("USUBJID") + "|" + ((Double) r.get("SRCSEQ")).intValue());
            assertThat(source).as(r.toString()).isNotNull();
            assertThat(source.get("NVTESTCD")).isEqualTo("GDLESN");
            assertThat(source.get("NVSTRESN")).isEqualTo(r.get("AVAL"));
            assertThat(source.get("VISIT")).isEqualTo(r.get("AVISIT"));
        }
    }

    @Test
    void aBlindedExportHasNoSequenceAndItsScriptSaysWhy() throws IOException {
        for (String name : List.of("adsl", "adgel")) {
            XptReader.Member m = XptReader.read(blinded.resolve(name + ".xpt"));
            assertThat(m.columns()).extracting(XptReader.Column::name).doesNotContain("TRTSEQP", "TRT01P", "TRT02P");
            String bytes = new String(Files.readAllBytes(blinded.resolve(name + ".xpt")), StandardCharsets.ISO_8859_1);
            for (String word : SdtmExportTest.ARM_WORDS) {
                assertThat(bytes).doesNotContainIgnoringCase(word);
            }
        }
        assertThat(Files.readString(blinded.resolve("define.xml"))).doesNotContain("TRTSEQP");
        assertThat(Files.readString(blinded.resolve(AdamExport.SCRIPT))).contains("stop(\"this export is blinded");
    }

    @Test
    void theGeneratedRScriptReproducesThePrimaryResultWithMass() throws Exception {
        Assumptions.assumeTrue(rscript("library(MASS); library(haven); library(jsonlite)"), "Rscript with MASS, haven and jsonlite is not installed");
        for (Path dir : List.of(xpt, json)) {
            Process p = new ProcessBuilder("Rscript", AdamExport.SCRIPT).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            Map<String, Double> r = new HashMap<>();
            out.lines().map(l -> l.split(" ")).filter(a -> a.length == 2).forEach(a -> r.put(a[0], Double.valueOf(a[1])));
            assertThat(r.get("n")).isEqualTo((double) reported.n());
            // MASS and the stats module stop their iterations at their own tolerances: 1e-6 relative, as every R check of the stats module
            assertThat(r.get("rate_ratio")).isCloseTo(reported.rateRatio(), within(1e-6 * reported.rateRatio()));
            assertThat(r.get("ci_low")).isCloseTo(reported.ciLow(), within(1e-6 * reported.ciLow()));
            assertThat(r.get("ci_high")).isCloseTo(reported.ciHigh(), within(1e-6 * reported.ciHigh()));
            assertThat(r.get("p")).isCloseTo(reported.p(), within(1e-6 * reported.p()));
        }
    }

    static boolean rscript(String expression) {
        try {
            Process p = new ProcessBuilder("Rscript", "-e", expression).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void defineXmlDescribesBothAnalysisDatasets() throws IOException {
        String define = Files.readString(xpt.resolve("define.xml"));
        assertThat(define).contains("Purpose=\"Analysis\"", "Name=\"ADaMIG\"", "IT.ADSL.FASFL", "IT.ADGEL.ANL01FL", "IT.ADGEL.SRCSEQ",
                "SUBJECT LEVEL ANALYSIS DATASET", "BASIC DATA STRUCTURE", "xlink:href=\"adgel.xpt\"");
    }
}
