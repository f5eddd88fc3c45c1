package org.harmonia.server.survival;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
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
import org.harmonia.trial.protocol.Visit;
import org.harmonia.trial.randomisation.AllocationSlot;
import org.harmonia.trial.randomisation.PermutedBlockList;
import org.harmonia.trial.randomisation.RandomisationSeed;
import org.harmonia.trial.randomisation.Stratum;
import org.springframework.stereotype.Service;

/**
 * Loads a simulated cohort of the UC-MSC decompensated cirrhosis trial through the same services the API uses
 * (screening, enrolment, randomisation, forms), calibrated to Shi et al. 2021: 219 randomised, 108 UC-MSC and 111
 * control; three infusions four weeks apart with a fever after infusion in seven UC-MSC patients; deaths placed so
 * that survival does not differ in the first 13 months and is better on UC-MSC from 13 to 75 months; similar HCC
 * incidence in both arms; liver function over 48 weeks improving more on UC-MSC. The numbers the publication leaves
 * open are ours (see the protocol's assumptions and docs/studies.md).
 */
@Service
public class CirrhosisDemo {
    public static final String STUDY = "uc-msc-cirrhosis";
    static final String MSC = "UC-MSC";
    static final String CONTROL = "CONTROL";
    static final int PATIENTS = 219;
    static final int MSC_PATIENTS = 108;
    static final int SCREEN_FAILURES = 12;
    static final LocalDate FIRST_RANDOMISATION = LocalDate.of(2010, 10, 11);
    static final LocalDate LAST_RANDOMISATION = LocalDate.of(2011, 10, 28);
    static final double DAYS_PER_MONTH = 365.25 / 12;

    /** Calibrated outcome counts by arm (assumptions: the abstract gives none). */
    record Outcomes(int earlyDeaths, int lateDeaths, int hcc, int lostToFollowUp, int infusionFevers) {
    }

    static final Map<String, Outcomes> OUTCOMES = Map.of(
            MSC, new Outcomes(13, 12, 11, 5, 7),
            CONTROL, new Outcomes(11, 27, 13, 5, 0));

    private static final List<String> LATE_CAUSES = List.of("liver failure", "variceal bleeding", "infection", "hepatorenal syndrome",
            "liver failure", "other");

    private final ProtocolCatalog catalog;
    private final SubjectService subjects;
    private final FormService forms;
    private final RandomisationService randomisation;

    public CirrhosisDemo(ProtocolCatalog catalog, SubjectService subjects, FormService forms, RandomisationService randomisation) {
        this.catalog = catalog;
        this.subjects = subjects;
        this.forms = forms;
        this.randomisation = randomisation;
    }

    /** What was loaded. */
    public record Loaded(int screened, int randomised, Map<String, Integer> byArm, int forms, long millis) {
    }

    /** A randomised patient and the fate the calibration gives it, in months from randomisation. */
    private static final class Patient {
        final String id;
        final String arm;
        final LocalDate dayZero;
        Double deathMonths;
        String cause;
        Double hccMonths;
        double lastContactMonths;
        boolean lost;
        boolean fever;

        Patient(String id, String arm, LocalDate dayZero) {
            this.id = id;
            this.arm = arm;
            this.dayZero = dayZero;
        }

        LocalDate at(double months) {
            return dayZero.plusDays(Math.round(months * DAYS_PER_MONTH));
        }

        /** The end of this patient's observation: death or last contact. */
        double endMonths() {
            return deathMonths != null ? deathMonths : lastContactMonths;
        }
    }

