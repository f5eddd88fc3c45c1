package org.harmonia.server.openlabel;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The demo cohort of the MSC-NP phase I study, loaded through the services and calibrated to Harris et al. 2020: 20
 * patients (three PPMS, two of them stable), 10 ambulatory (EDSS 6.5 or less); three intrathecal injections three months
 * apart; 18 followed for two years after the third; 7 with a lower EDSS at the last visit, their improvement larger three
 * months after treatment in 5 of them; 3 of the 10 ambulatory patients faster in the timed 25-foot walk; one headache
 * related to the treatment and six unrelated adverse events, none serious. R reference: r/msc_np.R.
 */
@Service
public class MscNpDemo {
    static final String STUDY = "msc-np";
    static final String SITE = "01";
    static final LocalDate FIRST_INJECTION = LocalDate.of(2014, 3, 3);
    static final int INTERVAL = 91;

    /** Patients 0-9 ambulatory, 10-19 not: phenotype, baseline EDSS, EDSS change at the last visit. */
    static final String[] PHENOTYPE = {"SPMS", "SPMS", "SPMS", "SPMS", "SPMS", "SPMS", "PPMS", "PPMS", "SPMS", "SPMS",
            "SPMS", "SPMS", "SPMS", "SPMS", "PPMS", "SPMS", "SPMS", "SPMS", "SPMS", "SPMS"};
    static final double[] BASELINE = {4.0, 5.0, 5.5, 6.0, 6.5, 6.0, 4.5, 6.0, 6.5, 5.5, 7.0, 7.5, 8.0, 7.0, 8.0, 8.5, 7.5, 7.0, 8.0, 7.5};
    static final double[] CHANGE = {-1.0, -0.5, -0.5, -0.5, -0.5, -1.0, 0, 0, 0.5, 0, -0.5, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0, 0};
    /** The first five improvers had a larger improvement three months after treatment than at two years. */
    static final int NOT_MAINTAINED = 5;
    /** The two who left after the visit three months after the third injection. */
    static final List<Integer> LEFT_EARLY = List.of(17, 18);
    /** Timed 25-foot walk of the ambulatory patients, seconds at baseline and the relative change at the last visit. */
    static final double[] WALK = {6.2, 7.8, 9.5, 12.4, 16.0, 10.8, 8.1, 11.6, 18.5, 9.0};
    static final double[] WALK_CHANGE = {-0.25, -0.30, 0.08, 0.12, 0.35, -0.22, 0.05, 0.18, 0.40, 0.10};
    static final int[] AGE = {38, 45, 52, 49, 56, 41, 58, 50, 47, 44, 53, 48, 60, 51, 55, 46, 57, 42, 54, 50};

    record Event(int patient, int day, String term, String soc, String relatedness) {
    }

    static final List<Event> EVENTS = List.of(
            new Event(4, 1, "headache after the injection", "Nervous system disorders", "probable"),
            new Event(2, 130, "urinary tract infection", "Infections and infestations", "not related"),
            new Event(11, 200, "fall", "Injury, poisoning and procedural complications", "not related"),
            new Event(13, 250, "upper respiratory tract infection", "Infections and infestations", "not related"),
            new Event(8, 400, "back pain", "Musculoskeletal and connective tissue disorders", "not related"),
            new Event(15, 520, "constipation", "Gastrointestinal disorders", "not related"),
            new Event(6, 700, "rash", "Skin and subcutaneous tissue disorders", "not related"));

    private final SubjectService subjects;
    private final FormService forms;
    private final Map<Integer, String> subjectIds = new LinkedHashMap<>();

    public MscNpDemo(SubjectService subjects, FormService forms) {
        this.subjects = subjects;
        this.forms = forms;
    }

    /** What was loaded. */
    public record Loaded(int patients, int injections, int adverseEvents) {
    }

    public Loaded load() {
        Caller by = Caller.SYSTEM;
        int injections = 0;
        for (int i = 0; i < BASELINE.length; i++) {
            injections += patient(i, by);
        }
        for (Event e : EVENTS) {
            LocalDate onset = dayZero(e.patient()).plusDays(e.day());
            Map<String, Object> v = new HashMap<>();
            v.put("verbatim_term", e.term());
            v.put("soc", e.soc());
            v.put("onset_date", onset.toString());
            v.put("end_date", onset.plusDays(3).toString());
            v.put("severity", "mild");
            v.put("serious", false);
            v.put("relatedness", e.relatedness());
            // the related headache needed no treatment (the seed)
            v.put("treated", !e.relatedness().equals("probable"));
            v.put("outcome", "recovered");
            forms.add(STUDY, subjectIds.get(e.patient()), "adverse_event", null, new FormEntry(v, null, null), by);
        }
        for (int i = 0; i < BASELINE.length; i++) {
            Subject s = subjects.get(STUDY, subjectIds.get(i), by);
            if (LEFT_EARLY.contains(i)) {
                subjects.withdraw(STUDY, s.id(), new StudyExit(dayZero(i).plusDays(3L * INTERVAL + 30), i == 17 ? "moved away"
                        : "withdrew consent", s.version()), by);
            } else {
                subjects.complete(STUDY, s.id(), new StudyExit(dayZero(i).plusDays(2L * INTERVAL + 730), null, s.version()), by);
            }
        }
        return new Loaded(BASELINE.length, injections, EVENTS.size());
    }

