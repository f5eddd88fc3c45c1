package org.harmonia.server.web;

import java.util.Optional;
import org.harmonia.server.audit.AuditAction;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.security.Caller;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The language a user chose for the pages, kept with the account so it follows them to any browser. */
@Service
public class AccountLanguage {
    private final JdbcClient jdbc;
    private final AuditTrail audit;

    public AccountLanguage(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** The chosen language; empty until the user picks one (the browser's language is used meanwhile). */
    public Optional<Language> of(Caller caller) {
        return jdbc.sql("select language from app_user where id = ?").param(caller.userId())
                .query(String.class).optional().flatMap(Language::ofCode);
    }

    @Transactional
    public Language choose(Caller caller, String code) {
        Language language = Language.ofCode(code).orElseThrow(() -> new InvalidInputException("language",
                "is not one of the languages of the pages (en, it, es, fr, de, sv, da)"));
        String before = jdbc.sql("select language from app_user where id = ? for update").param(caller.userId())
                .query(String.class).optional().orElse(null);
        if (!language.code().equals(before)) {
            jdbc.sql("update app_user set language = ? where id = ?").params(language.code(), caller.userId()).update();
            audit.record(new AuditEvent(caller.username(), AuditAction.of("LANGUAGE_CHOSEN"), null, null, "user",
                    caller.username(), "language", before, language.code(), null));
        }
        return language;
    }
}
