package org.harmonia.server.queries;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.visits.FormRecord;
import org.harmonia.server.visits.FormService;
import org.harmonia.server.web.PostedForm;
import org.harmonia.server.web.SiteChoices;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.protocol.Protocol;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The queries addressed to a site, {@code /studies/{studyId}/sites/{siteId}/queries}, and one query with its thread,
 * {@code /studies/{studyId}/queries/{queryId}}: answered by the site roles, closed by the data manager, read by the
 * others who may read queries. Everything goes through {@link QueryService} with the caller, as in the API: another
 * site's query is not found, and the API's messages show next to the field they concern.
 */
@Controller
public class QueryPage {
    private final QueryService queries;
    private final FormService forms;
    private final ProtocolCatalog catalog;
    private final SiteChoices sites;
    private final Clock clock;

    public QueryPage(QueryService queries, FormService forms, ProtocolCatalog catalog, SiteChoices sites, Clock clock) {
        this.queries = queries;
        this.forms = forms;
        this.catalog = catalog;
        this.sites = sites;
        this.clock = clock;
    }

    @GetMapping("/studies/{studyId}/sites/{siteId}/queries")
    public String list(Caller caller, @PathVariable String studyId, @PathVariable String siteId,
                       @RequestParam(required = false) String status, Model model) {
        QueryStatus shown = status(status);
        List<QueryView> rows = queries.bySite(studyId, siteId, shown, caller).stream().map(q -> view(q, caller)).toList();
        model.addAttribute("site", sites.require(caller, studyId, siteId));
        model.addAttribute("canScreen", caller.has(studyId, Permission.SCREEN_AND_ENROL));
        model.addAttribute("shown", shown);
        model.addAttribute("statuses", QueryStatus.values());
        model.addAttribute("rows", rows);
        return "queries/list";
    }

    @GetMapping("/studies/{studyId}/queries/{queryId}")
    public String show(Caller caller, @PathVariable String studyId, @PathVariable long queryId, Model model) {
        return page(queries.find(studyId, queryId, caller), caller, model);
    }

    @PostMapping("/studies/{studyId}/queries/{queryId}/answer")
    public String answer(Caller caller, @PathVariable String studyId, @PathVariable long queryId,
                         @RequestParam(required = false) String answer, @RequestParam(required = false) String version,
                         Model model, HttpServletResponse response, RedirectAttributes flash) {
        DataQuery q = queries.find(studyId, queryId, caller);
        try {
            queries.answer(studyId, queryId, new QueryRequests.Answer(answer, PostedForm.versionOf(version)), caller);
            flash.addFlashAttribute("notice", "queryPage.answered");
            return "redirect:" + address(studyId, queryId);
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("answerErrors", e.messagesByField());
            model.addAttribute("answer", answer);
            return page(q, caller, model);
        } catch (ConflictException e) {
            // someone answered or closed it since the page was opened: show the query as it is now
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("conflict", true);
            model.addAttribute("answer", answer);
            return page(queries.find(studyId, queryId, caller), caller, model);
        }
    }

    @PostMapping("/studies/{studyId}/queries/{queryId}/close")
    public String close(Caller caller, @PathVariable String studyId, @PathVariable long queryId,
                        @RequestParam(required = false) String note, @RequestParam(required = false) String version,
                        Model model, HttpServletResponse response, RedirectAttributes flash) {
        DataQuery q = queries.find(studyId, queryId, caller);
        try {
            queries.close(studyId, queryId, new QueryRequests.Close(PostedForm.orNull(note), PostedForm.versionOf(version)),
                    caller);
            flash.addFlashAttribute("notice", "queryPage.closed");
            return "redirect:" + address(studyId, queryId);
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("closeErrors", e.messagesByField());
            model.addAttribute("note", note);
            return page(q, caller, model);
        } catch (ConflictException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("conflict", true);
            model.addAttribute("note", note);
            return page(queries.find(studyId, queryId, caller), caller, model);
        }
    }

