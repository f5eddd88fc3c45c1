package org.harmonia.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The signed-in user's own account: their password (also the page a temporary password leads to) and their API
 * tokens. The same service calls as {@code /api/me/password} and {@code /api/me/tokens}, with the same messages.
 */
@Controller
public class AccountPage {
    public static final String PASSWORD = "/account/password";

    private final AccountService accounts;

    public AccountPage(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/account")
    public String account(Caller caller, Model model) {
        model.addAttribute("tokens", accounts.tokens(caller));
        return "account/account";
    }

    @PostMapping("/account/tokens/{tokenId}/revocation")
    public String revokeToken(Caller caller, @PathVariable long tokenId) {
        accounts.revokeToken(tokenId, caller);
        return "redirect:/account?tokenRevoked";
    }

    @GetMapping(PASSWORD)
    public String passwordForm(Model model) {
        model.addAttribute("errors", Map.of());
        return "account/password";
    }

    @PostMapping(PASSWORD)
    public String changePassword(Caller caller, @RequestParam(required = false) String currentPassword,
                                 @RequestParam(required = false) String newPassword,
                                 @RequestParam(required = false) String repeatPassword, Model model,
                                 HttpServletRequest request, HttpServletResponse response) {
        try {
            // the repetition only guards against a typing slip in a field that hides what is typed; the API has none
            if (newPassword != null && !newPassword.equals(repeatPassword)) {
                model.addAttribute("errors", Map.of());
                model.addAttribute("repeatMismatch", true);
                response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
                return "account/password";
            }
            SignedIn signedIn = accounts.changePassword(caller.username(), currentPassword, newPassword);
            SessionAccountFilter.continueSession(request, response, signedIn);
            return "redirect:/?passwordChanged";
        } catch (InvalidInputException e) {
            model.addAttribute("errors", e.messagesByField());
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return "account/password";
        }
    }
}
