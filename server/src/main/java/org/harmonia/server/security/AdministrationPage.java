package org.harmonia.server.security;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.ForbiddenException;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Site;
import org.harmonia.trial.protocol.SubTrial;
import org.harmonia.server.web.PostedForm;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The administration pages: accounts for administrators (create, disable and enable, reset a password, revoke
 * tokens) and roles in a study for administrators and study administrators. Each action is the service call of
 * the matching {@code /api/admin/…} or {@code /api/studies/{studyId}/roles} endpoint, with its audit and its
 * messages; the services refuse whoever may not, and the refusal is the 403 page.
 */
@Controller
@RequestMapping("/admin")
public class AdministrationPage {
    private final AccountService accounts;
    private final UserService users;
    private final ProtocolCatalog catalog;

    public AdministrationPage(AccountService accounts, UserService users, ProtocolCatalog catalog) {
        this.accounts = accounts;
        this.users = users;
        this.catalog = catalog;
    }

    /** A study whose roles the caller may manage, with its sites for the site roles. */
    public record StudyChoice(String id, String name, List<Site> sites) {
    }

    /** The roles of one study, for a study administrator who does not administer accounts. */
    public record StudyMembers(StudyChoice study, List<StudyMember> members) {
    }

    /** An action on an account that is confirmed on a page of its own, with its reason. */
    public enum AccountAction {
        DISABLE("disable", true), ENABLE("enable", true), PASSWORD_RESET("password-reset", false),
        TOKEN_REVOCATION("token-revocation", true);

        private final String path;
        private final boolean reasonRequired;

        AccountAction(String path, boolean reasonRequired) {
            this.path = path;
            this.reasonRequired = reasonRequired;
        }

        public String path() {
            return path;
        }

        public boolean reasonRequired() {
            return reasonRequired;
        }

        static AccountAction of(String path) {
            return Arrays.stream(values()).filter(a -> a.path.equals(path)).findFirst()
                    .orElseThrow(() -> new NotFoundException("no account action \"" + path + "\""));
        }
    }

    @GetMapping
    public String administration(Caller caller, Model model) {
        return listPage(caller, Map.of(), GrantForm.EMPTY, model);
    }

    @GetMapping("/users/new")
    public String newUser(Caller caller, Model model) {
        requireAdministrator(caller);
        model.addAttribute("form", new NewUserForm("", "", false));
        model.addAttribute("errors", Map.of());
        return "admin/new-user";
    }

    @PostMapping("/users")
    public String createUser(Caller caller, @RequestParam(required = false) String username,
                             @RequestParam(required = false) String displayName, @RequestParam(required = false) String password,
                             @RequestParam(required = false) String administrator, Model model, HttpServletResponse response) {
        NewUserForm form = new NewUserForm(username, displayName, administrator != null);
        try {
            // the administrator chose this password and knows it: the user replaces it at the first sign-in
            Caller created = users.createUser(username, displayName, password, form.administrator(), true, caller);
            return "redirect:/admin/users/" + created.username() + "?created";
        } catch (InvalidInputException e) {
            return newUserAgain(form, e.messagesByField(), model, response);
        } catch (ConflictException e) {
            return newUserAgain(form, Map.of("username", e.getMessage()), model, response);
        }
    }

    @GetMapping("/users/{username}")
    public String user(Caller caller, @PathVariable String username, Model model) {
        return userPage(caller, username, Map.of(), GrantForm.EMPTY, model);
    }

    @PostMapping("/users/{username}/roles")
    public String grantToUser(Caller caller, @PathVariable String username, @RequestParam(required = false) String studyId,
                              @RequestParam(required = false) String role, @RequestParam(required = false) String siteId,
                              Model model, HttpServletResponse response) {
        GrantForm form = new GrantForm(username, studyId, role, siteId);
        Map<String, String> errors = grant(form, caller);
        if (errors.isEmpty()) {
            return "redirect:/admin/users/" + username + "?granted";
        }
        response.setStatus(status(errors));
        return userPage(caller, username, errors, form, model);
    }

