package org.harmonia.server.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.harmonia.server.cli.UsageException;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;

/** The levels (distinct values) of a grouping column, in the order R's {@code table()} and {@code factor()} give them. */
final class Levels {
    private Levels() {
    }

    /** Distinct non-missing values, numerically sorted when all are numbers, else alphabetically. */
    static List<String> sortedDistinct(String[] cells) {
        Set<String> seen = new LinkedHashSet<>();
        for (String c : cells) {
            if (!DataTable.isMissing(c)) {
                seen.add(c);
            }
        }
        List<String> out = new ArrayList<>(seen);
        boolean numeric = out.stream().allMatch(Levels::isNumber);
        out.sort(numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder());
        return out;
    }

    /**
     * The levels to use: those given on the command line (each must occur in the column) or all of them in
     * sorted order.
     */
    static List<String> choose(DataTable table, String column, String given, String option) {
        List<String> present = sortedDistinct(table.cells(column));
        if (given == null) {
            return present;
        }
        List<String> chosen = Arrays.stream(given.split(",")).map(String::strip).toList();
        if (chosen.stream().anyMatch(String::isEmpty) || new LinkedHashSet<>(chosen).size() != chosen.size()) {
            throw new UsageException(option + " \"" + given + "\" must list distinct, non-empty values separated by commas");
        }
        for (String level : chosen) {
            if (!present.contains(level)) {
                throw new InvalidDataException("value \"" + level + "\" given in " + option + " does not occur in column \""
                        + column + "\" of " + table.source() + "; its values are: " + String.join(", ", present));
            }
        }
        return chosen;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
