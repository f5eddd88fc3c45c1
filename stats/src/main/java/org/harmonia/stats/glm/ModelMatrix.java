package org.harmonia.stats.glm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;
import org.harmonia.stats.glm.Formula.Kind;
import org.harmonia.stats.glm.Formula.Term;
import org.harmonia.stats.glm.Formula.Variable;

/**
 * The design matrix, response and offset of a formula evaluated on a table, built as R's
 * {@code model.frame} and {@code model.matrix} build them: rows with a missing value in a used column are
 * dropped (na.omit), factors use treatment contrasts with unused levels dropped, interactions multiply
 * their columns with the first variable varying fastest.
 *
 * @param columnNames coefficient names as R prints them ({@code (Intercept)}, {@code SexM}, {@code EthN:SexM})
 * @param columns     the design by column: {@code columns[j][i]} is column j in used row i
 * @param response    the response in the used rows
 * @param offset      the offset in the used rows, or {@code null} when the formula has none
 * @param rows        the 1-based row numbers in the table of the used rows (for error messages)
 * @param dropped     how many rows were dropped for missing values
 * @param intercept   whether column 0 is the intercept
 * @param terms       which columns belong to which term
 */
public record ModelMatrix(List<String> columnNames, double[][] columns, double[] response, double[] offset,
                          int[] rows, int dropped, boolean intercept, List<TermColumns> terms) {

    /** The columns {@code [from, to)} that a term of the formula produced. */
    public record TermColumns(String label, int from, int to) {
        public TermColumns {
            Objects.requireNonNull(label, "label");
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("bad column range " + from + ".." + to);
            }
        }
    }

    public ModelMatrix {
        columnNames = List.copyOf(columnNames);
        terms = List.copyOf(terms);
        if (columns.length != columnNames.size()) {
            throw new IllegalArgumentException(columns.length + " columns but " + columnNames.size() + " names");
        }
        for (double[] c : columns) {
            if (c.length != response.length) {
                throw new IllegalArgumentException("a column has " + c.length + " rows, the response " + response.length);
            }
        }
        if (offset != null && offset.length != response.length) {
            throw new IllegalArgumentException("the offset has " + offset.length + " rows, the response " + response.length);
        }
    }

    public int n() {
        return response.length;
    }

    public int p() {
        return columns.length;
    }

    /** The design columns without column {@code j} (the same arrays, not copies): a model with one coefficient dropped. */
    public static double[][] withoutColumn(double[][] columns, int j) {
        double[][] others = new double[columns.length - 1][];
        for (int k = 0, o = 0; k < columns.length; k++) {
            if (k != j) {
                others[o++] = columns[k];
            }
        }
        return others;
    }

    /** The same rows without the columns of one term (the reduced model of a likelihood-ratio test). */
    public ModelMatrix withoutTerm(String label) {
        TermColumns drop = terms.stream().filter(t -> t.label().equals(label)).findFirst()
                .orElseThrow(() -> new InvalidDataException("the model has no term \"" + label + "\"; its terms are: "
                        + String.join(", ", terms.stream().map(TermColumns::label).toList())));
        int width = drop.to() - drop.from();
        if (width == p()) {
            throw new InvalidDataException("cannot drop " + label + ": it is the only term and the model has no intercept");
        }
        List<String> names = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        for (int j = 0; j < p(); j++) {
            if (j < drop.from() || j >= drop.to()) {
                names.add(columnNames.get(j));
                cols.add(columns[j]);
            }
        }
        List<TermColumns> kept = new ArrayList<>();
        for (TermColumns t : terms) {
            if (t == drop) {
                continue;
            }
            int shift = t.from() >= drop.to() ? width : 0;
            kept.add(new TermColumns(t.label(), t.from() - shift, t.to() - shift));
        }
        return new ModelMatrix(names, cols.toArray(new double[0][]), response, offset, rows, dropped, intercept, kept);
    }

    /**
     * Evaluates the formula on the table. {@code references} maps a factor (its column name or its label,
     * such as {@code factor(site)}) to the level used as reference instead of the first in sorted order.
     */
    public static ModelMatrix build(DataTable table, Formula formula, Map<String, String> references) {
        if (table.rows() == 0) {
            throw new InvalidDataException(table.source() + " has no data rows");
        }
        List<Variable> variables = formula.variables();
        Map<Variable, String[]> cells = new LinkedHashMap<>();
        Map<Variable, Boolean> isFactor = new HashMap<>();
        for (Variable v : variables) {
            String[] c = table.cells(v.column());
            cells.put(v, c);
            boolean numeric = table.isNumeric(v.column());
            boolean factor = v.kind() == Kind.FACTOR || (v.kind() == Kind.AS_IS && !numeric);
            if (!factor && !numeric) {
                throw new InvalidDataException("column \"" + v.column() + "\" of " + table.source()
                        + " must be numeric for " + v.label());
            }
            isFactor.put(v, factor);
        }
        Variable responseVariable = variables.get(0);
        if (isFactor.get(responseVariable)) {
            throw new InvalidDataException("the response \"" + formula.response() + "\" of " + table.source()
                    + " must be numeric (0/1 for binomial, counts for poisson and negbin)");
        }
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < table.rows(); i++) {
            boolean complete = true;
            for (String[] c : cells.values()) {
                if (DataTable.isMissing(c[i])) {
                    complete = false;
                    break;
                }
            }
            if (complete) {
                kept.add(i);
            }
        }
        if (kept.isEmpty()) {
            throw new InvalidDataException("no complete rows in " + table.source() + ": every row misses a value in one of "
                    + String.join(", ", variables.stream().map(Variable::column).distinct().toList()));
        }
        int n = kept.size();
        int[] rows = kept.stream().mapToInt(i -> i + 1).toArray();

        Map<Variable, double[]> numbers = new HashMap<>();
        Map<Variable, List<String>> levels = new HashMap<>();
        Map<Variable, int[]> codes = new HashMap<>();
        Set<String> usedReferences = new LinkedHashSet<>();
        for (Variable v : variables) {
            String[] c = cells.get(v);
            if (isFactor.get(v)) {
                factor(table, v, c, kept, references, usedReferences, levels, codes);
            } else {
                double[] all = table.numeric(v.column());
                double[] x = new double[n];
                for (int r = 0; r < n; r++) {
                    double value = all[kept.get(r)];
                    if (v.kind() == Kind.LOG) {
                        if (!(value > 0)) {
                            throw new InvalidDataException(v.label() + " needs positive values but \"" + v.column()
                                    + "\" is " + c[kept.get(r)] + " in row " + (kept.get(r) + 1) + " of " + table.source());
                        }
                        value = Math.log(value);
                    }
                    if (!Double.isFinite(value)) {
                        throw new InvalidDataException("column \"" + v.column() + "\" of " + table.source() + " row "
                                + (kept.get(r) + 1) + " is not a finite number: " + c[kept.get(r)]);
                    }
                    x[r] = value;
                }
                numbers.put(v, x);
            }
        }
        for (String key : references.keySet()) {
            if (!usedReferences.contains(key)) {
                throw new InvalidDataException("a reference level was given for \"" + key
                        + "\", which is not a factor of the formula \"" + formula.text() + "\"");
            }
        }

        List<String> names = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        List<TermColumns> termColumns = new ArrayList<>();
        if (formula.intercept()) {
            names.add("(Intercept)");
            double[] one = new double[n];
            java.util.Arrays.fill(one, 1.0);
            columns.add(one);
        }
        Set<Set<Variable>> present = new LinkedHashSet<>();
        if (formula.intercept()) {
            present.add(Set.of());
        }
        for (Term t : formula.terms()) {
            present.add(Set.copyOf(t.variables()));
        }
        for (Term t : formula.terms()) {
            int from = columns.size();
            List<String> termNames = new ArrayList<>(List.of(""));
            List<double[]> termCols = new ArrayList<>();
            double[] unit = new double[n];
            java.util.Arrays.fill(unit, 1.0);
            termCols.add(unit);
            for (Variable v : t.variables()) {
                List<String> nextNames = new ArrayList<>();
                List<double[]> nextCols = new ArrayList<>();
                if (isFactor.get(v)) {
                    Set<Variable> margin = new LinkedHashSet<>(t.variables());
                    margin.remove(v);
                    boolean contrasts = present.contains(Set.copyOf(margin));
                    List<String> lv = levels.get(v);
                    int[] code = codes.get(v);
                    // Later variables vary slowest, as in R's model.matrix.
                    for (int l = contrasts ? 1 : 0; l < lv.size(); l++) {
                        for (int k = 0; k < termCols.size(); k++) {
                            double[] base = termCols.get(k);
                            double[] col = new double[n];
                            for (int r = 0; r < n; r++) {
                                col[r] = code[r] == l ? base[r] : 0.0;
                            }
                            nextCols.add(col);
                            nextNames.add(join(termNames.get(k), v.label() + lv.get(l)));
                        }
                    }
                } else {
                    double[] x = numbers.get(v);
                    for (int k = 0; k < termCols.size(); k++) {
                        double[] base = termCols.get(k);
                        double[] col = new double[n];
                        for (int r = 0; r < n; r++) {
                            col[r] = base[r] * x[r];
                        }
                        nextCols.add(col);
                        nextNames.add(join(termNames.get(k), v.label()));
                    }
                }
                termNames = nextNames;
                termCols = nextCols;
            }
            if (formula.intercept() && t.variables().size() == 1 && !isFactor.get(t.variables().get(0))) {
                double[] col = termCols.get(0);
                boolean constant = true;
                for (int r = 1; r < n && constant; r++) {
                    constant = col[r] == col[0];
                }
                if (constant) {
                    throw new InvalidDataException("the term " + t.label() + " is constant (" + format(numbers.get(t.variables().get(0))[0])
                            + " in every row used), so it cannot be estimated beside the intercept");
                }
            }
            names.addAll(termNames);
            columns.addAll(termCols);
            termColumns.add(new TermColumns(t.label(), from, columns.size()));
        }
        double[] offset = formula.offset() == null ? null : numbers.get(formula.offset());
        ModelMatrix m = new ModelMatrix(names, columns.toArray(new double[0][]), numbers.get(responseVariable), offset,
                rows, table.rows() - n, formula.intercept(), termColumns);
        m.requireFullRank();
        return m;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + ":" + name;
    }

    /** Sorts text as R does in an English locale: letters case-insensitively, lower case first on a tie. */
    public static final Comparator<String> R_TEXT_ORDER = (a, b) -> {
        int c = String.CASE_INSENSITIVE_ORDER.compare(a, b);
        return c != 0 ? c : b.compareTo(a);
    };

    private static void factor(DataTable table, Variable v, String[] c, List<Integer> kept, Map<String, String> references,
                               Set<String> usedReferences, Map<Variable, List<String>> levels, Map<Variable, int[]> codes) {
        List<String> lv;
        String[] labels = new String[kept.size()];
        if (table.isNumeric(v.column())) {
            TreeSet<Double> values = new TreeSet<>();
            double[] all = table.numeric(v.column());
            for (int r = 0; r < kept.size(); r++) {
                values.add(all[kept.get(r)]);
                labels[r] = format(all[kept.get(r)]);
            }
            lv = new ArrayList<>(values.stream().map(ModelMatrix::format).toList());
        } else {
            TreeSet<String> values = new TreeSet<>(R_TEXT_ORDER);
            for (int r = 0; r < kept.size(); r++) {
                labels[r] = c[kept.get(r)];
                values.add(labels[r]);
            }
            lv = new ArrayList<>(values);
        }
        String key = references.containsKey(v.label()) ? v.label() : references.containsKey(v.column()) ? v.column() : null;
        if (key != null) {
            usedReferences.add(key);
            String ref = references.get(key);
            if (!lv.remove(ref)) {
                throw new InvalidDataException("the reference level \"" + ref + "\" of " + v.label()
                        + " does not occur in the rows used; its levels are: " + String.join(", ", lv));
            }
            lv.add(0, ref);
        }
        if (lv.size() < 2) {
            throw new InvalidDataException("the factor " + v.label() + " has a single level (" + lv.get(0)
                    + ") in the rows used; a factor needs at least two levels");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int l = 0; l < lv.size(); l++) {
            index.put(lv.get(l), l);
        }
        int[] code = new int[kept.size()];
        for (int r = 0; r < kept.size(); r++) {
            code[r] = index.get(labels[r]);
        }
        levels.put(v, List.copyOf(lv));
        codes.put(v, code);
    }

    /** A number as R prints a factor level made from it: {@code 3}, not {@code 3.0}. */
    static String format(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }

    /**
     * Refuses aliased columns: a column that is (numerically) a linear combination of the columns before it,
     * where R would report an NA coefficient.
     */
    void requireFullRank() {
        int p = p();
        int n = n();
        double[] a = new double[p * p];
        double[] scale = new double[p];
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += columns[j][i] * columns[j][i];
            }
            scale[j] = s > 0 ? 1 / Math.sqrt(s) : 0;
        }
        for (int j = 0; j < p; j++) {
            for (int k = 0; k <= j; k++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += columns[j][i] * columns[k][i];
                }
                a[j * p + k] = s * scale[j] * scale[k];
            }
        }
        for (int j = 0; j < p; j++) {
            if (scale[j] == 0) {
                throw new InvalidDataException("the column " + columnNames.get(j) + " is zero in every row used, so its "
                        + "coefficient cannot be estimated (aliased)");
            }
            for (int k = 0; k < j; k++) {
                double s = a[j * p + k];
                for (int m = 0; m < k; m++) {
                    s -= a[j * p + m] * a[k * p + m];
                }
                a[j * p + k] = a[k * p + k] == 0 ? 0 : s / a[k * p + k];
            }
            double d = a[j * p + j];
            for (int m = 0; m < j; m++) {
                d -= a[j * p + m] * a[j * p + m];
            }
            // Squared relative residual of the column after projection on the earlier ones.
            if (d < 1e-10) {
                throw new InvalidDataException("the column " + columnNames.get(j) + " is aliased: it is a linear combination of "
                        + String.join(", ", columnNames.subList(0, j))
                        + " in the rows used (R would report NA for it); remove or merge terms");
            }
            a[j * p + j] = Math.sqrt(d);
        }
    }
}