    @PostMapping("/roles")
    public String grantInStudy(Caller caller, @RequestParam(required = false) String username,
                               @RequestParam(required = false) String studyId, @RequestParam(required = false) String role,
                               @RequestParam(required = false) String siteId, Model model, HttpServletResponse response) {
        GrantForm form = new GrantForm(username, studyId, role, siteId);
        Map<String, String> errors = grant(form, caller);
        if (errors.isEmpty()) {
            return "redirect:/admin?granted";
        }
        response.setStatus(status(errors));
        return listPage(caller, errors, form, model);
    }

    @GetMapping("/studies/{studyId}/roles/{assignmentId}/revocation")
    public String confirmRevocation(Caller caller, @PathVariable String studyId, @PathVariable long assignmentId, Model model) {
        return revocationPage(caller, studyId, assignmentId, "", Map.of(), model);
    }

    @PostMapping("/studies/{studyId}/roles/{assignmentId}/revocation")
    public String revoke(Caller caller, @PathVariable String studyId, @PathVariable long assignmentId,
                         @RequestParam(required = false) String reason, Model model, HttpServletResponse response) {
        StudyMember member = member(caller, studyId, assignmentId);
        try {
            users.revoke(studyId, assignmentId, reason, caller);
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return revocationPage(caller, studyId, assignmentId, reason, e.messagesByField(), model);
        }
        return caller.administrator() ? "redirect:/admin/users/" + member.username() + "?revoked" : "redirect:/admin?revoked";
    }

    @GetMapping("/users/{username}/{action}")
    public String confirm(Caller caller, @PathVariable String username, @PathVariable String action, Model model) {
        return confirmPage(caller, username, AccountAction.of(action), "", Map.of(), model);
    }

    @PostMapping("/users/{username}/{action}")
    public String act(Caller caller, @PathVariable String username, @PathVariable String action,
                      @RequestParam(required = false) String reason, Model model, HttpServletResponse response) {
        AccountAction a = AccountAction.of(action);
        try {
            switch (a) {
                case DISABLE -> accounts.disable(username, reason, caller);
                case ENABLE -> accounts.enable(username, reason, caller);
                case TOKEN_REVOCATION -> model.addAttribute("revokedTokens", accounts.revokeAllTokens(username, reason, caller));
                case PASSWORD_RESET -> {
                    // shown in this answer only, to the administrator who asked: never in an address, a log or the audit trail
                    model.addAttribute("temporary", accounts.resetPassword(username, reason, caller));
                    return "admin/temporary-password";
                }
            }
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return confirmPage(caller, username, a, reason, e.messagesByField(), model);
        } catch (ConflictException e) {
            // already disabled, not disabled, or the administrator's own account: said on the page that asked
            response.setStatus(HttpStatus.CONFLICT.value());
            return confirmPage(caller, username, a, reason, Map.of("action", e.getMessage()), model);
        }
        return "redirect:/admin/users/" + username + "?" + a.path()
                + (model.getAttribute("revokedTokens") instanceof Integer n ? "=" + n : "");
    }

    /** What the caller typed into the form that grants a role, kept to show it again with its errors. */
    public record GrantForm(String username, String studyId, String role, String siteId) {
        static final GrantForm EMPTY = new GrantForm("", "", "", "");
    }

    /** What the administrator typed into the new-user form, without the password, which is never sent back. */
    public record NewUserForm(String username, String displayName, boolean administrator) {
    }

    private Map<String, String> grant(GrantForm form, Caller caller) {
        try {
            Role role = form.role() == null || form.role().isBlank() ? null : Role.valueOf(form.role());
            users.assign(form.username(), form.studyId(), role, PostedForm.orNull(form.siteId()), caller);
            return Map.of();
        } catch (IllegalArgumentException notARole) {
            return Map.of("role", "is not a role: \"" + form.role() + "\"");
        } catch (InvalidInputException e) {
            return e.messagesByField();
        } catch (ConflictException e) {
            return Map.of("grant", e.getMessage());
        }
    }

