package org.harmonia.server.visits;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.harmonia.server.safety.ExpeditedReport;
import org.harmonia.server.safety.SafetyService;
import org.harmonia.server.locks.LockGuard;
import org.harmonia.server.locks.LockedException;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.sites.SiteDashboard.SaeClock;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.web.PostedForm;
import org.harmonia.server.web.SiteChoices;
import org.harmonia.trial.forms.FormField;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Entering and correcting a form drawn from the protocol's form definition, wherever its record lives: the one record
 * of a form at a visit ({@code /studies/{studyId}/subjects/{subjectId}/visits/{visitId}/forms/{formId}}), a saved
 * record addressed by its id ({@code /studies/{studyId}/form-records/{recordId}}, the records of log forms such as
 * adverse events), and a new record of a log form ({@code /studies/{studyId}/subjects/{subjectId}/forms/{formId}/new}).
 * Each saves through the {@link FormService} method the API uses for it; a new log record then reads its expedited
 * report as the API's adverse-event report does. A correction sends only the values changed and clears the ones
 * emptied, as the API's partial correction expects.
 */
@Controller
public class FormPage {
    static final String PATH = "/studies/{studyId}/subjects/{subjectId}/visits/{visitId}/forms/{formId}";
    static final String RECORD = "/studies/{studyId}/form-records/{recordId}";
    static final String NEW_LOG_RECORD = "/studies/{studyId}/subjects/{subjectId}/forms/{formId}/new";
    static final String VISIT_FIELD = "visit";

    private final FormService forms;
    private final SafetyService safety;
    private final SiteChoices sites;
    private final LockGuard locks;
    private final FieldQueries queries;
    private final Clock clock;

    public FormPage(FormService forms, SafetyService safety, SiteChoices sites, LockGuard locks, FieldQueries queries, Clock clock) {
        this.forms = forms;
        this.locks = locks;
        this.safety = safety;
        this.sites = sites;
        this.queries = queries;
        this.clock = clock;
    }

    /** Where a page's record lives: how to read it again, where its page is, and how an entry is saved to it. */
    private interface Target {
        FormAtVisit load();

        String address();

        SavedForm save(FormEntry entry);
    }

    private Target atVisit(Caller caller, String studyId, String subjectId, String visitId, String formId) {
        return new Target() {
            public FormAtVisit load() {
                return forms.atVisit(studyId, subjectId, visitId, formId, caller);
            }

            public String address() {
                return "/studies/" + studyId + "/subjects/" + subjectId + "/visits/" + visitId + "/forms/" + formId;
            }

            public SavedForm save(FormEntry entry) {
                return forms.saveAtVisit(studyId, subjectId, visitId, formId, entry, caller);
            }
        };
    }

    private Target record(Caller caller, String studyId, long recordId) {
        return new Target() {
            public FormAtVisit load() {
                return forms.ofRecord(studyId, recordId, caller);
            }

            public String address() {
                return recordAddress(studyId, recordId);
            }

            public SavedForm save(FormEntry entry) {
                return forms.correct(studyId, recordId, entry, caller);
            }
        };
    }

    private Target newLogRecord(Caller caller, String studyId, String subjectId, String formId, String visitId) {
        return new Target() {
            public FormAtVisit load() {
                return forms.newLogRecord(studyId, subjectId, formId, caller);
            }

            public String address() {
                return "/studies/" + studyId + "/subjects/" + subjectId + "/forms/" + formId + "/new";
            }

            public SavedForm save(FormEntry entry) {
                return forms.add(studyId, subjectId, formId, visitId, entry, caller);
            }
        };
    }

    @GetMapping(PATH)
    public String show(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, @PathVariable String visitId,
                       @PathVariable String formId, Model model) {
        return show(atVisit(caller, studyId, subjectId, visitId, formId), caller, model);
    }

    @PostMapping(PATH)
    public String save(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, @PathVariable String visitId,
                       @PathVariable String formId, @RequestParam Map<String, String> params, Model model, RedirectAttributes flash) {
        return save(atVisit(caller, studyId, subjectId, visitId, formId), params, caller, model, flash);
    }

    @PostMapping(PATH + "/void")
    public String voidRecord(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, @PathVariable String visitId,
                             @PathVariable String formId, @RequestParam(required = false) String version,
                             @RequestParam(required = false) String reason, Model model, RedirectAttributes flash) {
        return voidRecord(atVisit(caller, studyId, subjectId, visitId, formId), version, reason, caller, model, flash);
    }

    @GetMapping(RECORD)
    public String showRecord(Caller caller, @PathVariable String studyId, @PathVariable long recordId, Model model) {
        return show(record(caller, studyId, recordId), caller, model);
    }

    @PostMapping(RECORD)
    public String correctRecord(Caller caller, @PathVariable String studyId, @PathVariable long recordId,
                                @RequestParam Map<String, String> params, Model model, RedirectAttributes flash) {
        return save(record(caller, studyId, recordId), params, caller, model, flash);
    }

