package org.harmonia.stats.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;

/**
 * Right-censored survival times with their event indicators and, optionally, a group per subject: the input of
 * Kaplan–Meier, the log-rank test and the landmark analysis.
 *
 * <p>Status is 1 for an event and 0 for censoring. As R's {@code Surv} does, a status column whose largest value is 2
 * is read as 1 = censored, 2 = event (the coding of {@code survival::lung}). Rows with a missing time, status or group
 * are dropped and counted, as {@code na.omit} does.
 */
public final class SurvivalData {
    private final double[] time;
    private final int[] status;
    private final String[] group;
    private final List<String> groups;
    private final int[] rows;
    private final int droppedMissing;

    private SurvivalData(double[] time, int[] status, String[] group, List<String> groups, int[] rows,
            int droppedMissing) {
        this.time = time;
        this.status = status;
        this.group = group;
        this.groups = List.copyOf(groups);
        this.rows = rows;
        this.droppedMissing = droppedMissing;
    }

    /**
     * Survival data from arrays; {@code group} may be null for a single sample. Missing values (NaN time or status,
     * null group) drop the row; a negative time or a status other than 0/1 (or 1/2) is an error naming the row.
     */
    public static SurvivalData of(double[] time, double[] status, String[] group) {
        if (time.length != status.length || (group != null && group.length != time.length)) {
            throw new InvalidDataException("time, status and group must have the same length");
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < time.length; i++) {
            if (!Double.isNaN(time[i]) && !Double.isNaN(status[i]) && (group == null || group[i] != null)) {
                keep.add(i);
            }
        }
        int[] rows = keep.stream().mapToInt(Integer::intValue).toArray();
        String[] labels = null;
        List<String> levels = List.of();
        if (group != null) {
            labels = new String[rows.length];
            for (int i = 0; i < rows.length; i++) {
                labels[i] = group[rows[i]];
            }
            Levels l = Levels.ofLabels(labels);
            levels = l.labels();
        }
        return build("time", "status", "data", time, status, rows, labels, levels, time.length - rows.length);
    }

    /**
     * Survival data from columns of a table. Rows missing a value in {@code timeColumn}, {@code statusColumn},
     * {@code groupColumn} (may be null) or any of {@code alsoRequired} are dropped and counted.
     */
    public static SurvivalData fromTable(DataTable table, String timeColumn, String statusColumn, String groupColumn,
            List<String> alsoRequired) {
        double[] time = table.numeric(timeColumn);
        double[] status = table.numeric(statusColumn);
        String[] groupCells = groupColumn == null ? null : table.cells(groupColumn);
        List<String[]> required = new ArrayList<>();
        for (String column : alsoRequired) {
            required.add(table.cells(column));
        }
        List<Integer> keep = new ArrayList<>();
        rows:
        for (int i = 0; i < table.rows(); i++) {
            if (Double.isNaN(time[i]) || Double.isNaN(status[i])
                    || (groupCells != null && DataTable.isMissing(groupCells[i]))) {
                continue;
            }
            for (String[] cells : required) {
                if (DataTable.isMissing(cells[i])) {
                    continue rows;
                }
            }
            keep.add(i);
        }
        int[] rows = keep.stream().mapToInt(Integer::intValue).toArray();
        String[] labels = null;
        List<String> levels = List.of();
        if (groupColumn != null) {
            Levels l = Levels.of(table, groupColumn, rows);
            labels = l.labelOfRow();
            levels = l.labels();
        }
        return build(timeColumn, statusColumn, table.source(), time, status, rows, labels, levels,
                table.rows() - rows.length);
    }

    private static SurvivalData build(String timeName, String statusName, String source, double[] time,
            double[] status, int[] rows, String[] labels, List<String> levels, int dropped) {
        if (rows.length == 0) {
            throw new InvalidDataException("no rows of " + source + " have a time, a status"
                    + (labels == null ? "" : " and a group") + " (" + dropped + " rows with missing values)");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int r : rows) {
            max = Math.max(max, status[r]);
        }
        // R's Surv: a status whose largest value is 2 is coded 1 = censored, 2 = event
        double shift = max == 2 ? 1 : 0;
        double[] t = new double[rows.length];
        int[] s = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            if (Double.isInfinite(time[r])) {
                throw new InvalidDataException("column \"" + timeName + "\" of " + source + " row " + (r + 1)
                        + ": time " + time[r] + " is not finite");
            }
            if (time[r] < 0) {
                throw new InvalidDataException("column \"" + timeName + "\" of " + source + " row " + (r + 1)
                        + ": time " + RValues.format(time[r]) + " is negative");
            }
            double code = status[r] - shift;
            if (code != 0 && code != 1) {
                throw new InvalidDataException("column \"" + statusName + "\" of " + source + " row " + (r + 1)
                        + ": status " + RValues.format(status[r]) + " is not valid; use 0 = censored, 1 = event"
                        + " (or 1 = censored, 2 = event, as R's Surv accepts)");
            }
            t[i] = time[r];
            s[i] = (int) code;
        }
        return new SurvivalData(t, s, labels, levels, rows, dropped);
    }

    /** The same subjects with other times and statuses, keeping group, original rows and the missing count. */
    SurvivalData withTimes(double[] newTime) {
        return new SurvivalData(newTime.clone(), status, group, groups, rows, droppedMissing);
    }

    /** The subjects at the given positions (in this data), as a new data set; the group levels are recomputed. */
    SurvivalData subset(int[] positions) {
        double[] t = new double[positions.length];
        int[] s = new int[positions.length];
        int[] r = new int[positions.length];
        String[] g = group == null ? null : new String[positions.length];
        for (int i = 0; i < positions.length; i++) {
            t[i] = time[positions[i]];
            s[i] = status[positions[i]];
            r[i] = rows[positions[i]];
            if (g != null) {
                g[i] = group[positions[i]];
            }
        }
        List<String> levels = g == null ? List.of()
                : groups.stream().filter(l -> Arrays.asList(g).contains(l)).toList();
        return new SurvivalData(t, s, g, levels, r, droppedMissing);
    }

    public int size() {
        return time.length;
    }

    public double time(int i) {
        return time[i];
    }

    /** 1 for an event, 0 for censoring. */
    public int status(int i) {
        return status[i];
    }

    public boolean grouped() {
        return group != null;
    }

    /** The group of subject {@code i}, or null for ungrouped data. */
    public String group(int i) {
        return group == null ? null : group[i];
    }

    /** The group levels in R's order (empty for ungrouped data). */
    public List<String> groups() {
        return groups;
    }

    /** The row of the source table (0-based) that subject {@code i} came from. */
    public int row(int i) {
        return rows[i];
    }

    /** How many rows of the source were dropped for a missing value. */
    public int droppedMissing() {
        return droppedMissing;
    }

    public int events() {
        int e = 0;
        for (int s : status) {
            e += s;
        }
        return e;
    }

    double[] times() {
        return time.clone();
    }

    int[] statuses() {
        return status.clone();
    }

    /** Positions of the subjects of one group. */
    int[] positionsOf(String level) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < time.length; i++) {
            if (level.equals(group[i])) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
