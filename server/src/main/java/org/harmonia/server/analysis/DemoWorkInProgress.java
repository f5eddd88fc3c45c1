package org.harmonia.server.analysis;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.queries.DataQuery;
import org.harmonia.server.queries.QueryRequests;
import org.harmonia.server.queries.QueryService;
import org.harmonia.server.randomisation.RandomisationService;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.DemoUsers;
import org.harmonia.server.security.UserService;
import org.harmonia.server.subjects.Enrolment;
import org.harmonia.server.subjects.ScreeningRequest;
import org.harmonia.server.subjects.StudyExit;
import org.harmonia.server.subjects.Subject;
import org.harmonia.server.subjects.SubjectService;
import org.harmonia.server.visits.FormEntry;
import org.harmonia.server.visits.FormService;
import org.harmonia.server.visits.SavedForm;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.subject.SubjectStatus;
import org.springframework.stereotype.Service;

/**
 * The demo's subjects on study today, at the sites of the demo's coordinators: what a site sees on a normal day,
 * dated from the server's clock on the day the demo starts. Everything goes through the services the API uses, as the
 * demo users (the site's coordinator, the central data manager), so the audit trail reads as a real site's would.
 * Per site: an unfinished screening; an eligible patient awaiting consent; an enrolled patient awaiting randomisation
 * (day 0 in four days); a patient whose week-4 visit window is open; one whose week-8 visit is overdue; one at week 13
 * with forms saved with out-of-range warnings and a serious adverse event reported today (its 24-hour clock running);
 * a withdrawn patient; two open queries from the data manager and one the site has answered.
 */
@Service
public class DemoWorkInProgress {
    /** Day 0 of each mid-study patient, in days before today, chosen so the schedule is in the state its name says. */
    static final int DUE_THIS_WEEK = 26;
    static final int OVERDUE = 70;
    static final int WITH_WARNINGS = 95;
    static final int WITHDRAWN = 120;

    private final ProtocolCatalog catalog;
    private final SubjectService subjects;
    private final FormService forms;
    private final RandomisationService randomisation;
    private final QueryService queries;
    private final UserService users;
    private final AnalysisCutoffService cutoff;
    private final Clock clock;

    public DemoWorkInProgress(ProtocolCatalog catalog, SubjectService subjects, FormService forms, RandomisationService randomisation,
                              QueryService queries, UserService users, AnalysisCutoffService cutoff, Clock clock) {
        this.catalog = catalog;
        this.subjects = subjects;
        this.forms = forms;
        this.randomisation = randomisation;
        this.queries = queries;
        this.users = users;
        this.cutoff = cutoff;
        this.clock = clock;
    }

    /** A site and the demo users who work there and centrally. */
    public record SiteTeam(String siteId, String coordinator) {
    }

    /** The subjects of one site by the state they were made in. */
    public record SiteSubjects(String siteId, String screening, String eligible, String enrolled, String dueThisWeek, String overdue,
                               String withWarnings, String withdrawn, List<Long> openQueries, long answeredQuery, long seriousEvent) {
    }

    /** What was loaded, per site, and how long it took. */
    public record Loaded(List<SiteSubjects> sites, long millis) {
        public int subjects() {
            return sites.size() * 7;
        }
    }

