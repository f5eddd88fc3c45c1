package org.harmonia.server.subjects;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Completed or corrected screening data for a subject still in screening, with the version read and a reason
 * for changes. It changes exactly what it names: values given in {@code data} replace the stored ones, the
 * fields listed in {@code clear} (screening fields, or {@code plannedRandomisationDate}) are emptied, and
 * everything else keeps its value; {@code plannedRandomisationDate} left out stays as it is. A null or empty
 * value is refused (emptying is said with {@code clear}). The merged data are checked as a whole.
 *
 * <p>{@code plannedRandomisationDate} is an Optional only to tell a JSON null (refused) from a field left out
 * (null here).
 */
public record ScreeningUpdate(Optional<LocalDate> plannedRandomisationDate, Map<String, Object> data, List<String> clear,
                              Integer version, String reason) {
    /** The field name that clears the planned randomisation date. */
    public static final String PLANNED_RANDOMISATION_DATE = "plannedRandomisationDate";

    public ScreeningUpdate {
        clear = clear == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(clear));
    }
}
