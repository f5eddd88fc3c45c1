package org.harmonia.server.analysis;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.harmonia.server.reports.Report;
import org.harmonia.server.reports.ReportFormat;
import org.harmonia.server.reports.ReportRenderers;
import org.harmonia.server.security.Caller;
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
 * {@code ?lock=} on the snapshot a database lock stored.
 */
@RestController
@RequestMapping("/api/studies/{studyId}/reports")
public class ReportController {
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
        Report report = lock == null ? reports.report(studyId, unblinded, caller) : reports.reportAtLock(studyId, unblinded, lock, caller);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(f.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + studyId + "-" + kind + (lock == null ? "" : "-lock-" + lock)
                        + "." + f.fileExtension() + "\"")
                .body(ReportRenderers.render(report, f));
    }

    static ReportFormat format(String text) {
        return ReportFormat.parse(text)
                .orElseThrow(() -> new InvalidInputException("format", "\"" + text + "\" is not one of: html, pdf"));
    }
}