    public Loaded load() {
        long started = System.nanoTime();
        Protocol protocol = catalog.require(STUDY);
        Caller by = Caller.SYSTEM;
        SplittableRandom random = new SplittableRandom(20211129L);
        randomisation.generate(STUDY, new ListRequest(seedGiving(protocol).toHex(), 240), by);
        long span = LAST_RANDOMISATION.toEpochDay() - FIRST_RANDOMISATION.toEpochDay();
        String site = protocol.siteIds().get(0);
        List<Patient> patients = new ArrayList<>();
        int failures = 0;
        for (int i = 0; i < PATIENTS; i++) {
            LocalDate dayZero = FIRST_RANDOMISATION.plusDays(span * i / (PATIENTS - 1));
            if (i % 18 == 9 && failures < SCREEN_FAILURES) {
                screenFailure(site, dayZero.minusDays(10), failures++, random, by);
            }
            Subject s = subjects.screen(STUDY, new ScreeningRequest(site, dayZero.minusDays(7), dayZero, eligible(random)), by);
            s = subjects.enrol(STUDY, s.id(), new Enrolment(dayZero.minusDays(6), dayZero, s.version()), by);
            randomisation.randomise(STUDY, s.id(), by);
            patients.add(new Patient(s.id(), randomisation.allocationOf(STUDY, s.id(), by).sequenceId(), dayZero));
        }
        Map<String, Integer> byArm = new LinkedHashMap<>();
        for (String arm : List.of(MSC, CONTROL)) {
            List<Patient> group = patients.stream().filter(p -> p.arm.equals(arm)).toList();
            byArm.put(arm, group.size());
            fates(group, OUTCOMES.get(arm), random);
        }
        int saved = 0;
        for (Patient p : patients) {
            saved += record(protocol, p, random, by);
        }
        return new Loaded(PATIENTS + SCREEN_FAILURES, patients.size(), byArm, saved, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The first seed (in a fixed order) whose permuted-block list gives the published 108 UC-MSC patients among the first 219
     * of the single stratum.
     */
    static RandomisationSeed seedGiving(Protocol protocol) {
        PermutedBlockList blocks = PermutedBlockList.of(protocol.design().randomisation(), protocol.sequences());
        Stratum stratum = Stratum.of(List.of("site"), Map.of("site", protocol.siteIds().get(0)));
        for (int attempt = 0; attempt < 100_000; attempt++) {
            RandomisationSeed seed = RandomisationSeed.ofBytes(sha256("uc-msc-cirrhosis-demo-" + attempt));
            long msc = blocks.generate(seed, stratum, PATIENTS).stream().map(AllocationSlot::sequenceId).filter(MSC::equals).count();
            if (msc == MSC_PATIENTS) {
                return seed;
            }
        }
        throw new IllegalStateException("no demo seed gives " + MSC_PATIENTS + " patients on UC-MSC");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Deaths spread evenly over the first 13 months and over months 14 to 72, HCC diagnoses among the survivors spread
     * over months 6 to 70, some patients lost to follow-up between months 20 and 55, the others last seen between
     * months 62 and 75 (staggered entry).
     */
    private static void fates(List<Patient> group, Outcomes o, SplittableRandom r) {
        List<Patient> order = new ArrayList<>(group);
        java.util.Collections.shuffle(order, new java.util.Random(group.size()));
        int k = 0;
        for (int i = 0; i < o.earlyDeaths(); i++, k++) {
            order.get(k).deathMonths = 0.6 + 12.2 * (i + 0.5) / o.earlyDeaths();
            order.get(k).cause = i % 3 == 0 ? "variceal bleeding" : "liver failure";
        }
        for (int i = 0; i < o.lateDeaths(); i++, k++) {
            order.get(k).deathMonths = 14 + 58.0 * (i + 0.5) / o.lateDeaths();
            order.get(k).cause = LATE_CAUSES.get(i % LATE_CAUSES.size());
        }
        for (int i = 0; i < o.lostToFollowUp(); i++, k++) {
            order.get(k).lost = true;
            order.get(k).lastContactMonths = 20 + 35.0 * (i + 0.5) / o.lostToFollowUp();
        }
        for (int i = k; i < order.size(); i++) {
            order.get(i).lastContactMonths = 62 + 13.0 * (i - k + 0.5) / (order.size() - k);
        }
        // HCC among patients alive at the end of follow-up, diagnosed before their last contact
        int h = 0;
        for (int i = order.size() - 1; i >= k && h < o.hcc(); i--, h++) {
            order.get(i).hccMonths = 6 + 56.0 * (h + 0.5) / o.hcc();
        }
        // the first patients treated (those alive through the three infusions) had the fevers
        int f = 0;
        for (int i = order.size() - 1; i >= 0 && f < o.infusionFevers(); i--) {
            if (order.get(i).endMonths() > 3) {
                order.get(i).fever = true;
                f++;
            }
        }
        if (h != o.hcc() || f != o.infusionFevers()) {
            throw new IllegalStateException("demo cohort: the calibration does not fit the arm of " + group.size());
        }
    }

    private int record(Protocol protocol, Patient p, SplittableRandom r, Caller by) {
        int n = 0;
        boolean msc = p.arm.equals(MSC);
        double end = p.endMonths();
        // liver function: baseline by arm, then a change that builds over 24 weeks, larger on UC-MSC (assumed sizes)
        double alb = (msc ? 29.5 : 30.5) + 4 * r.nextGaussian();
        double pta = 58 + 11 * r.nextGaussian();
        double che = (msc ? 3700 : 4300) + 1100 * r.nextGaussian();
        double tbil = Math.max(8, (msc ? 40 : 32) + 12 * r.nextGaussian());
        int visitIndex = 0;
        for (String v : List.of("W0", "W4", "W8", "W12", "W24", "W36", "W48")) {
            Visit visit = protocol.visit(v).orElseThrow();
            double months = visit.targetDay() / DAYS_PER_MONTH;
            if (months >= end) {
                break;
            }
            double f = Math.min(1, visit.targetDay() / 168.0);
            Map<String, Object> lab = new HashMap<>();
            lab.put("sample_date", p.at(months).toString());
            double a = clamp(alb + f * (msc ? 5.0 : 1.8) + 2.2 * r.nextGaussian(), 12, 60);
            double pt = clamp(pta + f * (msc ? 9.0 : 2.5) + 7 * r.nextGaussian(), 15, 130);
            double c = clamp(che + f * (msc ? 1300 : 350) + 500 * r.nextGaussian(), 600, 12000);
            double b = clamp(tbil - f * (msc ? 13 : 3) + 5 * r.nextGaussian(), 4, 300);
            // every fifth patient's laboratory reports in conventional units, converted to SI on entry
            boolean conventional = Integer.parseInt(p.id.replaceAll("\\D", "").isEmpty() ? "0" : p.id.replaceAll("\\D", "")) % 5 == 0;
            lab.put("albumin", conventional ? round(a / 10, 2) + " g/dL" : round(a, 1));
            lab.put("prothrombin_activity", round(pt, 0));
            lab.put("cholinesterase", conventional ? round(c / 1000, 2) + " kU/L" : round(c, 0));
            lab.put("total_bilirubin", conventional ? round(b / 17.1, 2) + " mg/dL" : round(b, 1));
            n += save(p, v, "liver_function", lab, by);
            if (msc && visitIndex < 3) {
                boolean fever = p.fever && visitIndex == 0;
                Map<String, Object> infusion = new HashMap<>();
                infusion.put("administration_date", p.at(months).toString());
                infusion.put("dose_cells_per_kg", 500_000);
                infusion.put("infusion_fever", fever);
                infusion.put("highest_temperature", fever ? 38.2 + 0.1 * (p.id.hashCode() & 7) : 36.6);
                n += save(p, v, "treatment_administration", infusion, by);
                if (fever) {
                    n += adverseEvent(p, v, p.at(months), by);
                }
            }
            visitIndex++;
        }
        // follow-up contacts at the scheduled contacts up to the end of observation; a survivor's last one is on the day of
        // the last contact
        List<String> due = new ArrayList<>();
        for (String v : List.of("M18", "M24", "M36", "M48", "M60", "M72")) {
            if (protocol.visit(v).orElseThrow().targetDay() / DAYS_PER_MONTH < end) {
                due.add(v);
            }
        }
        for (int i = 0; i < due.size(); i++) {
            String v = due.get(i);
            boolean last = p.deathMonths == null && i == due.size() - 1;
            double months = last ? p.lastContactMonths : protocol.visit(v).orElseThrow().targetDay() / DAYS_PER_MONTH;
            n += save(p, v, "follow_up_contact", Map.of("contact_date", p.at(months).toString(), "contact_mode",
                    r.nextDouble() < 0.7 ? "clinic visit" : "telephone", "vital_status", "alive"), by);
        }
        if (p.hccMonths != null) {
            n += save(p, visitAfter(protocol, p.hccMonths), "hcc_diagnosis", Map.of("diagnosis_date", p.at(p.hccMonths).toString(),
                    "method", "imaging and alpha-fetoprotein"), by);
        }
        if (p.deathMonths != null) {
            n += save(p, visitAfter(protocol, p.deathMonths), "death", Map.of("death_date", p.at(p.deathMonths).toString(),
                    "cause", p.cause), by);
            Subject s = subjects.get(STUDY, p.id, by);
            subjects.withdraw(STUDY, p.id, new StudyExit(p.at(p.deathMonths), "died (" + p.cause + ")", s.version()), by);
        } else {
            Subject s = subjects.get(STUDY, p.id, by);
            if (p.lost) {
                subjects.withdraw(STUDY, p.id, new StudyExit(p.at(p.lastContactMonths), "lost to follow-up", s.version()), by);
            } else {
                subjects.complete(STUDY, p.id, new StudyExit(p.at(p.lastContactMonths), null, s.version()), by);
            }
        }
        return n;
    }

    /** The first visit recording deaths and diagnoses on or after the given month (the last contact otherwise). */
    private static String visitAfter(Protocol protocol, double months) {
        for (String v : List.of("W4", "W8", "W12", "W24", "W36", "W48", "M18", "M24", "M36", "M48", "M60", "M72")) {
            if (protocol.visit(v).orElseThrow().targetDay() / DAYS_PER_MONTH >= months) {
                return v;
            }
        }
        return "M72";
    }

    private int adverseEvent(Patient p, String visit, LocalDate date, Caller by) {
        Map<String, Object> v = new HashMap<>();
        v.put("verbatim_term", "fever after UC-MSC infusion");
        v.put("soc", "General disorders and administration site conditions");
        v.put("onset_date", date.toString());
        v.put("end_date", date.plusDays(1).toString());
        v.put("severity", "mild");
        v.put("ctcae_grade", 1);
        v.put("serious", false);
        v.put("relatedness", "probable");
        v.put("action_taken", "none");
        v.put("outcome", "recovered");
        forms.add(STUDY, p.id, "adverse_event", visit, new FormEntry(v, null, null), by);
        return 1;
    }

    private int save(Patient p, String visit, String form, Map<String, Object> values, Caller by) {
        forms.saveAtVisit(STUDY, p.id, visit, form, new FormEntry(values, null, null), by);
        return 1;
    }

    static Map<String, Object> eligible(SplittableRandom r) {
        Map<String, Object> d = new HashMap<>();
        d.put("age", 32 + r.nextInt(34));
        d.put("sex", r.nextDouble() < 0.8 ? "male" : "female");
        d.put("hbsag_positive", true);
        d.put("decompensated", true);
        d.put("child_pugh_score", 7 + r.nextInt(6));
        d.put("malignancy", false);
        d.put("other_liver_disease", false);
        d.put("pregnant", false);
        return d;
    }

    private void screenFailure(String site, LocalDate date, int i, SplittableRandom r, Caller by) {
        Map<String, Object> d = eligible(r);
        switch (i % 3) {
            case 0 -> d.put("malignancy", true);
            case 1 -> d.put("other_liver_disease", true);
            default -> d.put("age", 74);
        }
        subjects.screen(STUDY, new ScreeningRequest(site, date, date.plusDays(7), d), by);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static BigDecimal round(double v, int decimals) {
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN);
    }
}
