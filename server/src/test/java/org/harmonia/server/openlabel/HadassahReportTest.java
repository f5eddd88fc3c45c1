package org.harmonia.server.openlabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.harmonia.server.reports.ReportTables.row;
import static org.harmonia.server.reports.ReportTables.table;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.harmonia.server.analysis.ReportService;
import org.harmonia.server.reports.Report;
import org.harmonia.server.reports.ReportBlock;
import org.harmonia.server.reports.ReportBlock.Table;
import org.harmonia.server.reports.ReportFormat;
import org.harmonia.server.reports.ReportRenderers;
import org.harmonia.server.security.Caller;
import org.harmonia.server.subjects.Enrolment;
import org.harmonia.server.subjects.ScreeningRequest;
import org.harmonia.server.subjects.Subject;
import org.harmonia.server.subjects.SubjectService;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.visits.FormService;
import org.harmonia.server.visits.ScheduleEntry;
import org.harmonia.server.visits.VisitEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The Hadassah long-term study: its demo cohort, loaded through the services, gives Petrou et al. 2021's published
 * figures in the report built from the protocol's analysis plan (reference: r/hadassah.R and its output hadassah.out,
 * R 4.2.2). One report run is shared by every assertion; the context (database "open-label-studies") is shared with
 * {@link MscNpReportTest}, whose study is another.
 */
