package org.harmonia.server.audit;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.nio.charset.StandardCharsets;
import org.harmonia.server.security.Caller;
import org.harmonia.server.system.NotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit trail, read-only: {@code GET /api/audit} lists rows oldest first (the order in which they were
 * chained), filtered and paged, {@code GET /api/audit/export} gives them all as CSV; {@code GET /api/audit/verify}
 * re-computes the hash chain, {@code POST /api/audit/verifications} does so and keeps the outcome.
 */
@RestController
@RequestMapping("/api/audit")
public class AuditController {
    private final AuditViewer viewer;
    private final AuditChainVerifier verifier;

    public AuditController(AuditViewer viewer, AuditChainVerifier verifier) {
        this.viewer = viewer;
        this.verifier = verifier;
    }

    @GetMapping
    public AuditPage list(@RequestParam(required = false) String studyId, @RequestParam(required = false) String siteId,
                          @RequestParam(required = false) String entityType, @RequestParam(required = false) String entityId,
                          @RequestParam(required = false) String actor, @RequestParam(required = false) String from,
                          @RequestParam(required = false) String to, @RequestParam(required = false) String limit,
                          @RequestParam(required = false) String offset, @RequestParam(required = false) String subjectId,
                          @RequestParam(required = false) String formId, @RequestParam(required = false) String field,
                          @RequestParam(required = false) String action, Caller caller) {
        return viewer.find(query(studyId, siteId, entityType, entityId, actor, from, to, limit, offset, subjectId, formId, field,
                action), caller);
    }

    /** The rows matching the same filter as the list, all of them (no paging), as CSV. */
    @ApiResponse(responseCode = "200", description = "the rows as CSV, oldest first",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @GetMapping("/export")
    public ResponseEntity<byte[]> export(@RequestParam(required = false) String studyId, @RequestParam(required = false) String siteId,
                                         @RequestParam(required = false) String entityType,
                                         @RequestParam(required = false) String entityId, @RequestParam(required = false) String actor,
                                         @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                         @RequestParam(required = false) String subjectId, @RequestParam(required = false) String formId,
                                         @RequestParam(required = false) String field, @RequestParam(required = false) String action,
                                         Caller caller) {
        AuditQuery q = query(studyId, siteId, entityType, entityId, actor, from, to, null, null, subjectId, formId, field, action);
        StringBuilder csv = new StringBuilder(AuditCsv.header());
        viewer.export(q, caller, e -> csv.append(AuditCsv.row(e)));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv; charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + (q.studyId() == null ? "all" : q.studyId())
                        .replaceAll("[^A-Za-z0-9_-]", "") + ".csv\"")
                .body(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The chain's state; answered with 200 whether intact or not, as the report itself is what was asked for. */
    @GetMapping("/verify")
    public ChainVerification verify(Caller caller) {
        AuditViewer.requireVerifier(caller);
        return verifier.verify();
    }

    /** Verifies the chain now and keeps the outcome, which the audit trail page shows as the last verification. */
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/verifications")
    public ChainCheck verifyAndKeep(Caller caller, @RequestParam(required = false) String anchor) {
        return viewer.verifyNow(caller, anchor);
    }

    /** The last kept verification. */
    @GetMapping("/verifications/last")
    public ChainCheck lastVerification(Caller caller) {
        ChainCheck last = viewer.lastCheck(caller);
        if (last == null) {
            throw new NotFoundException("the audit chain has not been verified here yet: POST /api/audit/verifications");
        }
        return last;
    }

    /** A filter from request parameters, each named in the error if it cannot be read. */
    public static AuditQuery query(String studyId, String siteId, String entityType, String entityId, String actor, String from,
                                   String to, String limit, String offset, String subjectId, String formId, String field,
                                   String action) {
        return new AuditQuery(studyId, siteId, entityType, entityId, actor, instant("from", from), instant("to", to),
                integer("limit", limit, AuditQuery.DEFAULT_LIMIT), integer("offset", offset, 0), subjectId, formId, field, action);
    }

    private static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name, "\"" + text + "\" is not a UTC time such as 2025-03-31T14:00:00Z");
        }
    }

    private static int integer(String name, String text, int absent) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "\"" + text + "\" is not a whole number");
        }
    }
}
