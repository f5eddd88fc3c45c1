package org.harmonia.server.signatures;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.harmonia.server.audit.AuditAction;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.locks.LockGuard;
import org.harmonia.server.locks.LockRepository;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.LoginFailedException;
import org.harmonia.server.security.Permission;
import org.harmonia.server.security.UserService;
import org.harmonia.server.subjects.Subject;
import org.harmonia.server.subjects.SubjectRepository;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.server.visits.FormRecordRepository;
import org.harmonia.server.visits.FormRecordSaved;
import org.harmonia.server.visits.VisitRecordSaved;
import org.harmonia.trial.protocol.Protocol;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Electronic signatures of casebooks (21 CFR Part 11 §11.50, §11.70, §11.100, §11.200): a site investigator signs a
 * subject's casebook, or one visit, by entering the password again with the signature's meaning. The signature keeps
 * the signer's name, the time, the meaning and the SHA-256 of the canonical text of what was signed
 * ({@link CasebookContent}). A change to signed data marks the signature broken in the changing transaction (on
 * {@link FormRecordSaved} and {@link VisitRecordSaved}); reading a signature also compares the hash with the data as
 * they are, so a change made any other way shows as well. Signing, failures and breaks are audited.
 */
@Service
public class SignatureService {
    static final String ENTITY = "casebook_signature";

    private final JdbcClient jdbc;
    private final ProtocolCatalog catalog;
    private final SubjectRepository subjects;
    private final FormRecordRepository records;
    private final UserService users;
    private final LockRepository locks;
    private final AuditTrail audit;

    public SignatureService(JdbcClient jdbc, ProtocolCatalog catalog, SubjectRepository subjects, FormRecordRepository records,
                            UserService users, LockRepository locks, AuditTrail audit) {
        this.locks = locks;
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.subjects = subjects;
        this.records = records;
        this.users = users;
        this.audit = audit;
    }