    @PostMapping(RECORD + "/void")
    public String voidById(Caller caller, @PathVariable String studyId, @PathVariable long recordId,
                           @RequestParam(required = false) String version, @RequestParam(required = false) String reason, Model model,
                           RedirectAttributes flash) {
        return voidRecord(record(caller, studyId, recordId), version, reason, caller, model, flash);
    }

    @GetMapping(NEW_LOG_RECORD)
    public String newRecord(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, @PathVariable String formId,
                            Model model) {
        caller.require(studyId, Permission.ENTER_DATA);
        return show(newLogRecord(caller, studyId, subjectId, formId, null), caller, model);
    }

    @PostMapping(NEW_LOG_RECORD)
    public String addRecord(Caller caller, @PathVariable String studyId, @PathVariable String subjectId, @PathVariable String formId,
                            @RequestParam Map<String, String> params, Model model, RedirectAttributes flash) {
        String visit = PostedForm.orNull(params.get(VISIT_FIELD));
        model.addAttribute("chosenVisit", visit);
        return save(newLogRecord(caller, studyId, subjectId, formId, visit), params, caller, model, flash);
    }

    /** One field's history from the audit trail, as an htmx fragment. */
    @GetMapping(RECORD + "/history")
    public String history(Caller caller, @PathVariable String studyId, @PathVariable long recordId, @RequestParam String field, Model model) {
        model.addAttribute("entries", forms.fieldHistory(studyId, recordId, field, caller));
        model.addAttribute("field", field);
        return "visits/form :: history";
    }

    private String show(Target target, Caller caller, Model model) {
        FormAtVisit f = target.load();
        Map<String, String> values = f.record() == null ? Map.of() : f.record().values();
        return page(target, f, FormView.of(f.form(), values, List.of(), f.record() == null ? List.of() : f.record().warnings()),
                null, caller, model);
    }

    private String save(Target target, Map<String, String> params, Caller caller, Model model, RedirectAttributes flash) {
        FormAtVisit f = target.load();
        Map<String, String> entered = new LinkedHashMap<>();
        for (FormField field : f.form().fields()) {
            String v = params.get(FormView.PREFIX + field.name());
            entered.put(field.name(), v == null ? "" : v.strip());
        }
        Integer version = PostedForm.versionOf(params.get("version"));
        String reason = PostedForm.orNull(params.get("reason"));
        try {
            FormEntry entry = entry(entered, f.record(), version, reason);
            SavedForm saved = target.save(entry);
            flash.addFlashAttribute("notice", version == null ? "formPage.saved" : "formPage.corrected");
            if (f.record() == null && f.visit() == null) {
                // a new log record: the same read as the API's adverse-event report, for the page to say a report was started
                safety.reportFor(saved.record().id()).ifPresent(r -> flash.addFlashAttribute("reportStarted", true));
                return "redirect:" + recordAddress(f.subject().studyId(), saved.record().id());
            }
            return "redirect:" + target.address();
        } catch (InvalidInputException e) {
            if (version == null && f.record() != null) {
                // a first save refused because someone saved the form since this page was opened
                return conflict(target, f, entered, reason, f.record().version(), caller, model);
            }
            model.addAttribute("reason", reason);
            model.addAttribute("version", version);
            return page(target, f, FormView.of(f.form(), entered, e.errors(), List.of()), null, caller, model);
        } catch (LockedException e) {
            // nothing saved: the entries stay in the form under the lock's message
            model.addAttribute("lockRefused", true);
            model.addAttribute("reason", reason);
            model.addAttribute("version", version);
            return page(target, f, FormView.of(f.form(), entered, List.of(), List.of()), null, caller, model);
        } catch (ConflictException e) {
            if (e.currentVersion() == null) {
                throw e;
            }
            return conflict(target, target.load(), entered, reason, e.currentVersion(), caller, model);
        }
    }

    /** Someone saved first: nothing of this user's is saved; their entries stay in the form beside what is stored now. */
    private String conflict(Target target, FormAtVisit now, Map<String, String> entered, String reason, int currentVersion,
                            Caller caller, Model model) {
        Map<String, String> current = now.record() == null ? Map.of() : now.record().values();
        List<String[]> differences = new ArrayList<>();
        for (FormField field : now.form().fields()) {
            String mine = entered.get(field.name());
            String theirs = current.getOrDefault(field.name(), "");
            if (!Objects.equals(mine, theirs)) {
                differences.add(new String[] {field.variable().label(), mine, theirs});
            }
        }
        model.addAttribute("reason", reason);
        model.addAttribute("version", currentVersion);
        model.addAttribute("differences", differences);
        return page(target, now, FormView.of(now.form(), entered, List.of(), List.of()), currentVersion, caller, model);
    }