    /** The subject id the demo gave its patient {@code i} (in the order of the calibration arrays). */
    public String subjectId(int i) {
        return subjectIds.get(i);
    }

    static LocalDate dayZero(int i) {
        return FIRST_INJECTION.plusDays(35L * i);
    }

    private int patient(int i, Caller by) {
        LocalDate dayZero = dayZero(i);
        LocalDate screened = dayZero.minusDays(42);
        Map<String, Object> d = new HashMap<>();
        d.put("date_of_birth", screened.minusYears(AGE[i]).minusDays(30 + (i * 41) % 300).toString());
        d.put("sex", i % 3 == 0 ? "male" : "female");
        d.put("phenotype", PHENOTYPE[i]);
        d.put("edss", BASELINE[i]);
        d.put("able_to_consent", true);
        Subject s = subjects.screen(STUDY, new ScreeningRequest(SITE, screened, dayZero, d), by);
        s = subjects.enrol(STUDY, s.id(), new Enrolment(screened, dayZero, s.version()), by);
        String id = s.id();
        subjectIds.put(i, id);
        boolean ambulatory = i < 10;
        boolean improved = CHANGE[i] < 0;
        int improverRank = 0;
        for (int k = 0; k < i; k++) {
            improverRank += CHANGE[k] < 0 ? 1 : 0;
        }
        boolean larger = improved && improverRank < NOT_MAINTAINED;
        for (int t = 1; t <= 3; t++) {
            LocalDate on = dayZero.plusDays((long) INTERVAL * (t - 1));
            String visit = "T" + t;
            done(id, visit, on, by);
            forms.saveAtVisit(STUDY, id, visit, "treatment_administration", new FormEntry(Map.of("administration_date", on.toString(),
                    "body_weight", 60 + (i * 7) % 35, "cells_intrathecal", 10, "post_procedure_reaction", false), null, null), by);
            assess(id, visit, on, i, t == 1 ? 0 : t == 2 ? 0.3 : 0.6, larger, ambulatory, by);
        }
        LocalDate third = dayZero.plusDays(2L * INTERVAL);
        done(id, "M3", third.plusDays(91), by);
        assess(id, "M3", third.plusDays(91), i, 1.0, larger, ambulatory, by);
        if (LEFT_EARLY.contains(i)) {
            return 3;
        }
        done(id, "Y1", third.plusDays(365), by);
        assess(id, "Y1", third.plusDays(365), i, 1.0, larger, ambulatory, by);
        done(id, "Y2", third.plusDays(730), by);
        assess(id, "Y2", third.plusDays(730), i, -1, false, ambulatory, by);
        return 3;
    }

    /**
     * EDSS and walk at a visit: {@code share} of the last visit's change (rounded to half points for the EDSS), plus half a
     * point more improvement after treatment for those whose improvement was not maintained; {@code share} -1 is the last visit.
     */
    private void assess(String id, String visit, LocalDate on, int i, double share, boolean larger, boolean ambulatory, Caller by) {
        double edss = share < 0 ? BASELINE[i] + CHANGE[i]
                : BASELINE[i] + Math.round(2 * CHANGE[i] * share) / 2.0 - (larger && share >= 1.0 ? 0.5 : 0);
        forms.saveAtVisit(STUDY, id, visit, "edss", new FormEntry(Map.of("assessment_date", on.toString(), "edss", edss), null, null), by);
        if (ambulatory) {
            double change = share < 0 ? WALK_CHANGE[i] : WALK_CHANGE[i] * share;
            double seconds = Math.round(WALK[i] * (1 + change) * 10) / 10.0;
            forms.saveAtVisit(STUDY, id, visit, "t25fw", new FormEntry(Map.of("assessment_date", on.toString(), "seconds", seconds),
                    null, null), by);
        }
    }

    private void done(String id, String visit, LocalDate on, Caller by) {
        forms.recordVisit(STUDY, id, visit, new VisitEntry("done", on, null, null, null), by);
    }
}
