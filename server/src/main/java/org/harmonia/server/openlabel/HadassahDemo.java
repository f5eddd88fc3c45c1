package org.harmonia.server.openlabel;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.harmonia.server.security.Caller;
import org.harmonia.server.subjects.Enrolment;
import org.harmonia.server.subjects.ScreeningRequest;
import org.harmonia.server.subjects.StudyExit;
import org.harmonia.server.subjects.Subject;
import org.harmonia.server.subjects.SubjectService;
import org.harmonia.server.visits.FormEntry;
import org.harmonia.server.visits.FormService;
import org.harmonia.server.visits.VisitEntry;
import org.springframework.stereotype.Service;

/**
 * The demo cohort of the Hadassah long-term study, loaded through the services (screening, enrolment, visits recorded as
 * done, forms, adverse events, completion; never SQL) and calibrated to Petrou et al. 2021: 24 patients aged 47.0 +/- 9.22,
 * EDSS 6.75 +/- 0.68 (5.5 to 7.5) at baseline and 6.42 +/- 0.84 at the last visit (Wilcoxon signed-rank p = 0.028), a
 * median follow-up of 27.8 months, 22 stable or improved and 10 improved, 9 of them among the 16 with more than two
 * courses (Fisher p = 0.04), no serious treatment-related adverse event, and a transient rise of CD4+CD25+FoxP3+ cells
 * and fall of lymphocyte proliferation after the first course. R reference: r/hadassah.R.
 */
@Service
public class HadassahDemo {
    static final String STUDY = "hadassah";
    static final String SITE = "01";
    static final LocalDate FIRST_COURSE = LocalDate.of(2014, 6, 2);

    /** Baseline EDSS (first course) and its change at the last visit, patient by patient. */
    static final double[] BASELINE = {6.5, 7.5, 6.5, 7.5, 7.0, 7.5, 7.5, 7.0, 5.5, 6.0, 7.5, 5.5, 6.5, 6.0, 7.0, 7.0, 7.5, 7.5, 7.0,
            7.0, 6.5, 6.5, 6.5, 5.5};
    static final double[] CHANGE = {1.0, 0.5, -0.5, 0, 0, 0, -1.5, 0, 0, -0.5, -1, 0, -1, -0.5, -2, 0, -1, 0, 0, -1, 0, -0.5, 0, 0};
    /** Courses received and days from the first course to the last visit. */
    static final int[] COURSES = {1, 1, 1, 2, 2, 2, 3, 2, 2, 3, 3, 6, 4, 4, 4, 6, 5, 7, 7, 5, 8, 5, 8, 9};
    static final int[] FOLLOW_UP_DAYS = {200, 240, 300, 380, 420, 500, 560, 610, 700, 620, 700, 1200, 845, 847, 900, 1250, 1000,
            1300, 1350, 1100, 1400, 1150, 1420, 1470};
    /** Whole years of age at screening. */
    static final int[] AGE = {30, 35, 37, 38, 40, 40, 41, 41, 41, 42, 44, 45, 45, 45, 50, 52, 52, 54, 54, 56, 59, 61, 63, 63};
    static final int[] WEIGHT_KG = {68, 74, 59, 81, 77, 63, 90, 72, 55, 66, 85, 70, 62, 79, 73, 88, 58, 76, 69, 83, 64, 71, 95, 67};

    /** The adverse events of the demo: patient, days after the first course, term, class, severity, serious, relationship. */
    record Event(int patient, int day, String term, String soc, String severity, boolean serious, String relatedness) {
    }

