package org.harmonia.server.metaanalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.harmonia.server.reports.ReportTables.row;
import static org.harmonia.server.reports.ReportTables.table;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.harmonia.server.analysis.DemoCohort;
import org.harmonia.server.analysis.ReportService;
import org.harmonia.server.reports.Report;
import org.harmonia.server.reports.ReportBlock;
import org.harmonia.server.reports.ReportBlock.Table;
import org.harmonia.server.reports.ReportFormat;
import org.harmonia.server.reports.ReportRenderers;
import org.harmonia.server.security.Caller;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.visits.FormService;
import org.harmonia.server.visits.VoidRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The living meta-analysis of intrathecal MSC safety: the demo's included trials give Mesa Bedoya et al.'s published
 * figures in the report (reference: r/msc_it_safety.R with metafor), and MESEMS joins from its live data, so the pooled
 * result with the live trial moves when MESEMS's data change.
 */
@SpringBootTest(properties = {"harmonia.protocols=../protocols", "harmonia.test.database=meta-analysis"})
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetaAnalysisReportTest {
    static final String STUDY = "msc-it-safety";

    @Autowired
    DemoCohort mesems;

    @Autowired
    MetaAnalysisDemo demo;

    @Autowired
    IncludedTrialService trials;

    @Autowired
    ReportService reports;

    @Autowired
    FormService forms;

    @Autowired
    DataSource dataSource;

    Report unblinded;

    @BeforeAll
    void load() {
        mesems.load("mesems");
        assertThat(demo.load()).isEqualTo(9);
        unblinded = reports.report(STUDY, true, Caller.SYSTEM);
    }

    @Test
    void poolsNineTrialsOf540PatientsToRiskRatio161WithI2Zero() {
        List<String> pooled = row(table(unblinded, "pooled"), "Included trials");
        // R 4.x, metafor 3.8-1: rma(escalc("RR", ...), method = "DL") gives 1.611966 (1.185058 to 2.192665), I2 0
        assertThat(pooled.subList(1, 9)).containsExactly("9", "540", "1.61", "1.19 to 2.19", "0.002", "2.77 (df 8)", "0%", "0.0000");
        assertThat(table(unblinded, "included-trials").rows()).hasSize(9);
        assertThat(unblinded.blocks()).anySatisfy(b -> assertThat(b).isInstanceOfSatisfying(ReportBlock.Paragraph.class,
                p -> assertThat(p.text()).startsWith("9 randomised controlled trials, 540 patients.")));
    }

    @Test
    void metaRegressionGivesFreshVsCryopreservedRr1554AndMultipleVsSingleDose0644() {
        Table regression = table(unblinded, "meta-regression");
        // metafor: rma(yi, vi, mods = ~ preservation, method = "DL") 1.553958 (1.004457 to 2.404069), p 0.047710
        assertThat(row(regression, "cell preservation")).containsExactly("cell preservation", "fresh vs cryopreserved", "9",
                "1.554", "1.004 to 2.404", "0.048", "0.0423");
        assertThat(row(regression, "number of doses")).containsExactly("number of doses", "multiple vs single", "9",
                "0.644", "0.416 to 0.996", "0.048", "0.0423");
    }

    @Test
    void eggerTestAndPlotsAreInTheReport() {
        assertThat(row(table(unblinded, "egger"), "Egger").subList(1, 3)).containsExactly("0.616", "0.538");
        assertThat(unblinded.blocks()).filteredOn(b -> b instanceof ReportBlock.Chart).extracting(b -> ((ReportBlock.Chart) b).id())
                .contains("forest", "funnel", "forest-with-live");
        String html = new String(ReportRenderers.render(unblinded, ReportFormat.HTML), StandardCharsets.UTF_8);
        assertThat(html).contains("Forest plot", "Funnel plot", "1.61");
        byte[] pdf = ReportRenderers.render(unblinded, ReportFormat.PDF);
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }

    @Test
    void mesemsJoinsAsALiveTrialMarkedAsSuchOnlyInTheUnblindedReport() {
        List<String> live = row(table(unblinded, "live-trials"), "MESEMS (Harmonia, live data) [live]");
        assertThat(live.get(4)).endsWith("/69");
        assertThat(live.get(5)).endsWith("/75");
        assertThat(row(table(unblinded, "pooled-with-live"), "With live trials").get(1)).isEqualTo("10");
        Report blinded = reports.report(STUDY, false, Caller.SYSTEM);
        assertThat(blinded.blocks()).noneMatch(b -> b instanceof Table t && t.id().contains("live"));
        assertThat(blinded.blocks()).filteredOn(b -> b instanceof Table).flatExtracting(b -> ((Table) b).rows())
                .flatExtracting(r -> (List<?>) r).noneMatch(cell -> String.valueOf(cell).matches(".*/(69|75)$"));
        String html = new String(ReportRenderers.render(blinded, ReportFormat.HTML), StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("MSC-PLACEBO", "PLACEBO-MSC", "MESEMS (Harmonia, live data)").contains("1.61");
    }

    @Test
    void thePooledResultWithMesemsChangesWhenMesemsDataChange() {
        Report before = reports.report(STUDY, true, Caller.SYSTEM);
        String mscBefore = row(table(before, "live-trials"), "MESEMS").get(4);
        List<String> pooledBefore = row(table(before, "pooled-with-live"), "With live trials");
        // an MSC-first patient's only musculoskeletal adverse event is voided (entered in error)
        Map<String, Object> record = JdbcClient.create(dataSource).sql("""
                select f.id, f.version from form_record f join allocation a on a.subject_id = f.subject_id and a.study_id = f.study_id
                where f.study_id = 'mesems' and f.form_id = 'adverse_event' and not f.voided and a.sequence_id = 'MSC-PLACEBO'
                  and f.data->>'soc' = 'Musculoskeletal and connective tissue disorders'
                  and (select count(*) from form_record g where g.subject_id = f.subject_id and g.study_id = f.study_id
                       and g.form_id = 'adverse_event' and not g.voided
                       and g.data->>'soc' = 'Musculoskeletal and connective tissue disorders') = 1
                order by f.id limit 1
                """).query().singleRow();
        forms.voidRecord("mesems", ((Number) record.get("id")).longValue(),
                new VoidRequest(((Number) record.get("version")).intValue(), "entered in error"), Caller.SYSTEM);
        Report after = reports.report(STUDY, true, Caller.SYSTEM);
        int eventsBefore = Integer.parseInt(mscBefore.split("/")[0]);
        assertThat(row(table(after, "live-trials"), "MESEMS").get(4)).isEqualTo((eventsBefore - 1) + "/69");
        assertThat(row(table(after, "pooled-with-live"), "With live trials")).isNotEqualTo(pooledBefore);
        // the published set does not move
        assertThat(row(table(after, "pooled"), "Included trials").get(3)).isEqualTo("1.61");
    }

    @Test
    void anIncludedTrialIsRecordedOnceAndChecksItsModerators() {
        IncludedTrial t1 = trials.list(STUDY, Caller.SYSTEM).get(0);
        assertThat(trials.record(STUDY, t1, Caller.SYSTEM)).isEqualTo(t1);
        assertThat(trials.list(STUDY, Caller.SYSTEM)).hasSize(9);
        IncludedTrial changed = new IncludedTrial(t1.id(), t1.label(), t1.experimentalEvents() + 1, t1.experimentalTotal(),
                t1.controlEvents(), t1.controlTotal(), t1.experimentalAnyAe() + 1, t1.controlAnyAe(), t1.moderators(), t1.source());
        assertThatThrownBy(() -> trials.record(STUDY, changed, Caller.SYSTEM)).isInstanceOf(ConflictException.class);
        IncludedTrial badLevel = new IncludedTrial("T10", "another", 1, 10, 1, 10, 2, 2,
                Map.of("preservation", "frozen", "doses", "single", "condition", "MS"), "test");
        assertThatThrownBy(() -> trials.record(STUDY, badLevel, Caller.SYSTEM)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("frozen");
        assertThatThrownBy(() -> new IncludedTrial("T11", "x", 11, 10, 1, 10, null, null, Map.of(), "test"))
                .isInstanceOf(InvalidInputException.class);
        assertThat(trials.list(STUDY, Caller.SYSTEM)).hasSize(9);
    }
}