    /** The demo's subjects on study at the sites of the demo coordinators ({@link DemoUsers}), who must exist. */
    public Loaded load(String studyId) {
        List<SiteTeam> teams = DemoUsers.SITE_COORDINATORS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new SiteTeam(e.getKey(), e.getValue())).toList();
        return load(studyId, teams, DemoUsers.DATA_MANAGER);
    }

    public Loaded load(String studyId, List<SiteTeam> sites, String dataManager) {
        long started = System.nanoTime();
        Protocol protocol = catalog.require(studyId);
        LocalDate today = LocalDate.now(clock);
        // the earliest date made here (the withdrawn patient's screening) must fall after the cohort's cut-off,
        // or the published figures would take these subjects in
        LocalDate earliest = today.minusDays(WITHDRAWN + 35);
        cutoff.current(studyId).filter(c -> !earliest.isAfter(c.date())).ifPresent(c -> {
            throw new IllegalStateException("today (" + today + ") is too close to the analysis cut-off " + c.date()
                    + " for the demo's subjects on study");
        });
        Caller manager = users.caller(dataManager);
        SplittableRandom random = new SplittableRandom(20261202L);
        List<SiteSubjects> out = new ArrayList<>();
        for (SiteTeam team : sites) {
            out.add(site(studyId, protocol, team, users.caller(team.coordinator()), manager, today, random));
        }
        return new Loaded(out, (System.nanoTime() - started) / 1_000_000);
    }

    private SiteSubjects site(String studyId, Protocol protocol, SiteTeam team, Caller site, Caller manager, LocalDate today,
                              SplittableRandom r) {
        String subTrial = protocol.subTrialOfSite(team.siteId()).orElseThrow().id();

        Map<String, Object> unfinished = DemoCohort.eligibleData(subTrial, today.plusDays(30), r);
        // the lumbar puncture result and the kidney function are still awaited
        unfinished.remove("csf_oligoclonal_bands");
        unfinished.remove("egfr");
        String screening = subjects.screen(studyId, new ScreeningRequest(team.siteId(), today.minusDays(2), today.plusDays(30),
                unfinished), site).id();
        String eligible = subjects.screen(studyId, new ScreeningRequest(team.siteId(), today.minusDays(6), today.plusDays(21),
                DemoCohort.eligibleData(subTrial, today.plusDays(21), r)), site).id();

        LocalDate enrolledDayZero = today.plusDays(4);
        Subject enrolled = screenAndEnrol(studyId, team, subTrial, enrolledDayZero, r, site);
        // the bone-marrow harvest (day -28) was done, so only day 0 is ahead
        save(studyId, enrolled.id(), "BMH", "bone_marrow_harvest", Map.of("harvest_date", enrolledDayZero.minusDays(16).toString(),
                "volume_ml", 120, "complications", false), site);

        String due = onStudy(studyId, team, subTrial, today.minusDays(DUE_THIS_WEEK), List.of("W0"), r, site).id();
        String overdue = onStudy(studyId, team, subTrial, today.minusDays(OVERDUE), List.of("W0", "W4"), r, site).id();
        Subject warned = onStudy(studyId, team, subTrial, today.minusDays(WITH_WARNINGS), List.of("W0", "W4", "W8"), r, site);
        LocalDate w12 = warned.dayZero().plusWeeks(12);
        SavedForm vitals = save(studyId, warned.id(), "W12", "vital_signs", Map.of("systolic_bp", 152, "diastolic_bp", 88,
                "heart_rate", 76, "temperature", 37.9), site);
        SavedForm labs = save(studyId, warned.id(), "W12", "laboratory", Map.of("sample_date", w12.toString(), "haemoglobin", 13.1,
                "wbc", 12.4, "alt", 68, "egfr", 81), site);
        save(studyId, warned.id(), "W12", "mri", mri(w12, 2), site);
        if (vitals.warnings().isEmpty() || labs.warnings().isEmpty()) {
            throw new IllegalStateException("demo: the week-12 forms of " + warned.id() + " were meant to carry warnings");
        }
        long sae = seriousEvent(studyId, warned.id(), today, site);

        Subject left = onStudy(studyId, team, subTrial, today.minusDays(WITHDRAWN), List.of("W0", "W4", "W8", "W12"), r, site);
        subjects.withdraw(studyId, left.id(), new StudyExit(today.minusDays(10), "withdrew consent",
                subjects.get(studyId, left.id(), site).version()), site);

        List<Long> open = new ArrayList<>();
        open.add(raise(studyId, vitals.record().id(), "systolic_bp", "Systolic pressure 152 mmHg is above the normal range: "
                + "please confirm against the source notes or correct it.", manager).id());
        open.add(raise(studyId, labs.record().id(), "alt", "ALT 68 U/L at week 12: was it repeated? Please give the repeat value "
                + "if there is one.", manager).id());
        long edssW0 = forms.atVisit(studyId, due, "W0", "edss", site).record().id();
        DataQuery asked = raise(studyId, edssW0, "edss", "Week-0 EDSS differs from the screening EDSS: please confirm.", manager);
        long answered = queries.answer(studyId, asked.id(), new QueryRequests.Answer(
                "Confirmed: the patient had a relapse between screening and week 0 (see the relapse form).", asked.version()), site).id();

        return new SiteSubjects(team.siteId(), screening, eligible, enrolled.id(), due, overdue, warned.id(), left.id(), open,
                answered, sae);
    }

    private Subject screenAndEnrol(String studyId, SiteTeam team, String subTrial, LocalDate dayZero, SplittableRandom r, Caller site) {
        Subject s = subjects.screen(studyId, new ScreeningRequest(team.siteId(), dayZero.minusDays(35), dayZero.minusDays(1),
                DemoCohort.eligibleData(subTrial, dayZero, r)), site);
        if (s.status() != SubjectStatus.ELIGIBLE) {
            throw new IllegalStateException("demo: " + s.id() + " was meant to be eligible, is " + s.status().label());
        }
        return subjects.enrol(studyId, s.id(), new Enrolment(dayZero.minusDays(34), dayZero, s.version()), site);
    }

    /** A patient randomised at day 0 with the forms of the given visits saved (on their target dates). */
    private Subject onStudy(String studyId, SiteTeam team, String subTrial, LocalDate dayZero, List<String> visitsDone,
                            SplittableRandom r, Caller site) {
        Subject s = screenAndEnrol(studyId, team, subTrial, dayZero, r, site);
        String kit = randomisation.randomise(studyId, s.id(), site).kitNumber();
        save(studyId, s.id(), "BMH", "bone_marrow_harvest", Map.of("harvest_date", dayZero.minusDays(28).toString(),
                "volume_ml", 110 + r.nextInt(30), "complications", false), site);
        double edss = 3.0 + 0.5 * r.nextInt(6);
        for (String visit : visitsDone) {
            LocalDate date = dayZero.plusWeeks(Integer.parseInt(visit.substring(1)));
            if (visit.equals("W0")) {
                save(studyId, s.id(), visit, "treatment_administration", Map.of("administration_date", date.toString(),
                        "kit_number", kit, "dose_cells_per_kg", 1_500_000, "route", "intravenous", "volume_ml", 100,
                        "infusion_reaction", false), site);
            }
            if (visit.equals("W0") || visit.equals("W4") || visit.equals("W12")) {
                save(studyId, s.id(), visit, "mri", mri(date, r.nextInt(4)), site);
            }
            save(studyId, s.id(), visit, "edss", Map.of("assessment_date", date.toString(), "edss", edss), site);
            save(studyId, s.id(), visit, "vital_signs", Map.of("systolic_bp", 118 + r.nextInt(15), "diastolic_bp", 72 + r.nextInt(10),
                    "heart_rate", 64 + r.nextInt(20)), site);
        }
        return subjects.get(studyId, s.id(), site);
    }

    private static Map<String, Object> mri(LocalDate date, int gels) {
        return Map.of("scan_date", date.toString(), "field_strength", "3 T", "gel_count", gels, "new_enlarging_t2_count", gels,
                "centrally_read", true);
    }

    /** A serious adverse event that began yesterday and that the site reports now: its expedited report is due in 24 hours. */
    private long seriousEvent(String studyId, String subjectId, LocalDate today, Caller site) {
        Map<String, Object> v = new HashMap<>();
        v.put("verbatim_term", "pneumonia");
        v.put("soc", "Infections and infestations");
        v.put("onset_date", today.minusDays(1).toString());
        v.put("severity", "severe");
        v.put("ctcae_grade", 3);
        v.put("serious", true);
        v.put("sc_hospitalisation", true);
        v.put("relatedness", "possible");
        v.put("action_taken", "not applicable");
        v.put("outcome", "not recovered");
        return forms.add(studyId, subjectId, "adverse_event", null, new FormEntry(v, null, null), site).record().id();
    }

    private SavedForm save(String studyId, String subjectId, String visit, String form, Map<String, Object> values, Caller by) {
        return forms.saveAtVisit(studyId, subjectId, visit, form, new FormEntry(new LinkedHashMap<>(values), null, null), by);
    }

    private DataQuery raise(String studyId, long recordId, String field, String question, Caller manager) {
        return queries.raise(studyId, new QueryRequests.Raise(recordId, field, question), manager);
    }
}
