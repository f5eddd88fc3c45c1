package org.harmonia.server.monitoring;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.harmonia.server.reports.ReportFormat;
import org.harmonia.server.reports.ReportRenderers;
import org.harmonia.server.security.Caller;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Source data verification: {@code /api/studies/{studyId}/sdv/...} and per site. */
@RestController
@RequestMapping("/api/studies/{studyId}")
public class SdvController {
    private final SdvService sdv;
    private final MonitoringVisitReport reports;
    private final Clock clock;

    public SdvController(SdvService sdv, MonitoringVisitReport reports, Clock clock) {
        this.sdv = sdv;
        this.reports = reports;
        this.clock = clock;
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/sdv/verifications")
    public List<Verification> verify(Caller caller, @PathVariable String studyId, @RequestBody(required = false) SdvRequests.Verify request) {
        return sdv.verify(studyId, request, caller);
    }

    @GetMapping("/sdv/form-records/{recordId}")
    public List<Verification> ofRecord(Caller caller, @PathVariable String studyId, @PathVariable long recordId) {
        return sdv.ofRecord(studyId, recordId, caller);
    }

    @GetMapping("/sdv/progress")
    public List<Progress> progress(Caller caller, @PathVariable String studyId) {
        return sdv.progress(studyId, caller);
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/sdv/findings")
    public Finding recordFinding(Caller caller, @PathVariable String studyId,
                                 @RequestBody(required = false) SdvRequests.RecordFinding request) {
        return sdv.recordFinding(studyId, request, caller);
    }

    @GetMapping("/sites/{siteId}/sdv/work-list")
    public List<WorkItem> workList(Caller caller, @PathVariable String studyId, @PathVariable String siteId,
                                   @RequestParam(required = false) String all) {
        return sdv.workList(studyId, siteId, flag("all", all), caller);
    }

    @GetMapping("/sites/{siteId}/sdv/findings")
    public List<Finding> findings(Caller caller, @PathVariable String studyId, @PathVariable String siteId,
                                  @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Instant[] period = period(from, to);
        return sdv.findings(studyId, siteId, period[0], period[1], caller);
    }

    @ApiResponse(responseCode = "200", description = "the monitoring visit report, as the format asks",
            content = {@Content(mediaType = "text/html", schema = @Schema(type = "string")),
                    @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary"))})
    @GetMapping("/sites/{siteId}/sdv/report")
    public ResponseEntity<byte[]> report(Caller caller, @PathVariable String studyId, @PathVariable String siteId,
                                         @RequestParam(required = false) String format, @RequestParam(required = false) String from,
                                         @RequestParam(required = false) String to) {
        ReportFormat f = ReportFormat.parse(format == null ? "html" : format)
                .orElseThrow(() -> new InvalidInputException("format", "\"" + format + "\" is not one of: html, pdf"));
        Instant[] period = period(from, to);
        byte[] body = ReportRenderers.render(reports.build(studyId, siteId, period[0], period[1], caller, clock.instant()), f);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(f.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\""
                        + ReportRenderers.fileName(studyId + "-site-" + siteId + "-monitoring", f) + "\"")
                .body(body);
    }

    /** A period of whole UTC days: {@code from} the start of its day, {@code to} the end of its day; either may be absent. */
    static Instant[] period(String from, String to) {
        LocalDate f = date("from", from);
        LocalDate t = date("to", to);
        if (f != null && t != null && t.isBefore(f)) {
            throw new InvalidInputException("to", "must not be before from (" + f + ")");
        }
        return new Instant[] {f == null ? null : f.atStartOfDay(ZoneOffset.UTC).toInstant(),
                t == null ? null : t.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()};
    }

    private static LocalDate date(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name, "\"" + text + "\" is not a date such as 2026-06-15");
        }
    }

    static boolean flag(String name, String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(name, "\"" + text + "\" is not true or false");
        };
    }
}
