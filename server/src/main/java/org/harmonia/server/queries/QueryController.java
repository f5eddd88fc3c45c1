package org.harmonia.server.queries;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.harmonia.server.security.Caller;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Data queries: {@code /api/studies/{studyId}/queries} and per site. */
@RestController
@RequestMapping("/api/studies/{studyId}")
public class QueryController {
    private final QueryService queries;

    public QueryController(QueryService queries) {
        this.queries = queries;
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/queries")
    public ResponseEntity<DataQuery> raise(Caller caller, @PathVariable String studyId, @RequestBody(required = false) QueryRequests.Raise request) {
        DataQuery q = queries.raise(studyId, request, caller);
        return ResponseEntity.created(URI.create("/api/studies/" + studyId + "/queries/" + q.id())).body(q);
    }

    @GetMapping("/queries/{queryId}")
    public DataQuery get(Caller caller, @PathVariable String studyId, @PathVariable long queryId) {
        return queries.find(studyId, queryId, caller);
    }

    @PostMapping("/queries/{queryId}/answer")
    public DataQuery answer(Caller caller, @PathVariable String studyId, @PathVariable long queryId,
                            @RequestBody(required = false) QueryRequests.Answer request) {
        return queries.answer(studyId, queryId, request, caller);
    }

    @PostMapping("/queries/{queryId}/reopen")
    public DataQuery reopen(Caller caller, @PathVariable String studyId, @PathVariable long queryId,
                            @RequestBody(required = false) QueryRequests.Reopen request) {
        return queries.reopen(studyId, queryId, request, caller);
    }

    @PostMapping("/queries/{queryId}/close")
    public DataQuery close(Caller caller, @PathVariable String studyId, @PathVariable long queryId,
                           @RequestBody(required = false) QueryRequests.Close request) {
        return queries.close(studyId, queryId, request, caller);
    }

    @GetMapping("/sites/{siteId}/queries")
    public List<DataQuery> bySite(Caller caller, @PathVariable String studyId, @PathVariable String siteId,
                                  @RequestParam(required = false) String status) {
        QueryStatus s = null;
        if (status != null) {
            try {
                s = QueryStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("status", "\"" + status + "\" is not one of open, answered, closed");
            }
        }
        return queries.bySite(studyId, siteId, s, caller);
    }
}
