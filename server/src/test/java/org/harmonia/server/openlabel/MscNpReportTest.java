package org.harmonia.server.openlabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.harmonia.server.reports.ReportTables.row;
import static org.harmonia.server.reports.ReportTables.table;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.harmonia.server.analysis.ReportService;
import org.harmonia.server.reports.Report;
import org.harmonia.server.reports.ReportBlock;
import org.harmonia.server.reports.ReportBlock.Table;
import org.harmonia.server.reports.ReportFormat;
import org.harmonia.server.reports.ReportRenderers;
import org.harmonia.server.security.Caller;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The MSC-NP phase I study: its demo cohort, loaded through the services, gives Harris et al. 2020's published counts
 * in the report built from the protocol's analysis plan (reference: r/msc_np.R and its output msc_np.out, R 4.2.2). One
 * report run is shared by every assertion; the context is the one of {@link HadassahReportTest}.
 */
@SpringBootTest(properties = {"harmonia.protocols=../protocols", "harmonia.test.database=open-label-studies"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MscNpReportTest {
    static final String STUDY = "msc-np";

    @Autowired
    MscNpDemo demo;

    @Autowired
    ReportService reports;

    Report report;

    @BeforeAll
    void load() {
        assertThat(demo.load().patients()).isEqualTo(20);
        report = reports.report(STUDY, false, Caller.SYSTEM);
    }

    @Test
    void twentyPatientsThreeInjectionsEach() {
        Table patients = table(report, "patients");
        assertThat(row(patients, "Treated").get(1)).isEqualTo("20");
        assertThat(row(patients, "Courses per patient").get(1)).isEqualTo("3: 20");
        assertThat(row(table(report, "courses"), "injection 3").get(1)).isEqualTo("20");
    }

    @Test
    void oneHeadacheRelatedToTheTreatmentAndNothingSerious() {
        Table summary = table(report, "safety-summary");
        assertThat(row(summary, "Related").subList(1, 3)).containsExactly("1", "1");
        assertThat(row(summary, "Serious").subList(1, 3)).containsExactly("0", "0");
        assertThat(row(summary, "Any adverse event").subList(1, 3)).containsExactly("7", "7");
        assertThat(table(report, "safety-listing").rows()).filteredOn(r -> r.get(6).equals("probable"))
                .singleElement().satisfies(r -> assertThat(r.get(1)).contains("headache"));
    }

    @Test
    void sevenImprovedTheirEdssAtTheLastVisit() {
        Table categories = table(report, "edss-last-visit-categories");
        assertThat(row(categories, "Improved").get(1)).isEqualTo("7");
        assertThat(row(categories, "Stable (").get(1)).isEqualTo("9");
        assertThat(row(categories, "Worse").get(1)).isEqualTo("4");
        // R: wilcox.test(last, baseline, paired = TRUE) V = 20, p = 0.236236; mean 6.575 (1.2489) to 6.45 (1.5466)
        assertThat(row(table(report, "edss-last-visit-tests"), "Wilcoxon").subList(1, 3)).containsExactly("V = 20.0", "0.236");
        assertThat(row(table(report, "edss-last-visit-summary"), "Last visit").get(2)).isEqualTo("6.45 \u00b1 1.55");
    }

    @Test
    void theAmbulatoryImprovedMoreSubgroupTableWithFisherTest() {
        Table byAmbulation = table(report, "edss-by-ambulation");
        assertThat(row(byAmbulation, "Baseline EDSS above 6.5")).containsExactly("Baseline EDSS above 6.5", "10", "1", "6", "3");
        assertThat(row(byAmbulation, "Baseline EDSS 6.5 or below")).containsExactly("Baseline EDSS 6.5 or below", "10", "6", "3", "1");
        // R: fisher.test(table(group, category))$p.value = 0.072961 (a figure of the demo: the paper gives no test)
        assertThat(row(byAmbulation, "Fisher").get(4)).isEqualTo("p = 0.073");
    }

    @Test
    void threeOfTheTenAmbulatoryWalkFasterAfterTwoYears() {
        Table categories = table(report, "t25fw-last-visit-categories");
        assertThat(row(categories, "Improved").get(1)).isEqualTo("3");
        assertThat(row(categories, "Worse").get(1)).isEqualTo("7");
        // R: walk last mean 12.24 (6.8260); Wilcoxon V = 35.5, p = 0.444291 (ties: normal approximation)
        assertThat(row(table(report, "t25fw-last-visit-summary"), "Last visit").subList(1, 3)).containsExactly("10", "12.24 \u00b1 6.83");
        assertThat(row(table(report, "t25fw-last-visit-tests"), "Wilcoxon").subList(1, 3)).containsExactly("V = 35.5", "0.444");
    }

    @Test
    void edssOverTimeByAmbulatoryStatusShowsTheImprovementNotMaintainedInFive() {
        Table overTime = table(report, "edss-over-time");
        List<String> ambulatoryAtM3 = overTime.rows().stream().filter(r -> r.get(0).equals("Baseline EDSS 6.5 or below")
                && r.get(1).startsWith("3 months")).findFirst().orElseThrow();
        List<String> ambulatoryAtY2 = overTime.rows().stream().filter(r -> r.get(0).equals("Baseline EDSS 6.5 or below")
                && r.get(1).startsWith("2 years")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(ambulatoryAtM3.get(3))).isLessThan(Double.parseDouble(ambulatoryAtY2.get(3)));
        assertThat(report.blocks()).filteredOn(b -> b instanceof ReportBlock.Chart c && c.id().equals("edss-over-time-chart")
                && c.series().size() == 2).hasSize(1);
    }

    @Test
    void rendersAsHtmlAndPdf() {
        String html = new String(ReportRenderers.render(report, ReportFormat.HTML), StandardCharsets.UTF_8);
        assertThat(html).contains("Baseline EDSS above 6.5", "0.073");
        byte[] pdf = ReportRenderers.render(report, ReportFormat.PDF);
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }
}
