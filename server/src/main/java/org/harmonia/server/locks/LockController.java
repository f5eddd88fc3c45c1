package org.harmonia.server.locks;

import java.net.URI;
import java.util.List;
import org.harmonia.server.security.Caller;
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

/** Locks: {@code /api/studies/{studyId}/locks}. */
@RestController
@RequestMapping("/api/studies/{studyId}/locks")
public class LockController {
    private final LockService locks;

    public LockController(LockService locks) {
        this.locks = locks;
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping
    public ResponseEntity<DataLock> lock(Caller caller, @PathVariable String studyId, @RequestBody(required = false) LockRequests.Lock request) {
        DataLock lock = locks.lock(studyId, request, caller);
        return ResponseEntity.created(URI.create("/api/studies/" + studyId + "/locks/" + lock.id())).body(lock);
    }

    @GetMapping
    public List<DataLock> list(Caller caller, @PathVariable String studyId, @RequestParam(defaultValue = "false") boolean active) {
        return locks.list(studyId, active, caller);
    }

    @GetMapping("/{lockId}")
    public DataLock get(Caller caller, @PathVariable String studyId, @PathVariable long lockId) {
        return locks.find(studyId, lockId, caller);
    }

    @PostMapping("/{lockId}/unlock")
    public DataLock unlock(Caller caller, @PathVariable String studyId, @PathVariable long lockId,
                           @RequestBody(required = false) LockRequests.Unlock request) {
        return locks.unlock(studyId, lockId, request, caller);
    }
}
