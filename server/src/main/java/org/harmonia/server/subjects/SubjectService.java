package org.harmonia.server.subjects;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.locks.LockGuard;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.security.SiteScope;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.Corrections;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.FormValues;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.trial.eligibility.CriterionVerdict;
import org.harmonia.trial.eligibility.EligibilityEngine;
import org.harmonia.trial.eligibility.EligibilityVerdict;
import org.harmonia.trial.eligibility.ScreeningData;
import org.harmonia.trial.eligibility.ScreeningDataException;
import org.harmonia.trial.eligibility.ScreeningVariable;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.SubTrial;
import org.harmonia.trial.subject.SubjectStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The subject lifecycle: screening against the sub-trial's eligibility criteria, enrolment, and leaving
 * the study. Every change is one transaction with its audit rows.
 */
@Service
public class SubjectService {
    static final String ENTITY = "subject";

    private final ProtocolCatalog catalog;
    private final SubjectRepository subjects;
    private final AuditTrail audit;
    private final LockGuard locks;
    private final Clock clock;

    public SubjectService(ProtocolCatalog catalog, SubjectRepository subjects, AuditTrail audit, LockGuard locks, Clock clock) {
        this.catalog = catalog;
        this.locks = locks;
        this.subjects = subjects;
        this.audit = audit;
        this.clock = clock;
    }

    /** Screens a new patient: a subject id is given whatever the verdict, so screen failures are counted too. */
    @Transactional
    public Subject screen(String studyId, ScreeningRequest request, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.SCREEN_AND_ENROL);
        String actor = caller.username();
        SubTrial subTrial = screeningSite(protocol, studyId, request, caller);
        List<FieldError> errors = new ArrayList<>();
        LocalDate screeningDate = request.screeningDate() == null ? LocalDate.now(clock) : request.screeningDate();
        ScreeningData data = readScreening(protocol, request, screeningDate, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        locks.refuseIfLocked(studyId, null, null, "study " + studyId);
        EligibilityVerdict verdict = evaluate(protocol, subTrial.id(), data, request.plannedRandomisationDate());
        String id = subjectId(protocol, request.siteId(), subjects.nextNumber(studyId, request.siteId()));
        Subject s = new Subject(studyId, id, request.siteId(), subTrial.id(), protocol.version(), statusOf(verdict),
                screeningDate, request.plannedRandomisationDate(), FormValues.stored(data), EligibilityResult.of(verdict),
                failed(verdict), null, null, null, null, false, 1, null, actor, null, actor);
        subjects.insert(s);
        audit.recordChanges(actor, studyId, s.siteId(), ENTITY, id, null, auditView(s), null);
        return subjects.find(studyId, id).orElseThrow();
    }

