package org.harmonia.server.security;

import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import java.util.List;
import org.harmonia.server.system.ErrorResponses;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Personal API tokens for scripts ({@code POST /api/auth/token}) and who the caller is ({@code GET /api/me}). */
@RestController
public class AuthController {
    private final UserService users;

    public AuthController(UserService users) {
        this.users = users;
    }

    /** A token request: the user's credentials, a name for the token and, optionally, how many days it should live. */
    public record TokenRequest(String username, String password, String name, Integer days) {
    }

    /** The new token, shown once, and when it expires. */
    public record TokenResponse(String token, String username, java.time.Instant expiresAt) {
    }

    @ResponseStatus(HttpStatus.CREATED)
    @SecurityRequirements
    // checks the credentials it is sent (401); a temporary password must be changed first (403); nothing can clash
    @ErrorResponses(add = {401, 403}, omit = 409)
    @PostMapping("/api/auth/token")
    public ResponseEntity<TokenResponse> token(@RequestBody(required = false) TokenRequest request) {
        if (request == null || request.username() == null || request.password() == null) {
            throw new InvalidInputException(List.of(new FieldError("username", "username and password are required")));
        }
        UserService.IssuedToken token = users.issueToken(request.username(), request.password(), request.name(), request.days());
        return ResponseEntity.status(HttpStatus.CREATED).body(new TokenResponse(token.token(), request.username(), token.expiresAt()));
    }

    @ErrorResponses(omit = 403) // every signed-in user may ask who they are
    @GetMapping("/api/me")
    public Caller me(Caller caller) {
        return caller;
    }

    @ExceptionHandler(LoginFailedException.class)
    ProblemDetail loginFailed(LoginFailedException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
        p.setType(java.net.URI.create("https://harmonia.org/problems/unauthorized"));
        return p;
    }
}
