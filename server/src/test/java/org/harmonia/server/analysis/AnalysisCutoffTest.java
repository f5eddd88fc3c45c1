package org.harmonia.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.harmonia.server.reports.Report;
import org.harmonia.server.reports.ReportBlock;
import org.harmonia.trial.subject.SubjectStatus;
import org.junit.jupiter.api.Test;

/** The analysis data cut-off: which subjects it keeps out of the analysis, and how the report says so. */
class AnalysisCutoffTest {
    static final LocalDate CUTOFF = LocalDate.of(2020, 7, 1);
    static final AnalysisCutoff DATA_CUTOFF = new AnalysisCutoff(CUTOFF, "statistician", Instant.parse("2026-01-05T09:00:00Z"),
            "final analysis");

    @Test
    void aSubjectScreenedOrStartingAfterTheCutOffIsNotAnalysedAndOneOnTheDayIs() {
        assertThat(DATA_CUTOFF.excludes(CUTOFF.plusDays(1), null)).as("screened the day after").isTrue();
        assertThat(DATA_CUTOFF.excludes(CUTOFF.minusDays(40), CUTOFF.plusDays(1))).as("screened before, day 0 after").isTrue();
        assertThat(DATA_CUTOFF.excludes(CUTOFF, CUTOFF)).as("screened and started on the day").isFalse();
        assertThat(DATA_CUTOFF.excludes(CUTOFF.minusDays(3), null)).as("still in screening since before").isFalse();
    }

    @Test
    void aCutOffNamesWhoSetItAndWhy() {
        assertThatThrownBy(() -> new AnalysisCutoff(CUTOFF, " ", Instant.EPOCH, "final analysis"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnalysisCutoff(CUTOFF, "statistician", Instant.EPOCH, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Report report(TrialSnapshot snapshot) {
        StudyAnalysis analysis = new StudyAnalysis(StudyAnalysisGoldenTest.MESEMS, snapshot);
        return new ReportBuilder(StudyAnalysisGoldenTest.MESEMS, analysis.run(), analysis, "test").build();
    }

    @Test
    void withoutACutOffTheReportSaysEverySubjectIsAnalysed() throws Exception {
        Report r = report(StudyAnalysisGoldenTest.snapshot(false));
        assertThat(r.blocks()).contains(new ReportBlock.Paragraph("Analysis data cut-off: none set. Every subject in the database "
                + "is analysed."));
        assertThat(r.blocks()).noneMatch(b -> b instanceof ReportBlock.Table t && t.id().equals("after-cutoff"));
    }

    @Test
    void withACutOffTheReportStatesItAndListsTheLaterSubjectsWithTheirStatusOnly() throws Exception {
        TrialSnapshot s = StudyAnalysisGoldenTest.snapshot(true);
        List<TrialSnapshot.LaterSubject> later = List.of(
                new TrialSnapshot.LaterSubject("MES-07-031", "07", SubjectStatus.SCREENING, LocalDate.of(2026, 6, 13), null, false),
                new TrialSnapshot.LaterSubject("MES-07-032", "07", SubjectStatus.RANDOMISED, LocalDate.of(2026, 4, 1),
                        LocalDate.of(2026, 5, 6), true));
        Report r = report(new TrialSnapshot(s.studyId(), s.protocolVersion(), s.protocolSha256(), s.takenAt(), true, s.subjects(),
                s.formRecords(), DATA_CUTOFF, later));
        assertThat(r.blocks()).contains(new ReportBlock.Paragraph(DATA_CUTOFF.methods()));
        assertThat(DATA_CUTOFF.methods()).startsWith("Analysis data cut-off: 2020-07-01 (set by statistician on 2026-01-05T09:00:00Z: "
                + "final analysis).");
        ReportBlock.Table consort = DemoCohortReportTest.table(r, "consort");
        assertThat(DemoCohortReportTest.row(consort, "Randomised").get(3)).isEqualTo(Integer.toString(s.subjects().size()));
        assertThat(DemoCohortReportTest.row(consort, "After the analysis cut-off 2020-07-01 (not analysed): screened"))
                .containsExactly("After the analysis cut-off 2020-07-01 (not analysed): screened", "", "", "2");
        assertThat(DemoCohortReportTest.row(consort, "   of whom randomised")).last().isEqualTo("1");
        assertThat(DemoCohortReportTest.table(r, "after-cutoff").rows()).containsExactly(
                List.of("MES-07-031", "07", "screening", "2026-06-13", ""),
                List.of("MES-07-032", "07", "randomised", "2026-04-01", "2026-05-06"));
        assertThat(r.footer()).contains("(" + s.subjects().size() + " subjects analysed to the cut-off 2020-07-01, 2 after it, ");
    }
}
