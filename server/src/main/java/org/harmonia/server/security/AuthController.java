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

    /** A token request: the user's credentials and a name for the token. */
    public record TokenRequest(String username, String password, String name) {
    }

    /** The new token, shown once. */
    public record TokenResponse(String token, String username) {
    }

    @ResponseStatus(HttpStatus.CREATED)
    @SecurityRequirements
    @ErrorResponses(add = 401, omit = 409) // checks the credentials it is sent; changes nothing that can clash
    @PostMapping("/api/auth/token")
    public ResponseEntity<TokenResponse> token(@RequestBody(required = false) TokenRequest request) {
        if (request == null || request.username() == null || request.password() == null) {
            throw new InvalidInputException(List.of(new FieldError("username", "username and password are required")));
        }
        String token = users.issueToken(request.username(), request.password(), request.name());
        return ResponseEntity.status(HttpStatus.CREATED).body(new TokenResponse(token, request.username()));
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
