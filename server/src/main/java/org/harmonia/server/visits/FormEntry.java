package org.harmonia.server.visits;

import java.util.List;
import java.util.Map;
import org.harmonia.server.system.Text;

/**
 * Values entered on a form. A first save carries no version and gives the values entered. A correction carries
 * the version read and a reason, and changes exactly what it names: the values given replace the stored ones,
 * the fields listed in {@code clear} are emptied, every other field keeps its value. A null or empty value is
 * refused (emptying a field is said with {@code clear}); the result is validated as a whole.
 */
public record FormEntry(Map<String, Object> values, List<String> clear, Integer version, String reason) {
    public FormEntry {
        Text.multiLine("reason", reason);
        clear = clear == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(clear));
    }

    /** Values with nothing to clear: a first save, or a correction that only sets values. */
    public FormEntry(Map<String, Object> values, Integer version, String reason) {
        this(values, List.of(), version, reason);
    }
}