    private static int status(Map<String, String> errors) {
        return errors.containsKey("grant") ? HttpStatus.CONFLICT.value() : HttpStatus.UNPROCESSABLE_CONTENT.value();
    }

    private String listPage(Caller caller, Map<String, String> errors, GrantForm form, Model model) {
        List<StudyChoice> studies = studies(caller);
        if (caller.administrator()) {
            model.addAttribute("accounts", accounts.accounts(caller));
        } else {
            List<StudyMembers> members = new ArrayList<>();
            for (StudyChoice s : studies) {
                members.add(new StudyMembers(s, users.members(s.id(), caller)));
            }
            model.addAttribute("studyMembers", members);
        }
        model.addAttribute("studies", studies);
        model.addAttribute("studyNames", studyNames());
        model.addAttribute("roles", Role.values());
        model.addAttribute("grant", form);
        model.addAttribute("errors", errors);
        return "admin/users";
    }

    private String userPage(Caller caller, String username, Map<String, String> errors, GrantForm form, Model model) {
        model.addAttribute("account", account(caller, username));
        model.addAttribute("studyNames", studyNames());
        model.addAttribute("studies", studies(caller));
        model.addAttribute("roles", Role.values());
        model.addAttribute("grant", form);
        model.addAttribute("errors", errors);
        return "admin/user";
    }

    private String confirmPage(Caller caller, String username, AccountAction action, String reason, Map<String, String> errors,
                               Model model) {
        model.addAttribute("account", account(caller, username));
        model.addAttribute("action", action);
        model.addAttribute("reason", reason);
        model.addAttribute("errors", errors);
        return "admin/confirm";
    }

    private String revocationPage(Caller caller, String studyId, long assignmentId, String reason, Map<String, String> errors,
                                  Model model) {
        model.addAttribute("member", member(caller, studyId, assignmentId));
        model.addAttribute("studyName", catalog.protocol(studyId).map(AdministrationPage::name).orElse(studyId));
        model.addAttribute("studyId", studyId);
        model.addAttribute("reason", reason);
        model.addAttribute("errors", errors);
        return "admin/revoke-role";
    }

    private String newUserAgain(NewUserForm form, Map<String, String> errors, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "admin/new-user";
    }

    /** One account as the list of users has it; the list itself is refused to all but administrators. */
    private AccountSummary account(Caller caller, String username) {
        return accounts.accounts(caller).stream().filter(a -> a.username().equals(username)).findFirst()
                .orElseThrow(() -> new NotFoundException("no user \"" + username + "\""));
    }

    /** A live role assignment of the study, as the study's list of roles has it. */
    private StudyMember member(Caller caller, String studyId, long assignmentId) {
        return users.members(studyId, caller).stream().filter(m -> m.assignmentId() == assignmentId).findFirst()
                .orElseThrow(() -> new NotFoundException("no live role assignment " + assignmentId + " in study " + studyId));
    }

    /** The studies whose roles the caller may manage; none at all is the 403 page, as the API refuses them all. */
    private List<StudyChoice> studies(Caller caller) {
        List<StudyChoice> out = new ArrayList<>();
        for (Protocol p : catalog.protocols()) {
            if (caller.administrator() || caller.has(p.id(), Permission.MANAGE_USERS)) {
                List<Site> sites = new ArrayList<>();
                for (SubTrial st : p.subTrials()) {
                    sites.addAll(st.sites());
                }
                out.add(new StudyChoice(p.id(), name(p), sites));
            }
        }
        if (out.isEmpty() && !caller.administrator()) {
            throw new ForbiddenException(caller.username() + " may not manage users: administrators and study administrators only");
        }
        return out;
    }

    private Map<String, String> studyNames() {
        Map<String, String> names = new LinkedHashMap<>();
        catalog.protocols().forEach(p -> names.put(p.id(), name(p)));
        return names;
    }

    private static void requireAdministrator(Caller caller) {
        if (!caller.administrator()) {
            throw new ForbiddenException(caller.username() + " may not create users: administrators only");
        }
    }

    private static String name(Protocol p) {
        return p.acronym() == null ? p.id() : p.acronym();
    }
}
