package org.harmonia.server.datamanagement;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
 * The cross-site views, {@code /api/studies/{studyId}/data-management/...}: as JSON, or as CSV with {@code format=csv},
 * each narrowed by {@code siteId}, {@code visitId}, {@code formId} (and {@code status} for queries).
 */
@RestController
@RequestMapping("/api/studies/{studyId}/data-management")
public class DataManagementController {
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final DataManagementService views;

    public DataManagementController(DataManagementService views) {
        this.views = views;
    }

    @ApiResponse(responseCode = "200", description = "expected against saved forms per site, visit and form",
            content = {@Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = CompletenessRow.class))),
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    @GetMapping("/completeness")
    public ResponseEntity<?> completeness(Caller caller, @PathVariable String studyId, @RequestParam(required = false) String siteId,
                                          @RequestParam(required = false) String visitId, @RequestParam(required = false) String formId,
                                          @RequestParam(required = false) String format,
                                          @Parameter(hidden = true) @RequestParam Map<String, String> params) {
        DataFilter filter = views.filter(studyId, params, caller);
        return answer(views.completeness(studyId, filter, caller), format, studyId + "-completeness.csv", Csv::completeness);
    }

    @ApiResponse(responseCode = "200", description = "overdue visits and forms, the longest overdue first",
            content = {@Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = OverdueItem.class))),
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    @GetMapping("/overdue")
    public ResponseEntity<?> overdue(Caller caller, @PathVariable String studyId, @RequestParam(required = false) String siteId,
                                     @RequestParam(required = false) String visitId, @RequestParam(required = false) String formId,
                                     @RequestParam(required = false) String format,
                                     @Parameter(hidden = true) @RequestParam Map<String, String> params) {
        DataFilter filter = views.filter(studyId, params, caller);
        return answer(views.overdue(studyId, filter, caller), format, studyId + "-overdue.csv", Csv::overdue);
    }

    @ApiResponse(responseCode = "200", description = "queries awaiting the site (open) or the data manager (answered) per site, by age",
            content = {@Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = QueryAgeRow.class))),
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    @GetMapping("/query-ageing")
    public ResponseEntity<?> queryAgeing(Caller caller, @PathVariable String studyId, @RequestParam(required = false) String siteId,
                                         @RequestParam(required = false) String status, @RequestParam(required = false) String format,
                                         @Parameter(hidden = true) @RequestParam Map<String, String> params) {
        DataFilter filter = views.filter(studyId, params, caller);
        if (filter.visitId() != null || filter.formId() != null) {
            throw new InvalidInputException(filter.visitId() != null ? "visitId" : "formId",
                    "queries are counted per site; filter them by siteId and status");
        }
        return answer(views.queryAgeing(studyId, filter, caller), format, studyId + "-query-ageing.csv", Csv::queryAgeing);
    }

    private static <T> ResponseEntity<?> answer(List<T> rows, String format, String fileName, Function<List<T>, String> csv) {
        if (format == null || format.isBlank() || format.equals("json")) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(rows);
        }
        if (!format.equals("csv")) {
            throw new InvalidInputException("format", "\"" + (format.length() > 20 ? format.substring(0, 20) + "…" : format)
                    + "\" is not one of: json, csv");
        }
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"").body(csv.apply(rows));
    }
}
