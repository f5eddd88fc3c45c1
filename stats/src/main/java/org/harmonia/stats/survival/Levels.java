package org.harmonia.stats.survival;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.harmonia.stats.data.DataTable;

/**
 * The levels of a column used as a factor, ordered as R orders them: numbers numerically, text by character code
 * (R's {@code sort} in the C locale), each labelled as R prints it.
 */
record Levels(List<String> labels, String[] labelOfRow) {

    Levels {
        labels = List.copyOf(labels);
        labelOfRow = labelOfRow.clone();
    }

    /** Levels of {@code column} over the given rows of {@code table}; every one of those rows must have a value. */
    static Levels of(DataTable table, String column, int[] rows) {
        String[] cells = table.cells(column);
        String[] label = new String[rows.length];
        if (table.isNumeric(column)) {
            double[] values = table.numeric(column);
            TreeMap<Double, String> sorted = new TreeMap<>();
            for (int i = 0; i < rows.length; i++) {
                double v = values[rows[i]];
                label[i] = RValues.format(v);
                sorted.put(v, label[i]);
            }
            return new Levels(new ArrayList<>(sorted.values()), label);
        }
        TreeMap<String, String> sorted = new TreeMap<>(Comparator.naturalOrder());
        for (int i = 0; i < rows.length; i++) {
            label[i] = cells[rows[i]];
            sorted.put(label[i], label[i]);
        }
        return new Levels(new ArrayList<>(sorted.values()), label);
    }

    /** Levels of labels given directly, sorted as R would sort the text. */
    static Levels ofLabels(String[] labelOfRow) {
        return new Levels(new ArrayList<>(new java.util.TreeSet<>(List.of(labelOfRow))), labelOfRow);
    }

    int index(String label) {
        return labels.indexOf(label);
    }
}
