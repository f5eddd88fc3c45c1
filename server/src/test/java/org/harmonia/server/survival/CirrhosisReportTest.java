package org.harmonia.server.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.harmonia.server.reports.ReportTables.row;
import static org.harmonia.server.reports.ReportTables.table;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.harmonia.server.analysis.ReportService;
import org.harmonia.server.analysis.SnapshotLoader;
import org.harmonia.server.analysis.SubjectData;
import org.harmonia.server.analysis.TrialSnapshot;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.reports.Report;
import org.harmonia.server.reports.ReportBlock;
import org.harmonia.server.reports.ReportBlock.Table;
import org.harmonia.server.reports.ReportFormat;
import org.harmonia.server.reports.ReportRenderers;
import org.harmonia.server.security.Caller;
import org.harmonia.stats.survival.CoxCoefficient;
import org.harmonia.stats.survival.CoxRegression;
import org.harmonia.stats.survival.Landmark;
import org.harmonia.stats.survival.LogRank;
import org.harmonia.stats.survival.SurvivalData;
import org.harmonia.stats.survival.Ties;
import org.harmonia.trial.protocol.Protocol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The UC-MSC decompensated cirrhosis trial (Shi et al. 2021): the demo cohort, loaded through the services, gives the
 * published figures in the report built from the plan, and the survival analyses equal R's on the same data (reference:
 * r/cirrhosis_survival.R with its output, on r/cirrhosis_survival.csv, which this test checks is the demo's data).
 */
