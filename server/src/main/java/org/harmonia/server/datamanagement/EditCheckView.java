package org.harmonia.server.datamanagement;

import java.util.LinkedHashMap;
import java.util.Map;
import org.harmonia.trial.protocol.EditCheck;

/** An edit check as the API shows it: what it says, the values it reads, its rule and the value its query goes on. */
public record EditCheckView(String id, String text, Map<String, EditCheck.CheckedValue> values, String rule, String queryOn) {
    static EditCheckView of(EditCheck c) {
        return new EditCheckView(c.id(), c.text(), new LinkedHashMap<>(c.values()), c.rule().text(), c.queryOn());
    }
}