    /**
     * Reads and evaluates screening data exactly as {@link #screen} does, and stores nothing: the verdict criterion by
     * criterion while a site is still typing, or the problems that stop a verdict (with the same messages as a screening).
     */
    public ScreeningPreview preview(String studyId, ScreeningRequest request, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.SCREEN_AND_ENROL);
        SubTrial subTrial = screeningSite(protocol, studyId, request, caller);
        List<FieldError> errors = new ArrayList<>();
        LocalDate screeningDate = request.screeningDate() == null ? LocalDate.now(clock) : request.screeningDate();
        ScreeningData data = readScreening(protocol, request, screeningDate, errors);
        if (!errors.isEmpty()) {
            return new ScreeningPreview(null, errors);
        }
        return new ScreeningPreview(EligibilityResult.of(evaluate(protocol, subTrial.id(), data, request.plannedRandomisationDate())),
                List.of());
    }

    /** The fields a site screening a new patient fills in, in the protocol's order; another site is not found. */
    public List<ScreeningVariable> screeningFields(String studyId, String siteId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.SCREEN_AND_ENROL);
        screeningSite(protocol, studyId, new ScreeningRequest(siteId, null, null, null), caller);
        return List.copyOf(protocol.screeningVariables().values());
    }

    /** The sub-trial of the site a screening names; another site answers as an unknown one does, not telling which sites exist. */
    private static SubTrial screeningSite(Protocol protocol, String studyId, ScreeningRequest request, Caller caller) {
        if (request == null) {
            throw new InvalidInputException("body", "expected a screening with siteId and data");
        }
        if (request.siteId() == null || request.siteId().isBlank()) {
            throw new InvalidInputException("siteId", "is required");
        }
        SubTrial subTrial = protocol.subTrialOfSite(request.siteId()).orElse(null);
        if (subTrial == null || !caller.scope(studyId, Permission.SCREEN_AND_ENROL).contains(request.siteId())) {
            throw new NotFoundException("no site \"" + request.siteId() + "\" in study " + studyId);
        }
        return subTrial;
    }

    /** The dates and data of a new screening, checked; every problem added to {@code errors}, and null returned if there is any. */
    private ScreeningData readScreening(Protocol protocol, ScreeningRequest request, LocalDate screeningDate, List<FieldError> errors) {
        LocalDate today = LocalDate.now(clock);
        if (screeningDate.isAfter(today)) {
            errors.add(new FieldError("screeningDate", "must not be in the future"));
        }
        if (request.plannedRandomisationDate() != null && request.plannedRandomisationDate().isBefore(screeningDate)) {
            errors.add(new FieldError("plannedRandomisationDate", "must not be before the screening date " + screeningDate));
        }
        Map<String, String> text;
        try {
            text = FormValues.asText(request.data(), "data.");
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
            text = null;
        }
        return text == null ? null : screeningData(protocol, text, screeningDate, request.plannedRandomisationDate(), errors);
    }

    /** Completes or corrects the screening data of a subject not yet enrolled, and decides eligibility again. */
    @Transactional
    public Subject updateScreening(String studyId, String subjectId, ScreeningUpdate update, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        Subject s = lock(studyId, subjectId, caller);
        locks.refuseIfLocked(studyId, subjectId, null, "subject " + subjectId);
        String actor = caller.username();
        if (s.status() != SubjectStatus.SCREENING && s.status() != SubjectStatus.ELIGIBLE) {
            throw new ConflictException("subject " + subjectId + " is " + s.status().label()
                    + "; screening data can change only before enrolment");
        }
        List<FieldError> errors = new ArrayList<>();
        int version = requireVersion(update == null ? null : update.version(), errors);
        if (update == null) {
            throw new InvalidInputException(errors);
        }
        List<String> clear = update.clear();
        boolean clearDate = clear.contains(ScreeningUpdate.PLANNED_RANDOMISATION_DATE);
        LocalDate planned = clearDate ? null : s.plannedRandomisationDate();
        LocalDate given = null;
        try {
            given = update.plannedDate();
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        if (given != null && clearDate) {
            errors.add(new FieldError("clear", "plannedRandomisationDate is both given a value and listed in clear; do one or the other"));
        } else if (given != null) {
            planned = given;
        }
        if (planned != null && planned.isBefore(s.screeningDate())) {
            errors.add(new FieldError(ScreeningUpdate.PLANNED_RANDOMISATION_DATE, "must not be before the screening date " + s.screeningDate()));
        }
        Map<String, String> merged = null;
        try {
            merged = Corrections.merge(s.screeningData(), update.data(),
                    clear.stream().filter(f -> !ScreeningUpdate.PLANNED_RANDOMISATION_DATE.equals(f)).toList(), "data.",
                    protocol.screeningVariables().keySet());
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        ScreeningData data = merged == null ? null : screeningData(protocol, merged, s.screeningDate(), planned, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        EligibilityVerdict verdict = evaluate(protocol, s.subTrialId(), data, planned);
        Subject changed = new Subject(studyId, subjectId, s.siteId(), s.subTrialId(), s.protocolVersion(), statusOf(verdict),
                s.screeningDate(), planned, FormValues.stored(data), EligibilityResult.of(verdict),
                failed(verdict), null, null, null, null, s.emergencyUnblinded(), s.version(), s.createdAt(), s.createdBy(), null, actor);
        audit.recordChanges(actor, studyId, s.siteId(), ENTITY, subjectId, auditView(s), auditView(changed), update.reason());
        return subjects.update(changed, version);
    }

    /** Enrols an eligible subject: consent given, day 0 fixed, the visit schedule starts. */
    @Transactional
    public Subject enrol(String studyId, String subjectId, Enrolment enrolment, Caller caller) {
        catalog.require(studyId);
        Subject s = lock(studyId, subjectId, caller);
        locks.refuseIfLocked(studyId, subjectId, null, "subject " + subjectId);
        String actor = caller.username();
        List<FieldError> errors = new ArrayList<>();
        int version = requireVersion(enrolment == null ? null : enrolment.version(), errors);
        if (enrolment == null || enrolment.consentDate() == null) {
            errors.add(new FieldError("consentDate", "is required"));
        } else if (enrolment.consentDate().isAfter(LocalDate.now(clock))) {
            errors.add(new FieldError("consentDate", "must not be in the future"));
        }
        if (enrolment == null || enrolment.dayZero() == null) {
            errors.add(new FieldError("dayZero", "is required (the date of the baseline visit, day 0)"));
        } else if (enrolment.consentDate() != null && enrolment.dayZero().isBefore(enrolment.consentDate())) {
            errors.add(new FieldError("dayZero", "must not be before the consent date " + enrolment.consentDate()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (s.status() != SubjectStatus.ELIGIBLE) {
            throw new ConflictException("subject " + subjectId + " is " + s.status().label()
                    + "; only an eligible subject can be enrolled");
        }
        Subject enrolled = with(s, SubjectStatus.ENROLLED, enrolment.consentDate(), enrolment.dayZero(), null, null, actor);
        audit.recordChanges(actor, studyId, s.siteId(), ENTITY, subjectId, auditView(s), auditView(enrolled), "enrolment");
        return subjects.update(enrolled, version);
    }

    /** Withdraws a subject at any point before the end, with the date and the reason. */
    @Transactional
    public Subject withdraw(String studyId, String subjectId, StudyExit exit, Caller caller) {
        return leave(studyId, subjectId, exit, SubjectStatus.WITHDRAWN, caller);
    }

    /** Marks a subject as having completed the study. */
    @Transactional
    public Subject complete(String studyId, String subjectId, StudyExit exit, Caller caller) {
        return leave(studyId, subjectId, exit, SubjectStatus.COMPLETED, caller);
    }

    /** Moves an enrolled subject on (to randomised or on study); used by allocation and by open-label starts. */
    @Transactional
    public Subject move(String studyId, String subjectId, SubjectStatus target, String reason, Caller caller) {
        Subject s = lock(studyId, subjectId, caller);
        locks.refuseIfLocked(studyId, subjectId, null, "subject " + subjectId);
        String actor = caller.username();
        if (!s.status().canMoveTo(target)) {
            throw new ConflictException("subject " + subjectId + " is " + s.status().label() + " and cannot become "
                    + target.label());
        }
        Subject moved = with(s, target, s.consentDate(), s.dayZero(), s.endDate(), s.endReason(), actor);
        audit.recordChanges(actor, studyId, s.siteId(), ENTITY, subjectId, auditView(s), auditView(moved), reason);
        return subjects.update(moved, s.version());
    }

    public Subject get(String studyId, String subjectId, Caller caller) {
        catalog.require(studyId);
        return subjects.find(studyId, subjectId, caller.scope(studyId, Permission.READ_DATA))
                .orElseThrow(() -> new NotFoundException("no subject \"" + subjectId + "\" in study " + studyId));
    }

    /** A subject of one site, as its pages address it: a subject of another site is not found, as one of another study is. */
    public Subject getAtSite(String studyId, String siteId, String subjectId, Caller caller) {
        Subject s = get(studyId, subjectId, caller);
        if (!s.siteId().equals(siteId)) {
            throw new NotFoundException("no subject \"" + subjectId + "\" at site " + siteId + " of study " + studyId);
        }
        return s;
    }

    public List<Subject> bySite(String studyId, String siteId, Caller caller) {
        return subjects.bySite(studyId, siteId, siteScope(studyId, siteId, caller));
    }

    /** A site's subjects in some statuses only, with the same permission and site scope as {@link #bySite}. */
    public List<Subject> bySite(String studyId, String siteId, Set<SubjectStatus> statuses, Caller caller) {
        return subjects.bySite(studyId, siteId, statuses, siteScope(studyId, siteId, caller));
    }

    /** How many of a site's subjects are in each status (every status, zero included). */
    public Map<SubjectStatus, Long> countsBySite(String studyId, String siteId, Caller caller) {
        Map<SubjectStatus, Long> out = new EnumMap<>(SubjectStatus.class);
        for (SubjectStatus s : SubjectStatus.values()) {
            out.put(s, 0L);
        }
        out.putAll(subjects.countsBySite(studyId, siteId, siteScope(studyId, siteId, caller)));
        return out;
    }

    private SiteScope siteScope(String studyId, String siteId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        SiteScope scope = caller.scope(studyId, Permission.READ_DATA);
        if (protocol.subTrialOfSite(siteId).isEmpty() || !scope.contains(siteId)) {
            throw new NotFoundException("no site \"" + siteId + "\" in study " + studyId);
        }
        return scope;
    }

    private Subject leave(String studyId, String subjectId, StudyExit exit, SubjectStatus target, Caller caller) {
        boolean randomised = catalog.require(studyId).design().randomised();
        Subject s = lock(studyId, subjectId, caller);
        locks.refuseIfLocked(studyId, subjectId, null, "subject " + subjectId);
        String actor = caller.username();
        List<FieldError> errors = new ArrayList<>();
        int version = requireVersion(exit == null ? null : exit.version(), errors);
        if (exit == null || exit.date() == null) {
            errors.add(new FieldError("date", "is required"));
        } else if (exit.date().isAfter(LocalDate.now(clock))) {
            errors.add(new FieldError("date", "must not be in the future"));
        }
        if (target == SubjectStatus.WITHDRAWN && (exit == null || exit.reason() == null || exit.reason().isBlank())) {
            errors.add(new FieldError("reason", "a withdrawal needs its reason"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (!s.status().canMoveTo(target, randomised)) {
            throw new ConflictException("subject " + subjectId + " is " + s.status().label() + " and cannot be "
                    + target.label());
        }
        Subject left = with(s, target, s.consentDate(), s.dayZero(), exit.date(), exit.reason(), actor);
        audit.recordChanges(actor, studyId, s.siteId(), ENTITY, subjectId, auditView(s), auditView(left),
                exit.reason() == null ? target.label() : exit.reason());
        return subjects.update(left, version);
    }

    /** Locks a subject the caller may screen and enrol; a subject at another site is not found. */
    private Subject lock(String studyId, String subjectId, Caller caller) {
        return subjects.findForUpdate(studyId, subjectId, caller.scope(studyId, Permission.SCREEN_AND_ENROL))
                .orElseThrow(() -> new NotFoundException("no subject \"" + subjectId + "\" in study " + studyId));
    }

    private static int requireVersion(Integer version, List<FieldError> errors) {
        if (version == null) {
            errors.add(new FieldError("version", "is required: the version of the subject you read"));
            return -1;
        }
        return version;
    }

    private static Subject with(Subject s, SubjectStatus status, LocalDate consent, LocalDate dayZero, LocalDate end,
                                String endReason, String actor) {
        return new Subject(s.studyId(), s.id(), s.siteId(), s.subTrialId(), s.protocolVersion(), status, s.screeningDate(),
                s.plannedRandomisationDate(), s.screeningData(), s.eligibility(), s.failedCriteria(), consent, dayZero, end,
                endReason, s.emergencyUnblinded(), s.version(), s.createdAt(), s.createdBy(), null, actor);
    }

    /**
     * The screening data read against the protocol's variables (types, hard limits, no date after today) and
     * its screening checks (contradictions, dates after the screening or planned randomisation date); every
     * problem is added to {@code errors} under {@code data.<field>}, and null returned if there is any.
     */
    private ScreeningData screeningData(Protocol protocol, Map<String, String> text, LocalDate screeningDate, LocalDate planned,
                                        List<FieldError> errors) {
        ScreeningData data;
        try {
            data = ScreeningData.parse(text, protocol.screeningVariables(), LocalDate.now(clock));
        } catch (ScreeningDataException e) {
            e.errors().forEach(fe -> errors.add(new FieldError("data." + fe.field(), fe.message())));
            return null;
        }
        var failures = protocol.checkScreening(data, screeningDate, planned);
        failures.forEach(fe -> errors.add(new FieldError("data." + fe.field(), fe.message())));
        return failures.isEmpty() ? data : null;
    }

    private static EligibilityVerdict evaluate(Protocol protocol, String subTrialId, ScreeningData data, LocalDate randomisation) {
        return EligibilityEngine.evaluate(protocol.criteria(subTrialId), data, randomisation, protocol.screeningVariables());
    }

    private static SubjectStatus statusOf(EligibilityVerdict v) {
        return switch (v.outcome()) {
            case ELIGIBLE -> SubjectStatus.ELIGIBLE;
            case NOT_ELIGIBLE -> SubjectStatus.SCREEN_FAILED;
            case INCOMPLETE -> SubjectStatus.SCREENING;
        };
    }

    private static List<String> failed(EligibilityVerdict v) {
        return v.failed().stream().map(CriterionVerdict::criterionId).toList();
    }

    /** Subject ids are per study and site: the first three letters of the acronym, the site, a running number (MES-07-012). */
    static String subjectId(Protocol protocol, String siteId, int number) {
        String name = protocol.acronym() == null ? protocol.id() : protocol.acronym();
        String prefix = name.replaceAll("[^A-Za-z]", "").toUpperCase(Locale.ROOT);
        prefix = prefix.substring(0, Math.min(3, prefix.length()));
        return String.format("%s-%s-%03d", prefix, siteId, number);
    }

    /** The subject's audited fields: lifecycle facts and each screening value. */
    private static Map<String, Object> auditView(Subject s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", s.status().name());
        m.put("site_id", s.siteId());
        m.put("screening_date", s.screeningDate());
        m.put("planned_randomisation_date", s.plannedRandomisationDate());
        m.put("eligibility", s.eligibility().outcome());
        m.put("failed_criteria", s.failedCriteria().isEmpty() ? null : String.join(",", s.failedCriteria()));
        m.put("consent_date", s.consentDate());
        m.put("day_zero", s.dayZero());
        m.put("end_date", s.endDate());
        m.put("end_reason", s.endReason());
        s.screeningData().forEach((k, v) -> m.put("screening." + k, v));
        return m;
    }
}
