package org.harmonia.server.locks;

import java.util.ArrayList;
import java.util.List;
import org.harmonia.server.audit.AuditAction;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.security.SiteScope;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Locks: the central data manager locks a form record, a subject's casebook or the whole study, and lifts a lock with
 * a documented reason. A database lock (the whole study) copies the analysis data into its snapshot in the same
 * transaction, with every write to the study held off meanwhile, so reports run on the lock reproduce byte for byte.
 * Every lock and unlock is in the audit trail.
 */
@Service
public class LockService {
    static final String ENTITY = "data_lock";

    private final ProtocolCatalog catalog;
    private final LockRepository locks;
    private final AuditTrail audit;

    public LockService(ProtocolCatalog catalog, LockRepository locks, AuditTrail audit) {
        this.catalog = catalog;
        this.locks = locks;
        this.audit = audit;
    }

    @Transactional
    public DataLock lock(String studyId, LockRequests.Lock request, Caller caller) {
        catalog.require(studyId);
        caller.require(studyId, Permission.LOCK_DATA);
        List<FieldError> errors = new ArrayList<>();
        LockScope scope = request == null ? null : LockScope.parse(request.scope()).orElse(null);
        if (scope == null) {
            errors.add(new FieldError("scope", request == null || request.scope() == null ? "is required: form-record, subject or study"
                    : "\"" + request.scope() + "\" is not one of form-record, subject, study"));
        }
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            errors.add(new FieldError("reason", "a reason is required to lock data"));
        }
        if (scope == LockScope.SUBJECT && (request.subjectId() == null || request.subjectId().isBlank())) {
            errors.add(new FieldError("subjectId", "is required to lock a subject's casebook"));
        }
        if (scope == LockScope.FORM_RECORD && request.formRecordId() == null) {
            errors.add(new FieldError("formRecordId", "is required to lock a form record"));
        }
        if (scope == LockScope.STUDY && (request.name() == null || request.name().isBlank())) {
            errors.add(new FieldError("name", "a database lock needs a name, which its snapshot and reports carry"));
        }
        if (scope != null && scope != LockScope.SUBJECT && scope != LockScope.FORM_RECORD && request.subjectId() != null) {
            errors.add(new FieldError("subjectId", "is given only to lock a subject's casebook"));
        }
        if (scope != null && scope != LockScope.FORM_RECORD && request.formRecordId() != null) {
            errors.add(new FieldError("formRecordId", "is given only to lock a form record"));
        }
        if (scope != null && scope != LockScope.STUDY && request.name() != null) {
            errors.add(new FieldError("name", "is given only to a database lock (scope study)"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        String actor = caller.username();
        String reason = request.reason().strip();
        locks.excludeWriters(studyId);
        String subjectId = null;
        String siteId = null;
        Long recordId = null;
        String protocolVersion = null;
        String name = null;
        switch (scope) {
            case SUBJECT -> {
                subjectId = request.subjectId().strip();
                String id = subjectId;
                siteId = locks.subjectSite(studyId, subjectId)
                        .orElseThrow(() -> new NotFoundException("no subject \"" + id + "\" in study " + studyId));
            }
            case FORM_RECORD -> {
                recordId = request.formRecordId();
                long id = recordId;
                String[] owner = locks.recordOwner(studyId, recordId)
                        .orElseThrow(() -> new NotFoundException("no form record " + id + " in study " + studyId));
                if (Boolean.parseBoolean(owner[2])) {
                    throw new ConflictException("form record " + recordId + " is voided and can no longer change; there is nothing to lock");
                }
                subjectId = owner[0];
                siteId = owner[1];
            }
            case STUDY -> {
                name = request.name().strip();
                protocolVersion = locks.currentProtocolVersion(studyId).orElseThrow();
            }
        }
        long id;
        try {
            id = locks.insert(studyId, scope, subjectId, siteId, recordId, name, reason, protocolVersion, actor);
        } catch (DuplicateKeyException e) {
            throw new ConflictException(switch (scope) {
                case STUDY -> "study " + studyId + " is already locked; unlock the database lock before taking another";
                case SUBJECT -> "the casebook of subject " + request.subjectId().strip() + " is already locked";
                case FORM_RECORD -> "form record " + request.formRecordId() + " is already locked";
            });
        }
        if (scope == LockScope.STUDY) {
            locks.copySnapshot(id, studyId);
        }
        DataLock lock = locks.find(id).orElseThrow();
        String detail = lock.describe() + (scope == LockScope.STUDY ? snapshotDetail(id, protocolVersion) : "");
        audit.record(AuditEvent.of(actor, AuditAction.of("LOCK"), studyId, siteId, ENTITY, Long.toString(id), detail, reason));
        return lock;
    }

    private String snapshotDetail(long lockId, String protocolVersion) {
        int[] size = locks.snapshotSize(lockId);
        return "; snapshot of " + size[0] + " subjects and " + size[1] + " form records, protocol " + protocolVersion;
    }

    @Transactional
    public DataLock unlock(String studyId, long lockId, LockRequests.Unlock request, Caller caller) {
        catalog.require(studyId);
        caller.require(studyId, Permission.LOCK_DATA);
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.version() == null) {
            errors.add(new FieldError("version", "is required: the version of the lock you read"));
        }
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            errors.add(new FieldError("reason", "an unlock is documented: give the reason"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        DataLock lock = locks.findForUpdate(studyId, lockId)
                .orElseThrow(() -> new NotFoundException("no lock " + lockId + " in study " + studyId));
        if (!lock.active()) {
            throw new ConflictException("lock " + lockId + " was already lifted by " + lock.unlockedBy() + " at " + lock.unlockedAt(),
                    lock.version());
        }
        if (request.version() != lock.version()) {
            throw new ConflictException("lock " + lockId + " was changed by someone else (version " + lock.version() + ", not "
                    + request.version() + ")", lock.version());
        }
        String reason = request.reason().strip();
        locks.unlock(lockId, request.version(), reason, caller.username());
        audit.record(AuditEvent.of(caller.username(), AuditAction.of("UNLOCK"), studyId, lock.siteId(), ENTITY, Long.toString(lockId),
                lock.describe(), reason));
        return locks.find(lockId).orElseThrow();
    }

    /** The locks the caller may see (a site role: the database locks and those at its sites), newest first. */
    public List<DataLock> list(String studyId, boolean activeOnly, Caller caller) {
        catalog.require(studyId);
        return locks.list(studyId, caller.scope(studyId, Permission.READ_LOCKS), activeOnly);
    }

    public DataLock find(String studyId, long lockId, Caller caller) {
        catalog.require(studyId);
        SiteScope scope = caller.scope(studyId, Permission.READ_LOCKS);
        return locks.find(lockId).filter(l -> l.studyId().equals(studyId))
                .filter(l -> l.scope() == LockScope.STUDY || scope.contains(l.siteId()))
                .orElseThrow(() -> new NotFoundException("no lock " + lockId + " in study " + studyId));
    }

    /** A database lock of the study, live or lifted, whose snapshot a report may be run on. */
    public DataLock databaseLock(String studyId, long lockId, Caller caller) {
        DataLock lock = find(studyId, lockId, caller);
        if (lock.scope() != LockScope.STUDY) {
            throw new InvalidInputException("lock", "lock " + lockId + " locks " + (lock.scope() == LockScope.SUBJECT
                    ? "one casebook" : "one form record") + "; reports run on a database lock (scope study), which has a snapshot");
        }
        return lock;
    }
}
