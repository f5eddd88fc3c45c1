package org.harmonia.server.analysis;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import org.harmonia.server.reports.ReportFormat;
import org.harmonia.server.security.Caller;
import org.harmonia.server.system.ErrorResponses;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The study report as HTML or PDF: {@code /api/studies/{studyId}/reports/blinded|unblinded}, on live data, or with
 * {@code ?lock=} on the snapshot a database lock stored; every one generated is recorded, and the list of past reports is
 * {@code /api/studies/{studyId}/reports}.
 */
@RestController
@RequestMapping("/api/studies/{studyId}/reports")
public class ReportController {
    /** The response header naming the past report a download was recorded as. */
    public static final String GENERATED_REPORT_HEADER = "Harmonia-Report-Id";
    private final ReportService reports;

    public ReportController(ReportService reports) {
        this.reports = reports;
    }

    @ApiResponse(responseCode = "200", description = "the report, as the format asks",
            content = {@Content(mediaType = "text/html",
                    schema = @Schema(type = "string")),
                    @Content(mediaType = "application/pdf",
                            schema = @Schema(type = "string", format = "binary"))})
    @GetMapping("/{kind}")
    public ResponseEntity<byte[]> report(Caller caller, @PathVariable String studyId, @PathVariable String kind,
                                         @RequestParam(defaultValue = "html") String format,
                                         @RequestParam(required = false) Long lock) {
        boolean unblinded = switch (kind) {
            case "blinded" -> false;
            case "unblinded" -> true;
            default -> throw new InvalidInputException("kind", "\"" + kind + "\" is not one of: blinded, unblinded");
        };
        ReportFormat f = format(format);
        ReportService.Generation generated = reports.generate(studyId, GeneratedReport.Kind.of(unblinded), lock,
                GeneratedReport.Channel.API, caller);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(f.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + studyId + "-" + kind + (lock == null ? "" : "-lock-" + lock)
                        + "." + f.fileExtension() + "\"")
                .header(GENERATED_REPORT_HEADER, Long.toString(generated.record().id()))
                .body(f == ReportFormat.PDF ? generated.pdf() : generated.html());
    }

    /** The past reports of the study the caller may read, newest first: a blinded caller's list holds no unblinded report. */
    @GetMapping
    public List<GeneratedReport> past(Caller caller, @PathVariable String studyId) {
        return reports.past(studyId, caller);
    }

    @GetMapping("/past/{reportId}")
    public GeneratedReport pastReport(Caller caller, @PathVariable String studyId, @PathVariable long reportId) {
        return reports.pastReport(studyId, reportId, caller);
    }

    /**
     * Generates a past report on a database lock again and says whether the HTML and PDF have the SHA-256 they had; the
     * new generation is recorded too.
     */
    @ErrorResponses(add = 409)
    @GetMapping("/past/{reportId}/reproduction")
    public ReportService.Reproduction reproduce(Caller caller, @PathVariable String studyId, @PathVariable long reportId) {
        return reports.reproduce(studyId, reportId, GeneratedReport.Channel.API, caller);
    }

    static ReportFormat format(String text) {
        return ReportFormat.parse(text)
                .orElseThrow(() -> new InvalidInputException("format", "\"" + text + "\" is not one of: html, pdf"));
    }
}
