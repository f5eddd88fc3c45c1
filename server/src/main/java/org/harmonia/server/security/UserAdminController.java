package org.harmonia.server.security;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** User administration: accounts (administrators) and roles in a study (study administrators). */
@RestController
public class UserAdminController {
    private final UserService users;

    public UserAdminController(UserService users) {
        this.users = users;
    }

    /** A new account; {@code administrator} left out means an ordinary account. */
    public record NewUser(String username, String displayName, String password, Boolean administrator) {
    }

    /** A role to give in a study; site roles name their site. */
    public record NewRole(String username, Role role, String siteId) {
    }

    /** Revoking a role, with the reason. */
    public record Revocation(String reason) {
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/api/admin/users")
    public ResponseEntity<Caller> create(@RequestBody NewUser u, Caller caller) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(users.createUser(u.username(), u.displayName(), u.password(), Boolean.TRUE.equals(u.administrator()), caller));
    }

    @GetMapping("/api/studies/{studyId}/roles")
    public List<StudyMember> members(@PathVariable String studyId, Caller caller) {
        return users.members(studyId, caller);
    }

    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/api/studies/{studyId}/roles")
    public ResponseEntity<RoleGrant> assign(@PathVariable String studyId, @RequestBody NewRole r, Caller caller) {
        return ResponseEntity.status(HttpStatus.CREATED).body(users.assign(r.username(), studyId, r.role(), r.siteId(), caller));
    }

    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PostMapping("/api/studies/{studyId}/roles/{assignmentId}/revocation")
    public ResponseEntity<Void> revoke(@PathVariable String studyId, @PathVariable long assignmentId,
                                       @RequestBody(required = false) Revocation r, Caller caller) {
        users.revoke(studyId, assignmentId, r == null ? null : r.reason(), caller);
        return ResponseEntity.noContent().build();
    }
}
