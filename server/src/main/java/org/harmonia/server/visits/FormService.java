package org.harmonia.server.visits;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.locks.LockGuard;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.security.SiteScope;
import org.harmonia.server.subjects.Subject;
import org.harmonia.server.subjects.SubjectForWrite;
import org.harmonia.server.subjects.SubjectRepository;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.Corrections;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.FormValues;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.trial.forms.FieldIssue;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.forms.FormValidation;
import org.harmonia.trial.protocol.Activity;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Visit;
import org.harmonia.trial.schedule.ScheduledVisit;
import org.harmonia.trial.schedule.VisitSchedule;
import org.harmonia.trial.schedule.VisitStatus;
import org.harmonia.trial.subject.SubjectStatus;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Visit data capture: eCRFs saved at visits (or as logs for repeating forms), corrected with a reason,
 * voided instead of deleted, visits recorded as done or missed, and each subject's schedule.
 */
@Service
public class FormService {
    static final String ENTITY = "form_record";
    static final String VISIT_ENTITY = "visit_record";

    private final ProtocolCatalog catalog;
    private final SubjectRepository subjects;
    private final FormRecordRepository records;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final LockGuard locks;
    private final Clock clock;

    public FormService(ProtocolCatalog catalog, SubjectRepository subjects, FormRecordRepository records, AuditTrail audit,
                       ApplicationEventPublisher events, LockGuard locks, Clock clock) {
        this.catalog = catalog;
        this.locks = locks;
        this.subjects = subjects;
        this.records = records;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** Saves (first time) or corrects (with version and reason) the one record of a form at a visit. */
    @Transactional
    public SavedForm saveAtVisit(String studyId, String subjectId, String visitId, String formId, FormEntry entry, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        SubjectForWrite writable = activeSubjectForWrite(studyId, subjectId, caller);
        String actor = caller.username();
        Visit visit = visit(protocol, visitId);
        FormDefinition form = form(protocol, formId);
        if (form.repeating()) {
            throw new InvalidInputException("formId", "form " + formId + " is a log that can hold several records; add one with "
                    + "POST /api/studies/" + studyId + "/subjects/" + subjectId + "/forms/" + formId);
        }
        if (protocol.activitiesAt(visitId).stream().noneMatch(a -> formId.equals(a.form()))) {
            throw new InvalidInputException("formId", "form " + formId + " is not scheduled at visit " + visitId + "; scheduled: "
                    + String.join(", ", protocol.activitiesAt(visitId).stream().map(Activity::form).filter(f -> f != null).distinct().toList()));
        }
        Optional<FormRecord> existing = records.findAtVisit(studyId, subjectId, visit.id(), formId);
        if (existing.isPresent()) {
            // a lock of the record itself is asked for by its id; the subject's read answered for the casebook
            locks.refuseIfLocked(studyId, subjectId, existing.get().id(), "form record " + existing.get().id());
            return correct(protocol, existing.get(), entry, actor);
        }
        locks.refuseIfLocked(writable.check(), studyId, subjectId, "the casebook of subject " + subjectId);
        if (entry != null && entry.version() != null) {
            throw new ConflictException("form " + formId + " at visit " + visitId + " has not been saved yet; save it without a version");
        }
        return create(writable, visit.id(), form, entry, actor);
    }

    /** Adds a record to a repeating form (adverse events, concomitant medication), optionally tied to the visit where it was reported. */
    @Transactional
    public SavedForm add(String studyId, String subjectId, String formId, String visitId, FormEntry entry, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        SubjectForWrite writable = activeSubjectForWrite(studyId, subjectId, caller);
        String actor = caller.username();
        FormDefinition form = form(protocol, formId);
        if (!form.repeating()) {
            throw new InvalidInputException("formId", "form " + formId + " is recorded once per visit; save it with "
                    + "PUT /api/studies/" + studyId + "/subjects/" + subjectId + "/visits/{visitId}/forms/" + formId);
        }
        String visit = visitId == null ? null : visit(protocol, visitId).id();
        locks.refuseIfLocked(writable.check(), studyId, subjectId, "the casebook of subject " + subjectId);
        return create(writable, visit, form, entry, actor);
    }

    /** Corrects any record by id: the version read and a reason are required. */
    @Transactional
    public SavedForm correct(String studyId, long recordId, FormEntry entry, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        FormRecord r = records.findForUpdate(recordId, caller.scope(studyId, Permission.ENTER_DATA))
                .filter(x -> x.studyId().equals(studyId))
                .orElseThrow(() -> new NotFoundException("no form record " + recordId + " in study " + studyId));
        activeSubject(studyId, r.subjectId(), caller);
        locks.refuseIfLocked(studyId, r.subjectId(), recordId, "form record " + recordId);
        return correct(protocol, r, entry, caller.username());
    }

    /** Voids a record: it stays stored and visible to auditors, but no longer counts. */
    @Transactional
    public FormRecord voidRecord(String studyId, long recordId, VoidRequest request, Caller caller) {
        catalog.require(studyId);
        String actor = caller.username();
        FormRecord r = records.findForUpdate(recordId, caller.scope(studyId, Permission.ENTER_DATA))
                .filter(x -> x.studyId().equals(studyId))
                .orElseThrow(() -> new NotFoundException("no form record " + recordId + " in study " + studyId));
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.version() == null) {
            errors.add(new FieldError("version", "is required: the version of the record you read"));
        }
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            errors.add(new FieldError("reason", "a reason is required to void a record"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        locks.refuseIfLocked(studyId, r.subjectId(), recordId, "form record " + recordId);
        records.markVoided(recordId, request.version(), request.reason(), actor);
        audit.record(AuditEvent.voided(actor, studyId, r.siteId(), ENTITY, Long.toString(recordId), request.reason()));
        FormRecord voided = records.find(recordId).orElseThrow();
        events.publishEvent(new FormRecordSaved(voided, actor));
        return voided;
    }

    public FormRecord get(String studyId, long recordId, Caller caller) {
        catalog.require(studyId);
        return records.find(recordId, caller.scope(studyId, Permission.READ_DATA)).filter(x -> x.studyId().equals(studyId))
                .orElseThrow(() -> new NotFoundException("no form record " + recordId + " in study " + studyId));
    }

    public List<FormRecord> bySubject(String studyId, String subjectId, boolean includeVoided, Caller caller) {
        catalog.require(studyId);
        subject(studyId, subjectId, caller.scope(studyId, Permission.READ_DATA));
        return records.bySubject(studyId, subjectId, includeVoided);
    }

    /**
     * A form planned at a visit, for reading (another site's subject, a form not planned there: not found), with its
     * record if saved and whether the caller may enter data for the subject now.
     */
    public FormAtVisit atVisit(String studyId, String subjectId, String visitId, String formId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        Subject subject = subject(studyId, subjectId, caller.scope(studyId, Permission.READ_DATA));
        Visit visit = visit(protocol, visitId);
        FormDefinition form = form(protocol, formId);
        if (form.repeating() || protocol.activitiesAt(visit.id()).stream().noneMatch(a -> formId.equals(a.form()))) {
            throw new NotFoundException("form " + formId + " is not planned at visit " + visitId);
        }
        FormRecord record = records.findAtVisit(studyId, subjectId, visit.id(), formId).orElse(null);
        boolean mayEnter = subject.status().acceptsVisitData() && caller.has(studyId, Permission.ENTER_DATA)
                && caller.scope(studyId, Permission.ENTER_DATA).contains(subject.siteId());
        return new FormAtVisit(subject, visit, form, record, mayEnter);
    }

    /**
     * A saved record addressed by its id, for reading and correcting like a form at a visit: its subject, the visit it
     * was saved or reported at ({@code null} for a log record tied to none), its form, and whether the caller may change it.
     */
    public FormAtVisit ofRecord(String studyId, long recordId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        FormRecord record = get(studyId, recordId, caller);
        Subject subject = subject(studyId, record.subjectId(), caller.scope(studyId, Permission.READ_DATA));
        Visit visit = record.visitId() == null ? null : visit(protocol, record.visitId());
        // a voided record stays readable, but can no longer change
        return new FormAtVisit(subject, visit, form(protocol, record.formId()), record,
                !record.voided() && mayEnter(studyId, subject, caller));
    }

    /** A new record of a repeating form (a log such as adverse events) for a subject, before it is saved. */
    public FormAtVisit newLogRecord(String studyId, String subjectId, String formId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        Subject subject = subject(studyId, subjectId, caller.scope(studyId, Permission.READ_DATA));
        FormDefinition form = form(protocol, formId);
        if (!form.repeating()) {
            throw new NotFoundException("form " + formId + " is not a log form");
        }
        return new FormAtVisit(subject, null, form, null, mayEnter(studyId, subject, caller));
    }

    /** What was recorded about a visit of a subject (done on a date, or missed), if anything. */
    public Optional<VisitRecord> visitRecord(String studyId, String subjectId, String visitId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        subject(studyId, subjectId, caller.scope(studyId, Permission.READ_DATA));
        return records.visit(studyId, subjectId, visit(protocol, visitId).id());
    }

    private static boolean mayEnter(String studyId, Subject subject, Caller caller) {
        return subject.status().acceptsVisitData() && caller.has(studyId, Permission.ENTER_DATA)
                && caller.scope(studyId, Permission.ENTER_DATA).contains(subject.siteId());
    }

    /** What the audit trail holds about one field of a record, oldest first; for roles that may read the trail. */
    public List<org.harmonia.server.audit.AuditEntry> fieldHistory(String studyId, long recordId, String field, Caller caller) {
        caller.require(studyId, Permission.READ_AUDIT_TRAIL);
        FormRecord r = get(studyId, recordId, caller);
        return audit.history(ENTITY, Long.toString(r.id())).stream().filter(e -> field.equals(e.field()))
                .map(e -> caller.blinded(studyId) ? org.harmonia.server.audit.ConcealedPositions.hide(e) : e).toList();
    }

    /** Records a visit as done on a date (a date outside the window is accepted with a warning) or as missed. */
    @Transactional
    public RecordedVisit recordVisit(String studyId, String subjectId, String visitId, VisitEntry entry, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        SubjectForWrite subject = activeSubjectForWrite(studyId, subjectId, caller);
        String actor = caller.username();
        Visit visit = visit(protocol, visitId);
        List<FieldError> errors = new ArrayList<>();
        String status = entry == null || entry.status() == null ? null : entry.status().toUpperCase();
        if (status == null || !(status.equals("DONE") || status.equals("MISSED"))) {
            errors.add(new FieldError("status", "must be done or missed"));
        }
        if ("DONE".equals(status) && entry.visitDate() == null) {
            errors.add(new FieldError("visitDate", "a visit done needs its date"));
        } else if ("DONE".equals(status) && entry.visitDate().isAfter(LocalDate.now(clock))) {
            errors.add(new FieldError("visitDate", "must not be in the future"));
        }
        if ("MISSED".equals(status) && (entry.note() == null || entry.note().isBlank())) {
            errors.add(new FieldError("note", "say why the visit was missed"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        locks.refuseIfLocked(subject.check(), studyId, subjectId, "the casebook of subject " + subjectId);
        // only a visit that follows another needs the dates of the visits done so far
        Map<String, LocalDate> doneOn = visit.followsAnother() ? doneOn(records.visits(studyId, subjectId)) : Map.of();
        if (visit.followsAnother() && doneOn.get(visit.after()) == null) {
            throw new InvalidInputException("visitId", "visit " + visit.id() + " follows visit " + visit.after()
                    + ", which is not recorded as done yet; record " + visit.after() + " first");
        }
        ScheduledVisit planned = VisitSchedule.of(protocol, subject.dayZero(), doneOn).visit(visit.id()).orElseThrow();
        boolean outside = "DONE".equals(status) && !planned.inWindow(entry.visitDate());
        List<FieldIssue> warnings = outside ? List.of(new FieldIssue("visitDate", "visit " + visit.id() + " on "
                + entry.visitDate() + " is outside its window " + planned.earliest() + " to " + planned.latest()))
                : List.of();
        VisitRecord v = new VisitRecord(visit.id(), status, "DONE".equals(status) ? entry.visitDate() : null, outside,
                entry.note(), 1);
        Optional<VisitRecord> existing = records.visit(studyId, subjectId, visit.id());
        String entityId = subjectId + "/" + visit.id();
        if (existing.isEmpty()) {
            records.insertVisit(studyId, subjectId, v, actor);
            audit.recordChanges(actor, studyId, subject.siteId(), VISIT_ENTITY, entityId, null, visitView(v), null);
        } else {
            if (entry.version() == null) {
                throw new InvalidInputException("version", "visit " + visit.id() + " is already recorded; give the version you read to change it");
            }
            audit.recordChanges(actor, studyId, subject.siteId(), VISIT_ENTITY, entityId, visitView(existing.get()), visitView(v),
                    entry.reason());
            records.updateVisit(studyId, subjectId, v, entry.version(), actor);
        }
        events.publishEvent(new VisitRecordSaved(studyId, subjectId, visit.id(), actor));
        return new RecordedVisit(records.visit(studyId, subjectId, visit.id()).orElseThrow(), warnings);
    }

    /** The subject's calendar from day 0: every visit's window and status today, and its forms. */
    public List<ScheduleEntry> schedule(String studyId, String subjectId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        Subject subject = subject(studyId, subjectId, caller.scope(studyId, Permission.READ_DATA));
        if (subject.dayZero() == null) {
            throw new ConflictException("subject " + subjectId + " is " + subject.status().label()
                    + "; the schedule starts at enrolment (day 0)");
        }
        LocalDate today = LocalDate.now(clock);
        List<VisitRecord> visits = records.visits(studyId, subjectId);
        Map<String, VisitRecord> done = new LinkedHashMap<>();
        visits.forEach(v -> done.put(v.visitId(), v));
        List<FormRecord> saved = records.bySubject(studyId, subjectId, false);
        List<ScheduleEntry> out = new ArrayList<>();
        for (ScheduledVisit sv : VisitSchedule.of(protocol, subject.dayZero(), doneOn(visits)).visits()) {
            VisitRecord vr = done.get(sv.visit().id());
            List<ScheduleEntry.PlannedForm> forms = new ArrayList<>();
            for (Activity a : protocol.activitiesAt(sv.visit().id())) {
                if (a.form() == null) {
                    continue;
                }
                Long recordId = saved.stream().filter(r -> sv.visit().id().equals(r.visitId()) && r.formId().equals(a.form()))
                        .map(FormRecord::id).findFirst().orElse(null);
                forms.add(new ScheduleEntry.PlannedForm(a.form(), a.id(), recordId));
            }
            boolean anyForm = forms.stream().anyMatch(f -> f.recordId() != null)
                    // the screening visit took place on the screening date the subject was screened on
                    || sv.visit().id().equals(protocol.visits().get(0).id()) && subject.screeningDate() != null;
            VisitStatus status = VisitStatus.of(sv, today, (vr != null && "DONE".equals(vr.status())) || (vr == null && anyForm),
                    vr != null && "MISSED".equals(vr.status()));
            out.add(new ScheduleEntry(sv.visit().id(), sv.visit().label(), sv.visit().targetDay(), sv.target(), sv.earliest(),
                    sv.latest(), status, vr == null ? null : vr.visitDate(), vr != null && vr.outOfWindow(), forms));
        }
        return out;
    }

    private SavedForm create(SubjectForWrite subject, String visitId, FormDefinition form, FormEntry entry, String actor) {
        if (entry == null || entry.values() == null) {
            throw new InvalidInputException("values", "expected the form's values");
        }
        if (!entry.clear().isEmpty()) {
            throw new InvalidInputException("clear", "form " + form.id() + " has no record yet, so there is nothing to clear");
        }
        FormValidation v = validate(form, FormValues.asText(entry.values(), "values."));
        Map<String, String> values = FormValues.stored(v.values());
        FormRecord saved = records.insert(subject.studyId(), subject.id(), subject.siteId(), visitId, form.id(), form.repeating(),
                values, v.warnings(), actor);
        long id = saved.id();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("form", form.id());
        after.put("visit", visitId);
        after.putAll(values);
        // a first save needs no reason; one given (such as the file an import came from) is kept with every value
        audit.recordChanges(actor, subject.studyId(), subject.siteId(), ENTITY, Long.toString(id), null, after, entry.reason());
        events.publishEvent(new FormRecordSaved(saved, actor));
        return new SavedForm(saved, v.warnings());
    }

    private SavedForm correct(Protocol protocol, FormRecord r, FormEntry entry, String actor) {
        if (r.voided()) {
            throw new ConflictException("form record " + r.id() + " is voided and can no longer change", r.version());
        }
        FormDefinition form = form(protocol, r.formId());
        List<FieldError> errors = new ArrayList<>();
        if (entry == null || entry.version() == null) {
            errors.add(new FieldError("version", "form " + r.formId() + " is already saved (record " + r.id()
                    + ", version " + r.version() + "); give the version you read to correct it"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (entry.version() != r.version()) {
            throw new ConflictException("form record " + r.id() + " was changed by someone else (version " + r.version()
                    + ", not " + entry.version() + "); reload it and apply your change again", r.version());
        }
        if (entry.values() == null && entry.clear().isEmpty()) {
            throw new InvalidInputException("values", "expected the values to change or the fields to clear (clear)");
        }
        Map<String, String> merged = Corrections.merge(r.values(), entry.values(), entry.clear(), "values.",
                form.variables().keySet());
        FormValidation v = validate(form, merged);
        Map<String, String> values = FormValues.stored(v.values());
        if (values.equals(r.values())) {
            // nothing changed: no new version, no audit row, no reason needed
            return new SavedForm(r, v.warnings());
        }
        audit.recordChanges(actor, r.studyId(), r.siteId(), ENTITY, Long.toString(r.id()), r.values(), values, entry.reason());
        records.update(r, values, v.warnings(), entry.version(), actor);
        FormRecord saved = records.find(r.id()).orElseThrow();
        events.publishEvent(new FormRecordSaved(saved, actor));
        return new SavedForm(saved, v.warnings());
    }

    /** Validates the entered values as a whole; no date may be after today unless the field is a plan. */
    private FormValidation validate(FormDefinition form, Map<String, String> raw) {
        FormValidation v = form.validate(raw, LocalDate.now(clock));
        if (!v.valid()) {
            throw new InvalidInputException(v.errors().stream().map(e -> new FieldError("values." + e.field(), e.message())).toList());
        }
        return v;
    }

    private Subject subject(String studyId, String subjectId, SiteScope scope) {
        return subjects.find(studyId, subjectId, scope)
                .orElseThrow(() -> noSubject(studyId, subjectId));
    }

    /** A subject the caller may enter data for (its site in scope) and that accepts visit data. */
    private Subject activeSubject(String studyId, String subjectId, Caller caller) {
        return accepting(subject(studyId, subjectId, caller.scope(studyId, Permission.ENTER_DATA)));
    }

    /** The same, with the lock check of its casebook from the same round trip, for a new record or a visit. */
    private SubjectForWrite activeSubjectForWrite(String studyId, String subjectId, Caller caller) {
        SubjectForWrite w = subjects.findForWrite(studyId, subjectId, caller.scope(studyId, Permission.ENTER_DATA))
                .orElseThrow(() -> noSubject(studyId, subjectId));
        accepting(w.id(), w.status());
        return w;
    }

    private static NotFoundException noSubject(String studyId, String subjectId) {
        return new NotFoundException("no subject \"" + subjectId + "\" in study " + studyId);
    }

    private static Subject accepting(Subject s) {
        accepting(s.id(), s.status());
        return s;
    }

    private static void accepting(String subjectId, SubjectStatus status) {
        if (!status.acceptsVisitData()) {
            throw new ConflictException("subject " + subjectId + " is " + status.label()
                    + "; visit data can be recorded from enrolment until the subject leaves the study");
        }
    }

    private static Visit visit(Protocol protocol, String visitId) {
        return protocol.visit(visitId).orElseThrow(() -> new NotFoundException("no visit \"" + visitId + "\" in study " + protocol.id()));
    }

    private static FormDefinition form(Protocol protocol, String formId) {
        return protocol.form(formId).orElseThrow(() -> new NotFoundException("no form \"" + formId + "\" in study " + protocol.id()));
    }

    private static Map<String, Object> visitView(VisitRecord v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", v.status());
        m.put("visit_date", v.visitDate());
        m.put("out_of_window", v.outOfWindow());
        m.put("note", v.note());
        return m;
    }

    /** The dates of a subject's visits recorded as done: the visits that follow them are timed from these. */
    private static Map<String, LocalDate> doneOn(List<VisitRecord> visits) {
        Map<String, LocalDate> out = new HashMap<>();
        visits.forEach(v -> {
            if ("DONE".equals(v.status()) && v.visitDate() != null) {
                out.put(v.visitId(), v.visitDate());
            }
        });
        return out;
    }

}
