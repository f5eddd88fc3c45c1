package org.harmonia.server.analysis;

import java.util.List;
import java.util.Set;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The report pages of a study: {@code /studies/{studyId}/reports} shows the report of the session the role may attend
 * (open: blinded, closed: unblinded) on the live data or a database lock's snapshot, with its downloads;
 * {@code …/reports/past} lists the reports generated, and {@code …/past/{reportId}/reproduction} generates one on a lock
 * again and compares the bytes. The same {@link ReportService} and permissions as the API.
 */
@Controller
public class ReportPage {
    private final ReportService reports;
    private final ProtocolCatalog catalog;

    public ReportPage(ReportService reports, ProtocolCatalog catalog) {
        this.reports = reports;
        this.catalog = catalog;
    }

    @GetMapping("/studies/{studyId}/reports")
    public String report(Caller caller, @PathVariable String studyId, @RequestParam(required = false) String session,
                         @RequestParam(required = false) String data, Model model) {
        Set<GeneratedReport.Kind> kinds = reports.readableKinds(studyId, caller);
        GeneratedReport.Kind kind = session(session, kinds);
        Long lockId = data(data);
        common(studyId, model);
        model.addAttribute("sessions", kinds);
        model.addAttribute("kind", kind);
        model.addAttribute("lockId", lockId);
        model.addAttribute("snapshots", reports.snapshots(studyId, caller));
        // a report is generated, and recorded, when asked for: not on every visit of the page from the navigation bar
        if (session != null || data != null) {
            ReportService.Generation generation = reports.generate(studyId, kind, lockId, GeneratedReport.Channel.PAGE, caller);
            model.addAttribute("generated", generation.record());
            // the report builder's own HTML, every text escaped by it; the page's stylesheet styles it under the CSP
            model.addAttribute("reportHtml", generation.embeddedHtml());
        }
        return "reports/report";
    }

    @GetMapping("/studies/{studyId}/reports/past")
    public String past(Caller caller, @PathVariable String studyId, Model model) {
        List<GeneratedReport> past = reports.past(studyId, caller);
        common(studyId, model);
        model.addAttribute("past", past);
        return "reports/past";
    }

    @GetMapping("/studies/{studyId}/reports/past/{reportId}/reproduction")
    public String reproduce(Caller caller, @PathVariable String studyId, @PathVariable long reportId, Model model) {
        ReportService.Reproduction reproduction = reports.reproduce(studyId, reportId, GeneratedReport.Channel.PAGE, caller);
        common(studyId, model);
        model.addAttribute("reproduction", reproduction);
        model.addAttribute("both", List.of(reproduction.original(), reproduction.again()));
        return "reports/reproduction";
    }

    private void common(String studyId, Model model) {
        model.addAttribute("studyId", studyId);
        model.addAttribute("studyTitle", catalog.require(studyId).title());
    }

    /** The session asked for, or the first the role may attend; one it may not attend is refused as in the API. */
    private static GeneratedReport.Kind session(String session, Set<GeneratedReport.Kind> allowed) {
        if (session == null || session.isBlank()) {
            return allowed.iterator().next();
        }
        return switch (session.strip()) {
            case "open" -> GeneratedReport.Kind.BLINDED;
            case "closed" -> GeneratedReport.Kind.UNBLINDED;
            default -> throw new InvalidInputException("session", "\"" + session + "\" is not one of: open, closed");
        };
    }

    /** {@code live} (or nothing) for the live data, else the number of a database lock. */
    private static Long data(String data) {
        if (data == null || data.isBlank() || data.strip().equals("live")) {
            return null;
        }
        try {
            return Long.valueOf(data.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("data", "\"" + data + "\" is neither live nor the number of a database lock");
        }
    }
}
