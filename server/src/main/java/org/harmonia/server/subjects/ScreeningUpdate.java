package org.harmonia.server.subjects;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.Text;
import tools.jackson.databind.JsonNode;

/**
 * Completed or corrected screening data for a subject still in screening, with the version read and a reason
 * for changes. It changes exactly what it names: values given in {@code data} replace the stored ones, the
 * fields listed in {@code clear} (screening fields, or {@code plannedRandomisationDate}) are emptied, and
 * everything else keeps its value; {@code plannedRandomisationDate} left out stays as it is. A null or empty
 * value is refused (emptying is said with {@code clear}). The merged data are checked as a whole.
 *
 * <p>{@code plannedRandomisationDate} is read as JSON only to tell a JSON null (a null node, refused) from a field
 * left out (null here); {@link #plannedDate()} reads it.
 */
public record ScreeningUpdate(JsonNode plannedRandomisationDate, Map<String, Object> data, List<String> clear,
                              Integer version, String reason) {
    /** The field name that clears the planned randomisation date. */
    public static final String PLANNED_RANDOMISATION_DATE = "plannedRandomisationDate";

    public ScreeningUpdate {
        Text.multiLine("reason", reason);
        clear = clear == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(clear));
    }

    /** The planned randomisation date given, or null if left out; a null or a text that is not a date is refused. */
    public LocalDate plannedDate() {
        if (plannedRandomisationDate == null) {
            return null;
        }
        if (plannedRandomisationDate.isNull()) {
            throw new InvalidInputException(PLANNED_RANDOMISATION_DATE,
                    "null is not a date; to remove the date, list plannedRandomisationDate in clear");
        }
        try {
            return LocalDate.parse(plannedRandomisationDate.isString() ? plannedRandomisationDate.asString() : "?");
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(PLANNED_RANDOMISATION_DATE, "expected a date (yyyy-mm-dd), not " + plannedRandomisationDate);
        }
    }
}
