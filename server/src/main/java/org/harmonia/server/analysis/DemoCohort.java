package org.harmonia.server.analysis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.randomisation.RandomisationService;
import org.harmonia.server.randomisation.RandomisationViews.ListRequest;
import org.harmonia.server.security.Caller;
import org.harmonia.server.subjects.Enrolment;
import org.harmonia.server.subjects.ScreeningRequest;
import org.harmonia.server.subjects.StudyExit;
import org.harmonia.server.subjects.Subject;
import org.harmonia.server.subjects.SubjectService;
import org.harmonia.server.visits.FormEntry;
import org.harmonia.server.visits.FormService;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Sequence;
import org.harmonia.trial.protocol.SubTrial;
import org.harmonia.trial.randomisation.AllocationSlot;
import org.harmonia.trial.randomisation.PermutedBlockList;
import org.harmonia.trial.randomisation.RandomisationSeed;
import org.harmonia.trial.randomisation.Stratum;
import org.harmonia.trial.simulation.Variates;
import org.springframework.stereotype.Service;

/**
 * Loads a simulated MESEMS cohort through the same services the API uses (screening, enrolment,
 * randomisation, forms, adverse events; never raw SQL), calibrated to the published facts: 144 randomised,
 * 69 MSC first and 75 placebo first; 93 AEs in 35 of 69 and 120 in 42 of 75 patients by first treatment,
 * infections about a quarter of them (18 and 36); 9 serious AEs in 7 patients while on placebo, none on
 * MSC; no deaths; GEL counts negative binomial with no true treatment effect; plus screen failures. The cohort ends
 * with the study's analysis data cut-off at its last patient's last visit, so the published figures stay those of this
 * cohort while later subjects (the demo's work in progress, {@link DemoWorkInProgress}) are on study.
 */
@Service
public class DemoCohort {
    /** Patients randomised per sub-trial (assumption: the publications give only the total of 144). */
    static final Map<String, Integer> RECRUITMENT = recruitment();
    static final int SCREEN_FAILURES = 20;
    static final LocalDate FIRST_RANDOMISATION = LocalDate.of(2012, 7, 16);
    static final LocalDate LAST_RANDOMISATION = LocalDate.of(2019, 7, 31);
    /** The last patient's last visit (week 48): the analysis data cut-off of the published cohort. */
    static final LocalDate COHORT_CUTOFF = LAST_RANDOMISATION.plusWeeks(48);
    static final String CUTOFF_REASON = "final analysis of the completed MESEMS cohort (last patient's last visit); "
            + "subjects screened later are on study and not part of it";
    static final String MSC_FIRST = "MSC-PLACEBO";
    static final String PLACEBO_FIRST = "PLACEBO-MSC";
    static final int MSC_FIRST_PATIENTS = 69;
    static final List<String> OTHER_SOCS = List.of("Nervous system disorders", "General disorders and administration site conditions",
            "Musculoskeletal and connective tissue disorders", "Gastrointestinal disorders", "Skin and subcutaneous tissue disorders",
            "Psychiatric disorders", "Injury, poisoning and procedural complications", "Respiratory, thoracic and mediastinal disorders",
            "Investigations", "Vascular disorders");
    static final List<String> INFECTIONS = List.of("urinary tract infection", "nasopharyngitis", "upper respiratory tract infection",
            "influenza", "herpes labialis", "gastroenteritis", "sinusitis");
    static final Map<String, String> OTHER_TERMS = Map.of("Nervous system disorders", "headache",
            "General disorders and administration site conditions", "fatigue",
            "Musculoskeletal and connective tissue disorders", "back pain", "Gastrointestinal disorders", "nausea",
            "Skin and subcutaneous tissue disorders", "rash", "Psychiatric disorders", "insomnia",
            "Injury, poisoning and procedural complications", "fall", "Respiratory, thoracic and mediastinal disorders", "cough",
            "Investigations", "transaminases increased", "Vascular disorders", "hypotension");

