package org.harmonia.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accounts after their creation: the user's own tokens and password ({@code /api/me/…}), and for administrators
 * the list of users, disabling and enabling, password resets and revoking a user's tokens.
 */
@RestController
public class AccountController {
    private final AccountService accounts;

    public AccountController(AccountService accounts) {
        this.accounts = accounts;
    }

    /** Why an administrator acts on an account. */
    public record Reason(String reason) {
    }

    /**
     * A password change. A signed-in caller changes their own ({@code username} may be left out); without a sign-in,
     * for instance with a temporary password that gets no token, {@code username} names the account.
     */
    public record PasswordChange(String username, String currentPassword, String newPassword) {
    }

    /** How many tokens were revoked. */
    public record TokensRevoked(String username, int revoked) {
    }

    @GetMapping("/api/me/tokens")
    public List<ApiToken> tokens(Caller caller) {
        return accounts.tokens(caller);
    }

    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.NO_CONTENT)
    @PostMapping("/api/me/tokens/{tokenId}/revocation")
    public ResponseEntity<Void> revokeToken(@PathVariable long tokenId, Caller caller) {
        accounts.revokeToken(tokenId, caller);
        return ResponseEntity.noContent().build();
    }

    @io.swagger.v3.oas.annotations.security.SecurityRequirements
    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.NO_CONTENT)
    @PostMapping("/api/me/password")
    public ResponseEntity<Void> changePassword(@RequestBody(required = false) PasswordChange change,
                                               @io.swagger.v3.oas.annotations.Parameter(hidden = true) Optional<Caller> caller,
                                               HttpServletRequest request, HttpServletResponse response) {
        if (change == null) {
            throw new InvalidInputException("currentPassword", "currentPassword and newPassword are required");
        }
        String username = caller.map(Caller::username).orElse(change.username());
        if (username == null || username.isBlank()) {
            throw new InvalidInputException("username", "is required without a sign-in");
        }
        if (caller.isPresent() && change.username() != null && !change.username().equals(username)) {
            throw new InvalidInputException("username", "a signed-in user changes only their own password");
        }
        SignedIn signedIn = accounts.changePassword(username, change.currentPassword(), change.newPassword());
        SessionAccountFilter.continueSession(request, response, signedIn);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/admin/users")
    public List<AccountSummary> users(Caller caller) {
        return accounts.accounts(caller);
    }

    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.NO_CONTENT)
    @PostMapping("/api/admin/users/{username}/disable")
    public ResponseEntity<Void> disable(@PathVariable String username, @RequestBody(required = false) Reason r, Caller caller) {
        accounts.disable(username, r == null ? null : r.reason(), caller);
        return ResponseEntity.noContent().build();
    }

    @org.springframework.web.bind.annotation.ResponseStatus(org.springframework.http.HttpStatus.NO_CONTENT)
    @PostMapping("/api/admin/users/{username}/enable")
    public ResponseEntity<Void> enable(@PathVariable String username, @RequestBody(required = false) Reason r, Caller caller) {
        accounts.enable(username, r == null ? null : r.reason(), caller);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/admin/users/{username}/password-reset")
    public AccountService.TemporaryPassword resetPassword(@PathVariable String username, @RequestBody(required = false) Reason r,
                                                         Caller caller) {
        return accounts.resetPassword(username, r == null ? null : r.reason(), caller);
    }

    @PostMapping("/api/admin/users/{username}/tokens/revocation")
    public TokensRevoked revokeTokens(@PathVariable String username, @RequestBody(required = false) Reason r, Caller caller) {
        return new TokensRevoked(username, accounts.revokeAllTokens(username, r == null ? null : r.reason(), caller));
    }
}
