package org.harmonia.stats.meta;

import java.util.ArrayList;
import java.util.List;
import org.harmonia.stats.InvalidDataException;

/**
 * Which columns of a table hold the metafor arguments: {@code ai bi ci di} or {@code ai n1i ci n2i} for counts,
 * {@code yi vi} for given effect sizes, and optionally the study label. Unused arguments are {@code null}.
 */
public record MetaColumns(String ai, String bi, String ci, String di, String n1i, String n2i, String yi, String vi,
        String study) {

    /** Columns for counts as events and non-events per group. */
    public static MetaColumns ofTables(String ai, String bi, String ci, String di) {
        return new MetaColumns(ai, bi, ci, di, null, null, null, null, null);
    }

    /** Columns for counts as events and group sizes. */
    public static MetaColumns ofEventsAndTotals(String ai, String n1i, String ci, String n2i) {
        return new MetaColumns(ai, null, ci, null, n1i, n2i, null, null, null);
    }

    /** Columns for effect sizes and their sampling variances. */
    public static MetaColumns ofEffects(String yi, String vi) {
        return new MetaColumns(null, null, null, null, null, null, yi, vi, null);
    }

    /** The same columns with the study labels read from {@code column}. */
    public MetaColumns withStudy(String column) {
        return new MetaColumns(ai, bi, ci, di, n1i, n2i, yi, vi, column);
    }

    /** True when the counts are given as events and group sizes. */
    public boolean usesTotals() {
        return n1i != null || n2i != null;
    }

    /** The data columns an analysis on {@code measure} needs; a missing argument is an error naming it. */
    public List<String> required(EffectMeasure measure) {
        List<String> out = new ArrayList<>();
        if (measure.fromCounts()) {
            if (yi != null || vi != null) {
                throw new InvalidDataException("yi and vi are given effect sizes: use them with measure GEN, not "
                        + measure);
            }
            need(out, "ai", ai);
            need(out, "ci", ci);
            if (usesTotals()) {
                if (bi != null || di != null) {
                    throw new InvalidDataException(
                            "give the counts either as ai bi ci di or as ai n1i ci n2i, not both");
                }
                need(out, "n1i", n1i);
                need(out, "n2i", n2i);
            } else {
                need(out, "bi", bi);
                need(out, "di", di);
            }
        } else {
            if (ai != null || bi != null || ci != null || di != null || n1i != null || n2i != null) {
                throw new InvalidDataException(
                        "measure GEN takes effect sizes yi and vi; for counts use measure RR, OR or RD");
            }
            need(out, "yi", yi);
            need(out, "vi", vi);
        }
        return out;
    }

    private static void need(List<String> out, String argument, String column) {
        if (column == null || column.isBlank()) {
            throw new InvalidDataException("argument " + argument + " is missing: name the column that holds it");
        }
        out.add(column);
    }
}