    private String voidRecord(Target target, String version, String reason, Caller caller, Model model, RedirectAttributes flash) {
        FormAtVisit f = target.load();
        if (f.record() == null) {
            return "redirect:" + target.address();
        }
        try {
            forms.voidRecord(f.subject().studyId(), f.record().id(),
                    new VoidRequest(PostedForm.versionOf(version), PostedForm.orNull(reason)), caller);
            flash.addFlashAttribute("notice", "formPage.voided");
            return "redirect:" + target.address();
        } catch (InvalidInputException e) {
            model.addAttribute("voidErrors", e.errors().stream().map(FieldError::message).toList());
            model.addAttribute("voidReason", reason);
            return page(target, f, FormView.of(f.form(), f.record().values(), List.of(), f.record().warnings()), null, caller, model);
        }
    }

    private String page(Target target, FormAtVisit f, FormView view, Integer conflictVersion, Caller caller, Model model) {
        String studyId = f.subject().studyId();
        model.addAttribute("entry", f);
        model.addAttribute("view", view);
        model.addAttribute("conflictVersion", conflictVersion);
        model.addAttribute("lock", locks.covering(studyId, f.subject().id(), f.record() == null ? null : f.record().id()).orElse(null));
        model.addAttribute("action", target.address());
        model.addAttribute("subjectPage", "/studies/" + studyId + "/subjects/" + f.subject().id());
        model.addAttribute("mayReadHistory", f.record() != null && caller.has(studyId, Permission.READ_AUDIT_TRAIL));
        model.addAttribute("site", sites.require(caller, studyId, f.subject().siteId()));
        model.addAttribute("canScreen", caller.has(studyId, Permission.SCREEN_AND_ENROL));
        if (!model.containsAttribute("version")) {
            model.addAttribute("version", f.record() == null ? null : f.record().version());
        }
        if (f.record() == null && f.visit() == null && f.mayEnter()) {
            visitChoices(f, caller, model);
        }
        // the fields a query awaits an answer on are highlighted with its question; central roles may raise one
        model.addAttribute("fieldQueries", f.record() == null ? Map.of() : queries.notClosedOn(studyId, f.record().id(), caller));
        model.addAttribute("mayRaiseQuery", f.record() != null && !f.record().voided() && queries.mayRaise(studyId, caller));
        if (f.record() != null) {
            model.addAttribute("raiseAction", queries.raiseAddress(studyId, f.record().id()));
        }
        if (f.record() != null && caller.has(studyId, Permission.READ_SAFETY_FLAGS)) {
            ExpeditedReport report = safety.reportFor(f.record().id()).orElse(null);
            model.addAttribute("expeditedReport", report);
            if (report != null && report.submittedAt() == null && report.cancelledAt() == null) {
                model.addAttribute("saeClock", new SaeClock(report, Duration.between(clock.instant(), report.dueAt())));
            }
        }
        return "visits/form";
    }

    /**
     * The subject's visits a new log record may be tied to: those where the protocol plans the log (all of them if it
     * plans it nowhere), the current one chosen unless the user chose another.
     */
    private void visitChoices(FormAtVisit f, Caller caller, Model model) {
        List<ScheduleEntry> schedule = f.subject().dayZero() == null ? List.of()
                : forms.schedule(f.subject().studyId(), f.subject().id(), caller);
        List<ScheduleEntry> planned = schedule.stream()
                .filter(v -> v.forms().stream().anyMatch(p -> p.formId().equals(f.form().id()))).toList();
        List<ScheduleEntry> choices = planned.isEmpty() ? schedule : planned;
        if (!model.containsAttribute("chosenVisit")) {
            LocalDate today = LocalDate.now(clock);
            String current = null;
            for (ScheduleEntry v : choices) {
                if (!v.earliest().isAfter(today)) {
                    current = v.visitId();
                }
            }
            model.addAttribute("chosenVisit", current);
        }
        model.addAttribute("visitChoices", choices);
    }

    /**
     * The page's whole form as the API's entry: a first save gives the values entered; a correction gives only the
     * values that differ from the record as read and lists the fields emptied in {@code clear}.
     */
    private static FormEntry entry(Map<String, String> entered, FormRecord record, Integer version, String reason) {
        if (version == null) {
            Map<String, Object> values = new LinkedHashMap<>();
            entered.forEach((k, v) -> {
                if (!v.isEmpty()) {
                    values.put(k, v);
                }
            });
            return new FormEntry(values, null, reason);
        }
        Map<String, String> stored = record == null ? Map.of() : record.values();
        Map<String, Object> changed = new LinkedHashMap<>();
        List<String> clear = new ArrayList<>();
        entered.forEach((k, v) -> {
            if (v.isEmpty() && stored.containsKey(k)) {
                clear.add(k);
            } else if (!v.isEmpty() && !v.equals(stored.get(k))) {
                changed.put(k, v);
            }
        });
        return new FormEntry(changed.isEmpty() ? null : changed, clear, version, reason);
    }

    static String recordAddress(String studyId, long recordId) {
        return "/studies/" + studyId + "/form-records/" + recordId;
    }
}