    /**
     * Signs, after checking every input and then the password; a wrong password is refused on {@code password}, counted
     * and audited like a failed sign-in (committed: nothing else is written before the check).
     */
    @Transactional(noRollbackFor = InvalidInputException.class)
    public Signature sign(String studyId, String subjectId, SignatureRequest request, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        Subject subject = subjects.find(studyId, subjectId, caller.scope(studyId, Permission.SIGN_CASEBOOKS))
                .orElseThrow(() -> new NotFoundException("no subject \"" + subjectId + "\" in study " + studyId));
        List<FieldError> errors = new ArrayList<>();
        SignatureMeaning meaning = request == null ? null : SignatureMeaning.parse(request.meaning()).orElse(null);
        if (meaning == null) {
            errors.add(new FieldError("meaning", request == null || request.meaning() == null
                    ? "is required: what the signature means (accurate-and-complete)"
                    : "\"" + request.meaning() + "\" is not a meaning a signature can have; use accurate-and-complete"));
        }
        String visitId = request == null || request.visitId() == null || request.visitId().isBlank() ? null : request.visitId().strip();
        if (visitId != null && protocol.visit(visitId).isEmpty()) {
            errors.add(new FieldError("visitId", "no visit \"" + visitId + "\" in study " + studyId));
        }
        if (request == null || request.password() == null || request.password().isEmpty()) {
            errors.add(new FieldError("password", "enter your password again to sign"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (caller.isSystem()) {
            throw new ConflictException("a signature is a person's: the platform cannot sign");
        }
        try {
            users.confirmPassword(caller.username(), request.password(), "signature");
        } catch (LoginFailedException e) {
            throw new InvalidInputException("password", "wrong password, or the account is locked; nothing was signed, and "
                    + "the failure counts towards the lock-out like a failed sign-in");
        }
        // writes to the study wait while the content is read and the signature stored, so none slips in between
        locks.excludeWriters(studyId);
        CasebookContent content = content(studyId, subjectId, visitId);
        if (content.formRecords() == 0) {
            throw new ConflictException((visitId == null ? "the casebook of subject " + subjectId : "visit " + visitId + " of subject "
                    + subjectId) + " holds no saved form yet; there is nothing to sign");
        }
        String hash = content.sha256();
        long id = jdbc.sql("""
                insert into casebook_signature (study_id, subject_id, site_id, visit_id, meaning, meaning_text, signed_by, signer_name,
                    content_sha256, form_records)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id
                """).params(studyId, subjectId, subject.siteId(), visitId, meaning.word(), meaning.text(), caller.username(),
                caller.displayName(), hash, content.formRecords()).query(Long.class).single();
        audit.record(AuditEvent.of(caller.username(), AuditAction.of("SIGN"), studyId, subject.siteId(), ENTITY, Long.toString(id),
                (visitId == null ? "casebook of " + subjectId : "visit " + visitId + " of " + subjectId) + " signed by "
                        + caller.displayName() + ": \"" + meaning.text() + "\", sha256 " + hash + ", " + content.formRecords()
                        + " form records", null));
        return find(studyId, id, caller);
    }

    /** The subject's signatures, newest first, each checked against the data as they are now. */
    public List<Signature> bySubject(String studyId, String subjectId, Caller caller) {
        catalog.require(studyId);
        subjects.find(studyId, subjectId, caller.scope(studyId, Permission.READ_DATA))
                .orElseThrow(() -> new NotFoundException("no subject \"" + subjectId + "\" in study " + studyId));
        List<Stored> stored = jdbc.sql("select * from casebook_signature where study_id = ? and subject_id = ? order by id desc")
                .params(studyId, subjectId).query(SignatureService::stored).list();
        return checked(studyId, subjectId, stored);
    }

    public Signature find(String studyId, long signatureId, Caller caller) {
        catalog.require(studyId);
        var scope = caller.scope(studyId, Permission.READ_DATA);
        Stored s = jdbc.sql("""
                select * from casebook_signature where study_id = ? and id = ? and (cast(? as text[]) is null or site_id = any(?))
                """).params(studyId, signatureId, scope.sqlSites(), scope.sqlSites()).query(SignatureService::stored).optional()
                .orElseThrow(() -> new NotFoundException("no signature " + signatureId + " in study " + studyId));
        return checked(studyId, s.subjectId(), List.of(s)).get(0);
    }

    /** The canonical text a signature of the casebook (visit null) or of a visit would sign now. */
    public CasebookContent content(String studyId, String subjectId, String visitId) {
        return CasebookContent.of(studyId, subjectId, visitId, records.bySubject(studyId, subjectId, false),
                records.visits(studyId, subjectId));
    }

    @EventListener
    public void onFormRecordSaved(FormRecordSaved saved) {
        var r = saved.record();
        breakSignatures(r.studyId(), r.subjectId(), r.visitId(), saved.actor(), "form record " + r.id() + " (" + r.formId()
                + (r.voided() ? ") voided" : ") changed") + " by " + saved.actor());
    }

    @EventListener
    public void onVisitRecordSaved(VisitRecordSaved saved) {
        breakSignatures(saved.studyId(), saved.subjectId(), saved.visitId(), saved.actor(), "visit " + saved.visitId()
                + " recorded again by " + saved.actor());
    }

    /**
     * Marks broken the unbroken signatures the change touches: the casebook's, and the visit's if the change is at a
     * visit. Skipped without a query when this transaction's lock check already found nothing signed.
     */
    private void breakSignatures(String studyId, String subjectId, String visitId, String actor, String why) {
        if (LockGuard.knownUnsigned(studyId, subjectId)) {
            return;
        }
        List<String[]> broken = jdbc.sql("""
                update casebook_signature set broken_at = now(), broken_by = ?, broken_reason = ?
                where study_id = ? and subject_id = ? and broken_at is null and (visit_id is null or visit_id = ?)
                returning id, site_id
                """).params(actor, why, studyId, subjectId, visitId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
        for (String[] b : broken) {
            audit.record(AuditEvent.of(actor, AuditAction.of("SIGNATURE_BROKEN"), studyId, b[1], ENTITY, b[0],
                    why + "; a new signature is needed", null));
        }
    }

    private List<Signature> checked(String studyId, String subjectId, List<Stored> stored) {
        if (stored.isEmpty()) {
            return List.of();
        }
        var formRecords = records.bySubject(studyId, subjectId, false);
        var visits = records.visits(studyId, subjectId);
        List<Signature> out = new ArrayList<>();
        for (Stored s : stored) {
            boolean broken = s.brokenAt() != null;
            String reason = s.brokenReason();
            if (!broken && !CasebookContent.of(studyId, subjectId, s.visitId(), formRecords, visits).sha256().equals(s.contentSha256())) {
                // changed without passing through the services: the hash says so all the same
                broken = true;
                reason = "the data differ from what was signed";
            }
            out.add(new Signature(s.id(), studyId, subjectId, s.siteId(), s.visitId(), s.meaning(), s.meaningText(), s.signedBy(),
                    s.signerName(), s.signedAt(), s.contentSha256(), s.formRecords(),
                    broken ? Signature.Status.BROKEN : Signature.Status.VALID, s.brokenAt(), s.brokenBy(), reason));
        }
        return out;
    }

    private record Stored(long id, String subjectId, String siteId, String visitId, String meaning, String meaningText, String signedBy,
                          String signerName, Instant signedAt, String contentSha256, int formRecords, Instant brokenAt,
                          String brokenBy, String brokenReason) {
    }

    private static Stored stored(ResultSet rs, int n) throws SQLException {
        return new Stored(rs.getLong("id"), rs.getString("subject_id"), rs.getString("site_id"), rs.getString("visit_id"),
                rs.getString("meaning"), rs.getString("meaning_text"), rs.getString("signed_by"), rs.getString("signer_name"),
                instant(rs, "signed_at"), rs.getString("content_sha256"), rs.getInt("form_records"), instant(rs, "broken_at"),
                rs.getString("broken_by"), rs.getString("broken_reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