    /** Serious events outside infections, by system organ class. */
    static final Map<String, String> SERIOUS_TERMS = Map.of("Nervous system disorders", "syncope",
            "Psychiatric disorders", "major depression", "Injury, poisoning and procedural complications", "femur fracture",
            "Vascular disorders", "deep vein thrombosis", "Gastrointestinal disorders", "appendicitis");

    private final ProtocolCatalog catalog;
    private final SubjectService subjects;
    private final FormService forms;
    private final RandomisationService randomisation;
    private final org.harmonia.server.safety.SafetyService safety;
    private final AnalysisCutoffService cutoff;

    public DemoCohort(ProtocolCatalog catalog, SubjectService subjects, FormService forms, RandomisationService randomisation,
                      org.harmonia.server.safety.SafetyService safety, AnalysisCutoffService cutoff) {
        this.catalog = catalog;
        this.subjects = subjects;
        this.forms = forms;
        this.randomisation = randomisation;
        this.safety = safety;
        this.cutoff = cutoff;
    }

    /** What was loaded. */
    public record Loaded(int screened, int screenFailures, int randomised, Map<String, Integer> bySequence, int forms,
                         int adverseEvents, int seriousAdverseEvents, long millis) {
    }

    private static Map<String, Integer> recruitment() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("italy", 40);
        m.put("andalusia", 12);
        m.put("badalona", 10);
        m.put("canada", 16);
        m.put("copenhagen", 14);
        m.put("london", 18);
        m.put("stockholm", 12);
        m.put("salzburg", 8);
        m.put("toulouse", 14);
        return m;
    }

    public Loaded load(String studyId) {
        long started = System.nanoTime();
        Protocol protocol = catalog.require(studyId);
        Caller by = Caller.SYSTEM;
        SplittableRandom random = new SplittableRandom(20211101L);
        generateList(studyId);

        // recruitment order: patients of all sub-trials interleaved over seven years
        List<String> order = new ArrayList<>();
        RECRUITMENT.forEach((st, n) -> {
            for (int i = 0; i < n; i++) {
                order.add(st);
            }
        });
        Collections.shuffle(order, new java.util.Random(7));
        long span = LAST_RANDOMISATION.toEpochDay() - FIRST_RANDOMISATION.toEpochDay();
        List<Patient> randomised = new ArrayList<>();
        int formCount = 0;
        int failures = 0;
        for (int i = 0; i < order.size(); i++) {
            SubTrial st = protocol.subTrial(order.get(i)).orElseThrow();
            String site = st.sites().get(0).id();
            LocalDate dayZero = FIRST_RANDOMISATION.plusDays(span * i / (order.size() - 1));
            if (i % 7 == 3 && failures < SCREEN_FAILURES) {
                screenFailure(studyId, site, dayZero.minusDays(40), failures++, random, by);
            }
            Subject s = subjects.screen(studyId, new ScreeningRequest(site, dayZero.minusDays(35), dayZero.minusDays(1),
                    eligibleData(st.id(), dayZero, random)), by);
            s = subjects.enrol(studyId, s.id(), new Enrolment(dayZero.minusDays(34), dayZero, s.version()), by);
            randomisation.randomise(studyId, s.id(), by);
            String sequence = randomisation.allocationOf(studyId, s.id(), by).sequenceId();
            randomised.add(new Patient(s.id(), sequence, dayZero, randomised.size() % 24 == 5));
        }
        while (failures < SCREEN_FAILURES) {
            screenFailure(studyId, "01", LAST_RANDOMISATION.minusDays(10L * failures), failures++, random, by);
        }
        Map<String, List<Patient>> bySequence = new LinkedHashMap<>();
        for (Patient p : randomised) {
            bySequence.computeIfAbsent(p.sequence(), k -> new ArrayList<>()).add(p);
        }
        for (Patient p : randomised) {
            formCount += visits(studyId, p, random, by);
        }
        int[] aes = adverseEvents(studyId, bySequence, random, by);
        // the trial's serious events were reported long ago: their expedited reports are submitted, not overdue
        safety.list(studyId, true, by).forEach(report -> safety.submit(studyId, report.id(), by));
        withdrawAndComplete(studyId, randomised, by);
        cutoff.set(studyId, COHORT_CUTOFF, CUTOFF_REASON, by);
        Map<String, Integer> counts = new LinkedHashMap<>();
        bySequence.forEach((k, v) -> counts.put(k, v.size()));
        return new Loaded(randomised.size() + SCREEN_FAILURES, SCREEN_FAILURES, randomised.size(), counts, formCount + aes[0], aes[0],
                aes[1], (System.nanoTime() - started) / 1_000_000);
    }

    /** The study's randomisation list, from the seed that gives the published split (the unblinded statistician's step). */
    public void generateList(String studyId) {
        RandomisationSeed seed = seedGiving(catalog.require(studyId), MSC_FIRST_PATIENTS);
        randomisation.generate(studyId, new ListRequest(seed.toHex(), 60), Caller.SYSTEM);
    }

    /** A randomised demo patient; a withdrawn one leaves after week 28 and has no data after it. */
    private record Patient(String id, String sequence, LocalDate dayZero, boolean withdrawn) {
        boolean seenAt(String visit) {
            return !withdrawn || Integer.parseInt(visit.substring(1)) <= 28;
        }
    }

    /** The first seed (in a fixed order) whose lists give the published split when every stratum recruits as planned. */
    static RandomisationSeed seedGiving(Protocol protocol, int mscFirst) {
        PermutedBlockList blocks = PermutedBlockList.of(protocol.design().randomisation(), protocol.sequences());
        for (int attempt = 0; attempt < 10_000; attempt++) {
            RandomisationSeed seed = RandomisationSeed.ofBytes(sha256("mesems-demo-" + attempt));
            int count = 0;
            for (Map.Entry<String, Integer> e : RECRUITMENT.entrySet()) {
                for (AllocationSlot slot : blocks.generate(seed, Stratum.of(List.of("subTrial"), Map.of("subTrial", e.getKey())), e.getValue())) {
                    if (slot.sequenceId().equals(MSC_FIRST)) {
                        count++;
                    }
                }
            }
            if (count == mscFirst) {
                return seed;
            }
        }
        throw new IllegalStateException("no demo seed gives " + mscFirst + " patients MSC first");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Screening data of an eligible patient of the sub-trial (Stockholm has its stricter duration and EDSS limits). */
    static Map<String, Object> eligibleData(String subTrial, LocalDate dayZero, SplittableRandom r) {
        boolean stockholm = subTrial.equals("stockholm");
        Map<String, Object> d = new HashMap<>();
        int age = 22 + r.nextInt(27);
        d.put("date_of_birth", dayZero.minusYears(age).minusDays(40 + r.nextInt(300)).toString());
        d.put("sex", r.nextDouble() < 0.64 ? "female" : "male");
        d.put("ms_onset_date", dayZero.minusYears(3 + r.nextInt(stockholm ? 7 : 11)).minusDays(r.nextInt(200)).toString());
        double u = r.nextDouble();
        String phenotype = u < 0.55 ? "RRMS" : u < 0.85 ? "SPMS" : "PPMS";
        d.put("phenotype", phenotype);
        double edss = (stockholm ? 3.0 : 2.5) + 0.5 * r.nextInt(stockholm ? 7 : 8);
        d.put("edss", edss);
        d.put("failed_approved_therapy_1y", true);
        d.put("relapses_12m", phenotype.equals("PPMS") ? 0 : 1 + r.nextInt(2));
        d.put("relapses_24m", phenotype.equals("PPMS") ? 0 : 2 + r.nextInt(2));
        d.put("gel_on_mri_12m", true);
        d.put("edss_increase_12m", phenotype.equals("RRMS") ? 0.0 : (edss <= 5.0 ? 1.0 : 0.5));
        d.put("csf_oligoclonal_bands", true);
        d.put("active_or_chronic_infection", false);
        d.put("last_immunosuppressant", "never");
        d.put("last_interferon_or_glatiramer", dayZero.minusDays(45 + r.nextInt(200)).toString());
        d.put("last_corticosteroid", dayZero.minusDays(40 + r.nextInt(300)).toString());
        d.put("last_relapse", phenotype.equals("PPMS") ? "never" : dayZero.minusDays(70 + r.nextInt(250)).toString());
        d.put("malignancy_history", false);
        d.put("limited_life_expectancy", false);
        d.put("haematological_disease", false);
        d.put("pregnant", false);
        d.put("unwilling_contraception", false);
        d.put("egfr", 75 + r.nextInt(40));
        d.put("renal_failure", false);
        d.put("mri_contraindication", false);
        d.put("able_to_consent", true);
        return d;
    }

    private void screenFailure(String studyId, String site, LocalDate date, int i, SplittableRandom r, Caller by) {
        Map<String, Object> d = eligibleData("italy", date.plusDays(30), r);
        switch (i % 5) {
            case 0 -> d.put("edss", 7.0);
            case 1 -> d.put("ms_onset_date", date.minusYears(17).toString());
            // on the screening day, 30 days before the planned randomisation: within the steroid wash-out
            case 2 -> d.put("last_corticosteroid", date.toString());
            case 3 -> d.put("egfr", 52);
            default -> d.put("date_of_birth", date.minusYears(53).toString());
        }
        subjects.screen(studyId, new ScreeningRequest(site, date, date.plusDays(30), d), by);
    }

    /** Infusions, MRI (negative binomial GELs, no treatment effect) and EDSS at the visits; a few scans missed. */
    private int visits(String studyId, Patient p, SplittableRandom r, Caller by) {
        int n = 0;
        double theta = 0.6;
        double frailty = Variates.gamma(r, theta) / theta;
        double perScan = 1.3;
        double edss = 2.5 + 0.5 * r.nextInt(8);
        for (String visit : List.of("W0", "W24")) {
            n += save(studyId, p, visit, "treatment_administration", Map.of("administration_date", date(p, visit),
                    "kit_number", "see dispensing log", "dose_cells_per_kg", 1_500_000, "route", "intravenous", "volume_ml", 100,
                    "infusion_reaction", false), by);
        }
        for (String visit : List.of("W0", "W4", "W12", "W24", "W28", "W36", "W48")) {
            if (!p.seenAt(visit) || !visit.equals("W0") && r.nextDouble() < 0.03) {
                continue;
            }
            int gels = Variates.poisson(r, perScan * frailty);
            n += save(studyId, p, visit, "mri", Map.of("scan_date", date(p, visit), "field_strength", r.nextBoolean() ? "1.5 T" : "3 T",
                    "gel_count", gels, "new_enlarging_t2_count", Variates.poisson(r, 0.8 * frailty), "centrally_read", true), by);
        }
        for (String visit : List.of("W0", "W12", "W24", "W36", "W48")) {
            if (!p.seenAt(visit)) {
                continue;
            }
            edss = Math.min(9.5, Math.max(0, edss + (r.nextDouble() < 0.15 ? 0.5 : r.nextDouble() < 0.1 ? -0.5 : 0)));
            n += save(studyId, p, visit, "edss", Map.of("assessment_date", date(p, visit), "edss", edss), by);
        }
        return n;
    }

    private int save(String studyId, Patient p, String visit, String form, Map<String, Object> values, Caller by) {
        forms.saveAtVisit(studyId, p.id(), visit, form, new FormEntry(values, null, null), by);
        return 1;
    }

    private static String date(Patient p, String visit) {
        int week = Integer.parseInt(visit.substring(1));
        return p.dayZero().plusWeeks(week).toString();
    }

    /**
     * Adverse events hitting the published counts exactly: per first-treatment group, how many patients have
     * any, how many events in total, how many infections; serious events only in placebo-first patients while
     * on placebo (period 1).
     */
    private int[] adverseEvents(String studyId, Map<String, List<Patient>> bySequence, SplittableRandom r, Caller by) {
        int events = 0;
        int serious = 0;
        events += groupEvents(studyId, bySequence.get(MSC_FIRST), 35, 93, 18, 0, 0, r, by);
        events += groupEvents(studyId, bySequence.get(PLACEBO_FIRST), 42, 120, 36, 7, 9, r, by);
        serious += 9;
        return new int[] {events, serious};
    }

    private int groupEvents(String studyId, List<Patient> group, int patients, int total, int infections, int saePatients, int saes,
                            SplittableRandom r, Caller by) {
        List<Patient> shuffled = new ArrayList<>(group.stream().filter(p -> !p.withdrawn()).toList());
        Collections.shuffle(shuffled, new java.util.Random(group.size()));
        List<Patient> affected = shuffled.subList(0, patients);
        int[] perPatient = new int[patients];
        java.util.Arrays.fill(perPatient, 1);
        for (int i = patients; i < total; i++) {
            perPatient[r.nextInt(patients)]++;
        }
        int[] saePer = new int[patients];
        for (int i = 0; i < saes; i++) {
            saePer[i < saePatients ? i : r.nextInt(saePatients)]++;
        }
        int made = 0;
        int infectionsMade = 0;
        for (int i = 0; i < patients; i++) {
            Patient p = affected.get(i);
            for (int k = 0; k < perPatient[i]; k++) {
                boolean isSerious = k < saePer[i];
                boolean infection = infectionsMade < infections && (r.nextDouble() < 0.3 || total - made <= infections - infectionsMade);
                if (infection) {
                    infectionsMade++;
                }
                made++;
                // serious events fall in the placebo period of placebo-first patients (weeks 0-24)
                int week = isSerious ? 2 + r.nextInt(20) : 1 + r.nextInt(46);
                LocalDate onset = p.dayZero().plusWeeks(week).plusDays(r.nextInt(6));
                Map<String, Object> v = new HashMap<>();
                List<String> seriousSocs = List.copyOf(new java.util.TreeSet<>(SERIOUS_TERMS.keySet()));
                String soc = infection ? "Infections and infestations"
                        : isSerious ? seriousSocs.get(r.nextInt(seriousSocs.size())) : OTHER_SOCS.get(r.nextInt(OTHER_SOCS.size()));
                v.put("verbatim_term", infection ? (isSerious ? "pneumonia" : INFECTIONS.get(r.nextInt(INFECTIONS.size())))
                        : isSerious ? SERIOUS_TERMS.get(soc) : OTHER_TERMS.get(soc));
                v.put("soc", soc);
                v.put("onset_date", onset.toString());
                v.put("end_date", onset.plusDays(3 + r.nextInt(20)).toString());
                v.put("severity", isSerious ? "severe" : r.nextDouble() < 0.6 ? "mild" : "moderate");
                v.put("ctcae_grade", isSerious ? 3 : 1 + r.nextInt(2));
                v.put("serious", isSerious);
                if (isSerious) {
                    v.put("sc_hospitalisation", true);
                }
                v.put("relatedness", isSerious ? "not related" : r.nextDouble() < 0.8 ? "not related" : "unlikely");
                v.put("action_taken", "none");
                v.put("outcome", "recovered");
                forms.add(studyId, p.id(), "adverse_event", visitAfter(week), new FormEntry(v, null, null), by);
            }
        }
        if (infectionsMade != infections) {
            throw new IllegalStateException("demo cohort: " + infectionsMade + " infections instead of " + infections);
        }
        return made;
    }

    private static String visitAfter(int week) {
        int[] weeks = {4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48};
        for (int w : weeks) {
            if (w >= week) {
                return "W" + w;
            }
        }
        return "W48";
    }

    /** A handful of withdrawals after week 24 (with reasons); everyone else completes at week 48. */
    private void withdrawAndComplete(String studyId, List<Patient> patients, Caller by) {
        String[] reasons = {"moved abroad", "withdrew consent", "pregnancy", "lost to follow-up", "started another therapy"};
        for (int i = 0; i < patients.size(); i++) {
            Patient p = patients.get(i);
            Subject s = subjects.get(studyId, p.id(), by);
            if (p.withdrawn()) {
                subjects.withdraw(studyId, p.id(), new StudyExit(p.dayZero().plusWeeks(30), reasons[(i / 24) % reasons.length],
                        s.version()), by);
            } else {
                subjects.complete(studyId, p.id(), new StudyExit(p.dayZero().plusWeeks(48), null, s.version()), by);
            }
        }
    }
}