@SpringBootTest(properties = {"harmonia.protocols=../protocols", "harmonia.test.database=cirrhosis"})
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CirrhosisReportTest {
    static final String STUDY = CirrhosisDemo.STUDY;

    @Autowired
    CirrhosisDemo demo;

    @Autowired
    ReportService reports;

    @Autowired
    ProtocolCatalog catalog;

    @Autowired
    DataSource dataSource;

    Report unblinded;
    CirrhosisDemo.Loaded loaded;

    @BeforeAll
    void load() {
        loaded = demo.load();
        unblinded = reports.report(STUDY, true, Caller.SYSTEM);
    }

    @Test
    void randomises219Patients108OnUcMscAnd111Controls() {
        assertThat(loaded.byArm()).containsEntry("UC-MSC", 108).containsEntry("CONTROL", 111);
        assertThat(row(table(unblinded, "patients"), "Randomised")).containsExactly("Randomised", "108", "111", "219");
        assertThat(row(table(unblinded, "patients"), "Treated")).containsExactly("Treated with study infusions", "108", "0", "108");
    }

    @Test
    void theDemoSurvivalDataAreTheDataOfTheRReference() throws Exception {
        Protocol protocol = catalog.require(STUDY);
        TrialSnapshot snapshot = new SnapshotLoader(dataSource, JsonMapper.builder().build(), java.time.Clock.systemUTC())
                .load(protocol, true);
        SurvivalStudyReport report = new SurvivalStudyReport(protocol, snapshot, "test");
        List<SubjectData> randomised = snapshot.subjects().stream().filter(SubjectData::randomised).toList();
        List<String> lines = new ArrayList<>(List.of("subject,endpoint,time,status,arm"));
        for (String endpoint : List.of("EP-OS", "EP-HCC")) {
            var t = protocol.endpoints().stream().filter(e -> e.id().equals(endpoint)).findFirst().orElseThrow().timeToEvent();
            SurvivalStudyReport.Observations o = report.observe(t, randomised);
            assertThat(o.withoutFollowUp()).isZero();
            for (int i = 0; i < o.time().length; i++) {
                lines.add(o.subjects().get(i) + "," + endpoint + "," + String.format(Locale.ROOT, "%.10f", o.time()[i]) + ","
                        + (int) o.status()[i] + "," + o.group()[i]);
            }
        }
        String csv = String.join("\n", lines) + "\n";
        // the same data at full precision: R survdiff 2.748274 (whole), coxph HR 0.430449 after the landmark
        SurvivalStudyReport.Observations os = report.observe(protocol.endpoints().get(0).timeToEvent(), randomised);
        assertThat(LogRank.test(os.data()).statistic()).isCloseTo(2.748274, within(1e-6));
        SurvivalData after = Landmark.at(os.data(), 13).data();
        double[][] x = new double[after.size()][1];
        for (int i = 0; i < after.size(); i++) {
            x[i][0] = after.group(i).equals("UC-MSC") ? 1 : 0;
        }
        CoxCoefficient hr = CoxRegression.fit(after, x, List.of("arm"), Ties.EFRON, 30).coefficient("arm");
        assertThat(hr.expEstimate()).isCloseTo(0.430449, within(1e-6));
        assertThat(hr.expCiLow()).isCloseTo(0.218026, within(1e-6));
        assertThat(hr.p()).isCloseTo(0.015149, within(1e-6));
        Path reference = Path.of("src", "test", "resources", "r", "cirrhosis_survival.csv");
        if (!Files.exists(reference)) {
            Files.writeString(Path.of("target", "cirrhosis_survival.csv"), csv);
        }
        assertThat(csv).isEqualTo(Files.readString(reference));
    }

    @Test
    void overallSurvivalDoesNotDifferOverTheWholeFollowUpNorBeforeThirteenMonthsButIsBetterOnUcMscAfter() {
        Table t = table(unblinded, "os-comparison");
        // R survival 3.x: survdiff and coxph(ties = "efron") on r/cirrhosis_survival.csv (r/cirrhosis_survival.out)
        assertThat(row(t, "Whole follow-up")).containsExactly(R.WHOLE);
        assertThat(row(t, "Up to the landmark")).containsExactly(R.BEFORE);
        assertThat(row(t, "From the landmark on")).containsExactly(R.AFTER);
        assertThat(Double.parseDouble(row(t, "Whole follow-up").get(4))).isGreaterThan(0.05);
        assertThat(Double.parseDouble(row(t, "Up to the landmark").get(4))).isGreaterThan(0.05);
        assertThat(Double.parseDouble(row(t, "From the landmark on").get(4))).isLessThan(0.05);
        assertThat(row(table(unblinded, "os-events"), "UC-MSC")).startsWith("UC-MSC plus standard treatment", "108", "25");
        assertThat(row(table(unblinded, "os-events"), "standard")).startsWith("standard treatment", "111", "38");
        assertThat(row(table(unblinded, "os-events"), "UC-MSC").get(4)).isEqualTo(R.MSC_SURVIVAL_13);
        assertThat(row(table(unblinded, "os-events"), "standard").get(4)).isEqualTo(R.CONTROL_SURVIVAL_13);
    }

    @Test
    void hepatocellularCarcinomaIsAsFrequentInBothArms() {
        assertThat(row(table(unblinded, "hcc-events"), "UC-MSC")).startsWith("UC-MSC plus standard treatment", "108", "11");
        assertThat(row(table(unblinded, "hcc-events"), "standard")).startsWith("standard treatment", "111", "13");
        assertThat(row(table(unblinded, "hcc-comparison"), "Whole follow-up")).containsExactly(R.HCC);
        assertThat(row(table(unblinded, "safety"), "Patients with hepatocellular carcinoma")).containsExactly(
                "Patients with hepatocellular carcinoma", "11", "13", "24");
    }

    @Test
    void sevenPatientsHadAFeverAfterTheirInfusion() {
        assertThat(row(table(unblinded, "safety"), "Patients with an infusion fever")).containsExactly(
                "Patients with an infusion fever", "7", "0", "7");
        // three infusions each, but for one UC-MSC patient who died in the second month, before the third
        assertThat(row(table(unblinded, "safety"), "Infusions given")).containsExactly("Infusions given", "323", "0", "323");
        assertThat(row(table(unblinded, "adverse-events"), "General disorders")).containsExactly(
                "General disorders and administration site conditions", "7", "0", "7");
    }

    @Test
    void albuminAndProthrombinActivityRiseMoreOnUcMscOver48Weeks() {
        for (String analysis : List.of("alb-mmrm", "pta-mmrm")) {
            List<String> w48 = row(table(unblinded, analysis), "W48");
            assertThat(Double.parseDouble(w48.get(3).split(" ")[0])).as(analysis).isPositive();
            assertThat(w48.get(4)).as(analysis).isIn("<0.001", "0.001", "0.002", "0.003", "0.004", "0.005");
        }
        List<String> tbil = row(table(unblinded, "tbil-mmrm"), "W48");
        assertThat(Double.parseDouble(tbil.get(3).split(" ")[0])).isNegative();
        // the observed means are shown in the stored unit and the conventional one
        assertThat(row(table(unblinded, "tbil-mmrm-observed"), "W0").get(1)).matches("n=108: [0-9.]+ umol/L \\([0-9.]+ mg/dL\\) \\(SE [0-9.]+\\)");
    }

    @Test
    void rendersTheReportAsHtmlAndPdfWithTheKaplanMeierChart() {
        String html = new String(ReportRenderers.render(unblinded, ReportFormat.HTML), StandardCharsets.UTF_8);
        assertThat(html).contains("Kaplan-Meier curves", "From the landmark on", "data:image/png;base64");
        byte[] pdf = ReportRenderers.render(unblinded, ReportFormat.PDF);
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(unblinded.blocks()).anySatisfy(b -> assertThat(b).isInstanceOfSatisfying(ReportBlock.Chart.class,
                c -> assertThat(c.kind()).isEqualTo(ReportBlock.ChartKind.STEP)));
    }

    @Test
    void theBlindedReportPoolsTheArms() {
        Report blinded = reports.report(STUDY, false, Caller.SYSTEM);
        String html = new String(ReportRenderers.render(blinded, ReportFormat.HTML), StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("UC-MSC plus standard treatment events", "<th scope=\"col\">standard treatment",
                "Hazard ratio", "Infusions given", "Treated with");
        assertThat(row(table(blinded, "os-events"), "All")).startsWith("All", "219", "63");
        assertThat(table(blinded, "patients").header()).containsExactly("Patients", "All");
    }

    /** R's figures on r/cirrhosis_survival.csv, formatted as the report prints them (r/cirrhosis_survival.out). */
    static final class R {
        static final String[] WHOLE = {"Whole follow-up (0 to 75 months)", "25/108", "38/111", "2.748", "0.097",
            "0.655 (0.395 to 1.084)", "0.100"};
        static final String[] BEFORE = {"Up to the landmark (0 to 13 months)", "13/108", "11/111", "0.252", "0.615",
            "1.228 (0.550 to 2.741)", "0.616"};
        static final String[] AFTER = {"From the landmark on (13 to 75 months, 195 at risk)", "12/95", "27/100", "6.256", "0.012",
            "0.430 (0.218 to 0.850)", "0.015"};
        static final String[] HCC = {"Whole follow-up (0 to 75 months)", "11/108", "13/111", "0.216", "0.642",
            "0.827 (0.370 to 1.847)", "0.643"};
        static final String MSC_SURVIVAL_13 = "0.880 (0.820 to 0.943)";
        static final String CONTROL_SURVIVAL_13 = "0.901 (0.847 to 0.958)";
    }
}
