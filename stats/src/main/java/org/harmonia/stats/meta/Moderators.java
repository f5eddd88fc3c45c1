package org.harmonia.stats.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.harmonia.stats.InvalidDataException;

/**
 * Builds the model matrix of a meta-regression from moderator columns as R's {@code model.matrix} does: a
 * numeric column enters as it is; a text column is a factor with its levels in alphabetical order, the first
 * the reference, and one indicator column per other level named column + level (e.g. {@code allocrandom}).
 */
public final class Moderators {

    private Moderators() {
    }

    public static DesignMatrix design(List<Study> studies, List<String> mods) {
        int k = studies.size();
        DesignMatrix x = DesignMatrix.interceptOnly(k);
        for (String mod : mods) {
            String[] cells = new String[k];
            for (int i = 0; i < k; i++) {
                cells[i] = studies.get(i).covariates().get(mod);
                if (cells[i] == null) {
                    throw new IllegalArgumentException("moderator " + mod + " was not read with the studies");
                }
            }
            double[] numbers = parseAll(cells);
            if (numbers != null) {
                x = x.withColumn(mod, numbers);
                continue;
            }
            List<String> levels = levels(cells);
            if (levels.size() < 2) {
                throw new InvalidDataException("moderator \"" + mod + "\" has the single level \"" + levels.get(0)
                        + "\" in the studies analysed; a categorical moderator needs at least 2");
            }
            for (String level : levels.subList(1, levels.size())) {
                double[] indicator = new double[k];
                for (int i = 0; i < k; i++) {
                    indicator[i] = cells[i].equals(level) ? 1 : 0;
                }
                x = x.withColumn(mod + level, indicator);
            }
        }
        return x;
    }

    /** The distinct values of a column in alphabetical order. */
    static List<String> levels(String[] cells) {
        return new ArrayList<>(new TreeSet<>(List.of(cells)));
    }

    private static double[] parseAll(String[] cells) {
        double[] out = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
            try {
                out[i] = Double.parseDouble(cells[i]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(out[i])) {
                return null;
            }
        }
        return out;
    }
}
