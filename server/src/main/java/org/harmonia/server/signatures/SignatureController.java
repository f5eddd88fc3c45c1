package org.harmonia.server.signatures;

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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Electronic signatures: {@code /api/studies/{studyId}/subjects/{subjectId}/signatures} and one by id. */
@RestController
@RequestMapping("/api/studies/{studyId}")
public class SignatureController {
    private final SignatureService signatures;

    public SignatureController(SignatureService signatures) {
        this.signatures = signatures;
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/subjects/{subjectId}/signatures")
    public ResponseEntity<Signature> sign(Caller caller, @PathVariable String studyId, @PathVariable String subjectId,
                                          @RequestBody(required = false) SignatureRequest request) {
        Signature s = signatures.sign(studyId, subjectId, request, caller);
        return ResponseEntity.created(URI.create("/api/studies/" + studyId + "/signatures/" + s.id())).body(s);
    }

    @GetMapping("/subjects/{subjectId}/signatures")
    public List<Signature> bySubject(Caller caller, @PathVariable String studyId, @PathVariable String subjectId) {
        return signatures.bySubject(studyId, subjectId, caller);
    }

    @GetMapping("/signatures/{signatureId}")
    public Signature get(Caller caller, @PathVariable String studyId, @PathVariable long signatureId) {
        return signatures.find(studyId, signatureId, caller);
    }
}