    static final List<Event> EVENTS = List.of(
            new Event(0, 1, "post-lumbar-puncture headache", "Nervous system disorders", "mild", false, "probable"),
            new Event(3, 1, "fever after the injection", "General disorders and administration site conditions", "mild", false, "probable"),
            new Event(6, 184, "back pain at the puncture site", "Musculoskeletal and connective tissue disorders", "mild", false, "possible"),
            new Event(9, 2, "headache", "Nervous system disorders", "moderate", false, "probable"),
            new Event(12, 300, "urinary tract infection", "Infections and infestations", "moderate", false, "not related"),
            new Event(15, 500, "fall", "Injury, poisoning and procedural complications", "mild", false, "not related"),
            new Event(17, 700, "pneumonia", "Infections and infestations", "severe", true, "not related"),
            new Event(20, 1, "fever after the injection", "General disorders and administration site conditions", "mild", false, "probable"),
            new Event(22, 1, "nausea", "Gastrointestinal disorders", "mild", false, "possible"));

    private final SubjectService subjects;
    private final FormService forms;
    private final org.harmonia.server.safety.SafetyService safety;

    public HadassahDemo(SubjectService subjects, FormService forms, org.harmonia.server.safety.SafetyService safety) {
        this.subjects = subjects;
        this.forms = forms;
        this.safety = safety;
    }

    /** What was loaded. */
    public record Loaded(int patients, int courses, int adverseEvents) {
    }

    public Loaded load() {
        Caller by = Caller.SYSTEM;
        SplittableRandom random = new SplittableRandom(20210501L);
        int courses = 0;
        for (int i = 0; i < BASELINE.length; i++) {
            courses += patient(i, random, by);
        }
        for (Event e : EVENTS) {
            String id = subjectIds.get(e.patient());
            LocalDate onset = dayZero(e.patient()).plusDays(e.day());
            Map<String, Object> v = new HashMap<>();
            v.put("verbatim_term", e.term());
            v.put("soc", e.soc());
            v.put("onset_date", onset.toString());
            v.put("end_date", onset.plusDays(e.serious() ? 12 : 2).toString());
            v.put("severity", e.severity());
            v.put("ctcae_grade", e.severity().equals("severe") ? 3 : e.severity().equals("moderate") ? 2 : 1);
            v.put("serious", e.serious());
            if (e.serious()) {
                v.put("sc_hospitalisation", true);
            }
            v.put("relatedness", e.relatedness());
            v.put("outcome", "recovered");
            forms.add(STUDY, id, "adverse_event", null, new FormEntry(v, null, null), by);
        }
        // the serious event was reported long ago: its expedited report is submitted, not overdue
        safety.list(STUDY, true, by).forEach(report -> safety.submit(STUDY, report.id(), by));
        for (int i = 0; i < BASELINE.length; i++) {
            Subject s = subjects.get(STUDY, subjectIds.get(i), by);
            subjects.complete(STUDY, s.id(), new StudyExit(dayZero(i).plusDays(FOLLOW_UP_DAYS[i]), null, s.version()), by);
        }
        return new Loaded(BASELINE.length, courses, EVENTS.size());
    }

    private final Map<Integer, String> subjectIds = new LinkedHashMap<>();

    /** The subject id the demo gave its patient {@code i} (in the order of the calibration arrays). */
    public String subjectId(int i) {
        return subjectIds.get(i);
    }

    static LocalDate dayZero(int i) {
        return FIRST_COURSE.plusDays(28L * i);
    }

    /** Day of each course after the first: every interval the same, 6 to 12 months, all before the last visit. */
    static int interval(int i) {
        return Math.max(182, Math.min(365, (FOLLOW_UP_DAYS[i] - 30) / COURSES[i]));
    }