@SpringBootTest(properties = {"harmonia.protocols=../protocols", "harmonia.test.database=open-label-studies"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HadassahReportTest {
    static final String STUDY = "hadassah";

    @Autowired
    HadassahDemo demo;

    @Autowired
    ReportService reports;

    @Autowired
    FormService forms;

    @Autowired
    SubjectService subjects;

    Report report;

    @BeforeAll
    void load() {
        HadassahDemo.Loaded loaded = demo.load();
        assertThat(loaded.patients()).isEqualTo(24);
        report = reports.report(STUDY, false, Caller.SYSTEM);
    }

    @Test
    void twentyFourPatientsAged47Point0Sd9Point22() {
        Table patients = table(report, "patients");
        assertThat(row(patients, "Treated").get(1)).isEqualTo("24");
        // R: mean(age) 47.0000, sd(age) 9.2219
        assertThat(row(patients, "Age at screening").get(1)).isEqualTo("47.0 \u00b1 9.22 (24)");
    }

    @Test
    void edssFalls6Point75To6Point42WithWilcoxonP0Point028() {
        Table summary = table(report, "edss-last-visit-summary");
        // R: baseline mean 6.7500 sd 0.6757 (5.5 to 7.5); last mean 6.4167 sd 0.8427
        assertThat(row(summary, "Baseline")).containsExactly("Baseline (course 1 (first treatment))", "24", "6.75 \u00b1 0.68",
                "5.5 to 7.5");
        assertThat(row(summary, "Last visit").subList(1, 3)).containsExactly("24", "6.42 \u00b1 0.84");
        Table tests = table(report, "edss-last-visit-tests");
        // R: wilcox.test(last, baseline, paired = TRUE) V = 11, p = 0.028434; t.test paired t = -2.497456, df 23, p = 0.020107
        assertThat(row(tests, "Wilcoxon").subList(1, 3)).containsExactly("V = 11.0", "0.028");
        assertThat(row(tests, "Paired t").subList(1, 3)).containsExactly("t = -2.497 (df 23)", "0.020");
    }

    @Test
    void medianFollowUpIs27Point8Months() {
        // R: median(followup / (365.25 / 12)) = 27.7947
        assertThat(table(report, "edss-last-visit-follow-up").rows().get(0).subList(0, 2)).containsExactly("24", "27.8");
    }

    @Test
    void twentyTwoOfTwentyFourStableOrImprovedAndTenImproved() {
        Table categories = table(report, "edss-last-visit-categories");
        assertThat(row(categories, "Improved").get(1)).isEqualTo("10");
        assertThat(row(categories, "Stable (").get(1)).isEqualTo("12");
        assertThat(row(categories, "Worse").get(1)).isEqualTo("2");
        assertThat(row(categories, "Stable or improved").get(1)).isEqualTo("22");
    }

    @Test
    void nineOfTheTenImprovedHadMoreThanTwoCoursesFisherP0Point04() {
        Table byCourses = table(report, "edss-by-courses");
        assertThat(row(byCourses, "More than 2")).containsExactly("More than 2 courses", "16", "9", "7", "0");
        assertThat(row(byCourses, "2 or fewer")).containsExactly("2 or fewer courses", "8", "1", "5", "2");
        // R: fisher.test(table(group, category))$p.value = 0.039216 (the paper: p = 0.04)
        assertThat(row(byCourses, "Fisher").get(4)).isEqualTo("p = 0.039");
    }

    @Test
    void noSeriousTreatmentRelatedAdverseEventAndEveryEventListed() {
        Table summary = table(report, "safety-summary");
        assertThat(row(summary, "Any adverse event").subList(1, 3)).containsExactly("9", "9");
        assertThat(row(summary, "Serious and related").subList(1, 3)).containsExactly("0", "0");
        assertThat(row(summary, "Serious").subList(1, 3)).containsExactly("1", "1");
        assertThat(table(report, "safety-listing").rows()).hasSize(9)
                .anySatisfy(r -> assertThat(r).contains("pneumonia", "yes", "not related"));
    }

    @Test
    void regulatoryTCellsRiseAndProliferationFallsTransientlyOnTheChart() {
        Table treg = table(report, "treg");
        double baseline = Double.parseDouble(treg.rows().get(0).get(3));
        double month1 = Double.parseDouble(treg.rows().get(1).get(3));
        double month6 = Double.parseDouble(treg.rows().get(3).get(3));
        assertThat(month1).isGreaterThan(baseline + 1);
        assertThat(Math.abs(month6 - baseline)).isLessThan(month1 - baseline);
        Table proliferation = table(report, "proliferation");
        double pBaseline = Double.parseDouble(proliferation.rows().get(0).get(3));
        double pMonth1 = Double.parseDouble(proliferation.rows().get(1).get(3));
        double pMonth6 = Double.parseDouble(proliferation.rows().get(3).get(3));
        assertThat(pMonth1).isLessThan(pBaseline - 3);
        assertThat(Math.abs(pMonth6 - pBaseline)).isLessThan(pBaseline - pMonth1);
        assertThat(report.blocks()).filteredOn(b -> b instanceof ReportBlock.Chart c && c.id().equals("treg-chart")).hasSize(1);
    }

    @Test
    void theDosePerKgIsComputedFromTheWeightAndTheCellsOfBothRoutes() {
        List<String> first = row(table(report, "courses"), "course 1");
        assertThat(first.get(1)).isEqualTo("24");
        // at course 1 every weight is whole kilograms and the cells of both routes add up to it: exactly 1 x 10^6 cells/kg
        assertThat(first.get(5)).isEqualTo("1.00 \u00b1 0.00");
        assertThat(row(table(report, "courses"), "course 9").get(1)).isEqualTo("1");
    }

    @Test
    void rendersAsHtmlAndPdf() {
        String html = new String(ReportRenderers.render(report, ReportFormat.HTML), StandardCharsets.UTF_8);
        assertThat(html).contains("6.75", "6.42", "27.8", "0.039");
        byte[] pdf = ReportRenderers.render(report, ReportFormat.PDF);
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }

    @Test
    void aPatientsNextCourseIsScheduledFromTheDayTheLastCourseWasGiven() {
        // the patient with nine courses: course 9 given 8 x 182 days after day 0, each window opened by the previous course
        String subject = subjectWithCourses(9);
        List<ScheduleEntry> schedule = forms.schedule(STUDY, subject, Caller.SYSTEM);
        ScheduleEntry c9 = schedule.stream().filter(e -> e.visitId().equals("C9")).findFirst().orElseThrow();
        ScheduleEntry c2 = schedule.stream().filter(e -> e.visitId().equals("C2")).findFirst().orElseThrow();
        assertThat(c9.targetDate()).isEqualTo(c2.targetDate().plusDays(7 * 182));
        // a patient with one course has no second-course decision recorded, so course 3 is not on its calendar
        String once = subjectWithCourses(1);
        assertThat(forms.schedule(STUDY, once, Caller.SYSTEM)).extracting(ScheduleEntry::visitId).contains("C2").doesNotContain("C3");
    }

    @Test
    void aCourseCannotBeRecordedBeforeThePreviousOne() {
        LocalDate dayZero = LocalDate.of(2020, 3, 2);
        java.util.Map<String, Object> data = new java.util.HashMap<>(java.util.Map.of("date_of_birth", "1970-05-05", "sex", "female",
                "phenotype", "SPMS", "edss", 6.0, "progression_12m", true, "active_or_chronic_infection", false,
                "malignancy_history", false, "pregnant", false, "able_to_consent", true));
        Subject s = subjects.screen(STUDY, new ScreeningRequest("01", dayZero.minusDays(14), dayZero, data), Caller.SYSTEM);
        s = subjects.enrol(STUDY, s.id(), new Enrolment(dayZero.minusDays(14), dayZero, s.version()), Caller.SYSTEM);
        String id = s.id();
        forms.recordVisit(STUDY, id, "C1", new VisitEntry("done", dayZero, null, null, null), Caller.SYSTEM);
        assertThatThrownBy(() -> forms.recordVisit(STUDY, id, "C3", new VisitEntry("done", dayZero.plusDays(400), null, null, null),
                Caller.SYSTEM)).isInstanceOf(InvalidInputException.class).hasMessageContaining("follows visit C2");
        // course 2 given 200 days after course 1: course 3's window opens 182 days after that day, not after its planned day
        forms.recordVisit(STUDY, id, "C2", new VisitEntry("done", dayZero.plusDays(200), null, null, null), Caller.SYSTEM);
        ScheduleEntry c3 = forms.schedule(STUDY, id, Caller.SYSTEM).stream().filter(e -> e.visitId().equals("C3")).findFirst()
                .orElseThrow();
        assertThat(c3.earliest()).isEqualTo(dayZero.plusDays(382));
        assertThat(c3.latest()).isEqualTo(dayZero.plusDays(565));
    }

    private String subjectWithCourses(int courses) {
        for (int i = 0; i < HadassahDemo.COURSES.length; i++) {
            if (HadassahDemo.COURSES[i] == courses) {
                return demo.subjectId(i);
            }
        }
        throw new IllegalArgumentException("no demo patient with " + courses + " courses");
    }
}
