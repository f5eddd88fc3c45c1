package org.harmonia.server.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import org.harmonia.server.system.InvalidInputException;

/**
 * What an audit row records: the data actions {@link #INSERT}, {@link #UPDATE} and {@link #VOID}, or another
 * event of the trial (LOGIN, UNBLIND, LOCK...), named in capitals.
 */
public record AuditAction(@JsonValue String name) {
    public static final AuditAction INSERT = new AuditAction("INSERT");
    public static final AuditAction UPDATE = new AuditAction("UPDATE");
    public static final AuditAction VOID = new AuditAction("VOID");

    public AuditAction {
        if (name == null || !name.matches("[A-Z][A-Z_]{0,39}")) {
            throw new InvalidInputException("action",
                    "an action is a word in capitals such as INSERT, UPDATE, VOID or LOGIN, not \"" + name + "\"");
        }
    }

    public static AuditAction of(String name) {
        return new AuditAction(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
