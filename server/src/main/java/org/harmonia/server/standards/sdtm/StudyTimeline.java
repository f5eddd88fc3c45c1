package org.harmonia.server.standards.sdtm;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.harmonia.trial.protocol.Arm;
import org.harmonia.trial.protocol.Epoch;
import org.harmonia.trial.protocol.EpochType;
import org.harmonia.trial.protocol.Period;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Sequence;
import org.harmonia.trial.protocol.Visit;

/**
 * The protocol's schedule in SDTM's terms: visit numbers in the order of the schedule, epochs named as the trial
 * design datasets name them, arm and element codes, and study days counted from the reference start date (day 1,
 * no day 0, as SDTMIG 3.4 section 4.4.4 counts them).
 */
public final class StudyTimeline {
    private final Protocol protocol;
    private final Map<String, Integer> visitNumbers = new HashMap<>();
    private final Map<String, Visit> visits = new HashMap<>();
    private final Map<String, String> epochs = new HashMap<>();

    public StudyTimeline(Protocol protocol) {
        this.protocol = protocol;
        for (int i = 0; i < protocol.visits().size(); i++) {
            Visit v = protocol.visits().get(i);
            visitNumbers.put(v.id(), i + 1);
            visits.put(v.id(), v);
        }
        int treatment = 0;
        long treatments = protocol.epochs().stream().filter(e -> e.type() == EpochType.TREATMENT).count();
        for (Epoch e : protocol.epochs()) {
            String name = switch (e.type()) {
                case SCREENING -> "SCREENING";
                case RUN_IN -> "RUN-IN";
                case TREATMENT -> treatments > 1 ? "TREATMENT " + ++treatment : "TREATMENT";
                case WASHOUT -> "WASHOUT";
                case FOLLOW_UP -> "FOLLOW-UP";
            };
            epochs.put(e.id(), name);
        }
    }

    public Protocol protocol() {
        return protocol;
    }

    /** STUDYID: the protocol's acronym (its id if it has none), in upper case. */
    public String studyId() {
        return (protocol.acronym() == null ? protocol.id() : protocol.acronym()).toUpperCase(Locale.ROOT);
    }

    public String usubjid(String subjectId) {
        return studyId() + "-" + subjectId;
    }

    public Integer visitNumber(String visitId) {
        return visitId == null ? null : visitNumbers.get(visitId);
    }

    public String visitName(String visitId) {
        Visit v = visitId == null ? null : visits.get(visitId);
        return v == null ? null : v.label().toUpperCase(Locale.ROOT);
    }

    /** The planned study day of a visit: its target day counted from day 1. */
    public int visitDay(Visit v) {
        return v.targetDay() >= 0 ? v.targetDay() + 1 : v.targetDay();
    }

    public String epochOfVisit(String visitId) {
        Visit v = visitId == null ? null : visits.get(visitId);
        return v == null ? null : epochs.get(v.epochId());
    }

    public String epoch(String epochId) {
        return epochs.get(epochId);
    }

    /** The study day of a date, counted from the reference start date: day 1 is that date, the day before is day -1. */
    public static Integer studyDay(LocalDate date, LocalDate reference) {
        if (date == null || reference == null) {
            return null;
        }
        long d = ChronoUnit.DAYS.between(reference, date);
        return (int) (d >= 0 ? d + 1 : d);
    }

    /** ARMCD of a sequence: its id without punctuation, in upper case (at most 20 characters). */
    public static String armCode(Sequence s) {
        String code = s.id().replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
        return code.length() > 20 ? code.substring(0, 20) : code;
    }

    /** ETCD of a treatment element: the arm's id without punctuation, at most 8 characters. */
    public static String elementCode(Arm arm) {
        String code = arm.id().replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
        return code.length() > 8 ? code.substring(0, 8) : code;
    }

    /** The arm a sequence gives in an epoch, if it gives one. */
    public Arm armIn(Sequence s, String epochId) {
        for (Period p : s.periods()) {
            if (p.epochId().equals(epochId)) {
                return protocol.arms().stream().filter(a -> a.id().equals(p.armId())).findFirst().orElse(null);
            }
        }
        return null;
    }

    public Sequence sequence(String id) {
        return id == null ? null : protocol.sequences().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    /** The protocol's visits in schedule order. */
    public List<Visit> visits() {
        return protocol.visits();
    }
}