    private int patient(int i, SplittableRandom r, Caller by) {
        LocalDate dayZero = dayZero(i);
        LocalDate screened = dayZero.minusDays(21);
        Map<String, Object> d = new HashMap<>();
        d.put("date_of_birth", screened.minusYears(AGE[i]).minusDays(20 + (i * 37) % 300).toString());
        d.put("sex", i % 5 < 3 ? "female" : "male");
        d.put("phenotype", i % 8 == 5 ? "PPMS" : "SPMS");
        d.put("edss", BASELINE[i]);
        d.put("progression_12m", true);
        d.put("active_or_chronic_infection", false);
        d.put("malignancy_history", false);
        d.put("pregnant", false);
        d.put("able_to_consent", true);
        Subject s = subjects.screen(STUDY, new ScreeningRequest(SITE, screened, dayZero, d), by);
        s = subjects.enrol(STUDY, s.id(), new Enrolment(screened, dayZero, s.version()), by);
        String id = s.id();
        subjectIds.put(i, id);
        LocalDate last = dayZero.plusDays(FOLLOW_UP_DAYS[i]);
        double baseline = BASELINE[i];
        int gap = interval(i);
        for (int c = 1; c <= COURSES[i]; c++) {
            LocalDate given = dayZero.plusDays((long) gap * (c - 1));
            String visit = "C" + c;
            done(id, visit, given, by);
            double weight = WEIGHT_KG[i] + (c - 1) * (i % 3 == 0 ? 0.5 : -0.5);
            long intrathecal = Math.round(weight / 2);
            forms.saveAtVisit(STUDY, id, visit, "treatment_administration", new FormEntry(Map.of("administration_date", given.toString(),
                    "body_weight", weight, "dose_cells_per_kg", 1_000_000, "cells_intrathecal", intrathecal,
                    "cells_intravenous", Math.round(weight) - intrathecal, "post_procedure_reaction", false), null, null), by);
            // the EDSS moves from baseline towards the last visit's value in half points
            double edss = baseline + Math.round(2 * CHANGE[i] * (gap * (c - 1.0)) / FOLLOW_UP_DAYS[i]) / 2.0;
            edss(id, visit, given, edss, by);
            if (c == 1) {
                for (String[] m : new String[][] {{"M1", "30"}, {"M3", "91"}, {"M6", "168"}}) {
                    LocalDate on = dayZero.plusDays(Integer.parseInt(m[1]));
                    done(id, m[0], on, by);
                    edss(id, m[0], on, baseline, by);
                }
                immunology(id, dayZero, r, by);
            }
        }
        done(id, "FU", last, by);
        edss(id, "FU", last, baseline + CHANGE[i], by);
        if (i % 6 == 4) {
            forms.add(STUDY, id, "unscheduled_visit", null, new FormEntry(Map.of("visit_date", dayZero.plusDays(120).toString(),
                    "reason", "worsening of gait reported by the patient", "edss", baseline), null, null), by);
        }
        return COURSES[i];
    }

    /**
     * The panel before the first course and at months 1, 3 and 6: regulatory T cells rise and proliferation falls after
     * the course and both return towards baseline by month 6 (the abstract's "transient" effects; the sizes are ours).
     */
    private void immunology(String id, LocalDate dayZero, SplittableRandom r, Caller by) {
        double treg = 4.5 + r.nextGaussian() * 0.9;
        double proliferation = 18 + r.nextGaussian() * 4;
        double[][] effect = {{0, 0}, {2.1, -6.5}, {0.9, -3.2}, {0.2, -0.6}};
        String[] visits = {"C1", "M1", "M3", "M6"};
        int[] days = {0, 30, 91, 168};
        for (int k = 0; k < visits.length; k++) {
            double t = Math.max(0.1, treg + effect[k][0] + r.nextGaussian() * 0.5);
            double p = Math.max(0.5, proliferation + effect[k][1] + r.nextGaussian() * 2);
            forms.saveAtVisit(STUDY, id, visits[k], "immunology", new FormEntry(Map.of("sample_date", dayZero.plusDays(days[k]).toString(),
                    "treg_percent", Math.round(t * 10) / 10.0, "proliferation_index", Math.round(p * 10) / 10.0), null, null), by);
        }
    }

    private void done(String id, String visit, LocalDate on, Caller by) {
        forms.recordVisit(STUDY, id, visit, new VisitEntry("done", on, null, null, null), by);
    }

    private void edss(String id, String visit, LocalDate on, double edss, Caller by) {
        forms.saveAtVisit(STUDY, id, visit, "edss", new FormEntry(Map.of("assessment_date", on.toString(), "edss", edss), null, null), by);
    }
}