    /**
     * A query raised from the form page on one of its fields; back on the form page, the field shows the new query, or
     * the question box opened again with the API's message.
     */
    @PostMapping("/studies/{studyId}/form-records/{recordId}/queries")
    public String raise(Caller caller, @PathVariable String studyId, @PathVariable long recordId,
                        @RequestParam(required = false) String field, @RequestParam(required = false) String question,
                        RedirectAttributes flash) {
        FormRecord record = forms.get(studyId, recordId, caller);
        String formPage = record.visitId() == null || record.repeating() ? "/studies/" + studyId + "/form-records/" + recordId
                : "/studies/" + studyId + "/subjects/" + record.subjectId() + "/visits/" + record.visitId() + "/forms/" + record.formId();
        try {
            DataQuery q = queries.raise(studyId, new QueryRequests.Raise(recordId, PostedForm.orNull(field), PostedForm.orNull(question)),
                    caller);
            flash.addFlashAttribute("notice", "dm.form.raised");
            return "redirect:" + formPage + "#field-" + q.field() + "-row";
        } catch (InvalidInputException e) {
            flash.addFlashAttribute("raiseField", field);
            flash.addFlashAttribute("raiseQuestion", question);
            flash.addFlashAttribute("raiseErrors", e.errors().stream().map(err -> err.field() + ": " + err.message()).toList());
            return "redirect:" + formPage;
        }
    }

    @PostMapping("/studies/{studyId}/queries/{queryId}/reopen")
    public String reopen(Caller caller, @PathVariable String studyId, @PathVariable long queryId,
                         @RequestParam(required = false) String question, @RequestParam(required = false) String version,
                         Model model, HttpServletResponse response, RedirectAttributes flash) {
        DataQuery q = queries.find(studyId, queryId, caller);
        try {
            queries.reopen(studyId, queryId, new QueryRequests.Reopen(PostedForm.orNull(question), PostedForm.versionOf(version)), caller);
            flash.addFlashAttribute("notice", "dm.query.reopened");
            return "redirect:" + address(studyId, queryId);
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("reopenErrors", e.messagesByField());
            model.addAttribute("reopenQuestion", question);
            return page(q, caller, model);
        } catch (ConflictException e) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("conflict", true);
            return page(queries.find(studyId, queryId, caller), caller, model);
        }
    }

    private String page(DataQuery q, Caller caller, Model model) {
        String studyId = q.studyId();
        model.addAttribute("view", view(q, caller));
        model.addAttribute("site", sites.require(caller, studyId, q.siteId()));
        model.addAttribute("canScreen", caller.has(studyId, Permission.SCREEN_AND_ENROL));
        model.addAttribute("mayAnswer", q.status() == QueryStatus.OPEN && caller.has(studyId, Permission.ANSWER_QUERIES));
        model.addAttribute("mayClose", q.status() != QueryStatus.CLOSED && caller.has(studyId, Permission.RAISE_AND_CLOSE_QUERIES));
        model.addAttribute("action", address(studyId, q.id()));
        if (!model.containsAttribute("answerErrors")) {
            model.addAttribute("answerErrors", Map.of());
        }
        model.addAttribute("mayReopen", q.status() != QueryStatus.OPEN && caller.has(studyId, Permission.RAISE_AND_CLOSE_QUERIES));
        if (!model.containsAttribute("reopenErrors")) {
            model.addAttribute("reopenErrors", Map.of());
        }
        if (!model.containsAttribute("closeErrors")) {
            model.addAttribute("closeErrors", Map.of());
        }
        return "queries/query";
    }

    /** Where the query's field is: the form record it was raised on, read with the caller's own scope. */
    private QueryView view(DataQuery q, Caller caller) {
        Protocol protocol = catalog.require(q.studyId());
        FormRecord record = forms.get(q.studyId(), q.formRecordId(), caller);
        FormDefinition form = protocol.form(record.formId()).orElse(null);
        String formLabel = form == null ? record.formId() : form.label();
        String fieldLabel = form == null ? q.field()
                : form.field(q.field()).map(f -> f.variable().label()).orElse(q.field());
        String visitLabel = record.visitId() == null ? null
                : protocol.visit(record.visitId()).map(v -> v.label()).orElse(record.visitId());
        String subjectPage = "/studies/" + q.studyId() + "/subjects/" + q.subjectId();
        String formPage = record.visitId() == null ? null
                : subjectPage + "/visits/" + record.visitId() + "/forms/" + record.formId();
        long age = Math.max(0, ChronoUnit.DAYS.between(LocalDate.ofInstant(q.raisedAt(), clock.getZone()), LocalDate.now(clock)));
        return new QueryView(q, visitLabel, formLabel, fieldLabel, age, subjectPage, formPage, address(q.studyId(), q.id()));
    }

    /** The filter of the list: open queries unless another status is asked for, as the API spells them. */
    private static QueryStatus status(String text) {
        if (text == null || text.isBlank()) {
            return QueryStatus.OPEN;
        }
        try {
            return QueryStatus.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("status", "\"" + text + "\" is not one of open, answered, closed");
        }
    }

    private static String address(String studyId, long queryId) {
        return "/studies/" + studyId + "/queries/" + queryId;
    }
}
