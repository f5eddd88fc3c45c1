package org.harmonia.stats.mmrm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;
import org.harmonia.stats.glm.Formula;
import org.harmonia.stats.glm.Formula.Kind;
import org.harmonia.stats.glm.Formula.Term;
import org.harmonia.stats.glm.Formula.Variable;

/**
 * The fixed-effects design of an MMRM, built as R's {@code model.matrix} builds it (treatment contrasts, unused
 * levels dropped, the first variable of an interaction varying fastest), and kept in a form that can also give
 * the design row of any combination of levels and covariate values: the least-squares means need the rows of a
 * reference grid that is not in the data.
 *
 * <p>Rows with a missing value in any column the model reads are left out, as {@code na.omit} does: a subject
 * then contributes the visits it has.
 */
final class MmrmDesign {
    /** One factor of the model: its levels and the level of each used row. */
    record Factor(Variable variable, List<String> levels, int[] codes) {
    }

    /** One part of a design column: a factor at one level, or a numeric variable. */
    private record Part(int variable, int level) {
    }

    /** The columns {@code [from, to)} of one term. */
    record TermSpan(String label, int from, int to) {
    }

    final List<Variable> variables;
    final Map<Variable, Factor> factors = new LinkedHashMap<>();
    final Map<Variable, double[]> numbers = new LinkedHashMap<>();
    final List<String> columnNames = new ArrayList<>();
    final List<TermSpan> terms = new ArrayList<>();
    private final List<List<Part>> recipes = new ArrayList<>();
    final boolean intercept;
    final double[] response;
    final double[][] x;
    final String[] subjects;
    final int[] visitCodes;
    final List<String> visitLevels;
    final int[] rows;
    final int dropped;

    MmrmDesign(DataTable table, MmrmSpec spec) {
        Formula formula = spec.formula();
        if (table.rows() == 0) {
            throw new InvalidDataException(table.source() + " has no data rows");
        }
        this.intercept = formula.intercept();
        this.variables = formula.variables().subList(1, formula.variables().size());
        Set<String> factorColumns = new LinkedHashSet<>();
        factorColumns.add(spec.visit());
        if (spec.arm() != null) {
            factorColumns.add(spec.arm());
        }
        for (String key : spec.references().keySet()) {
            if (variables.stream().noneMatch(v -> v.column().equals(key) || v.label().equals(key))) {
                throw new InvalidDataException("a reference level was given for \"" + key
                        + "\", which is not a factor of the formula \"" + formula.text() + "\"");
            }
        }

        String[] subjectCells = table.cells(spec.subject());
        String[] visitCells = table.cells(spec.visit());
        String[] responseCells = table.cells(formula.response());
        if (!table.isNumeric(formula.response())) {
            throw new InvalidDataException("the response \"" + formula.response() + "\" of " + table.source()
                    + " must be numeric");
        }
        Map<Variable, String[]> cells = new LinkedHashMap<>();
        for (Variable v : variables) {
            cells.put(v, table.cells(v.column()));
        }
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < table.rows(); i++) {
            boolean complete = !DataTable.isMissing(subjectCells[i]) && !DataTable.isMissing(visitCells[i])
                    && !DataTable.isMissing(responseCells[i]);
            for (String[] c : cells.values()) {
                complete &= !DataTable.isMissing(c[i]);
            }
            if (complete) {
                kept.add(i);
            }
        }
        if (kept.isEmpty()) {
            throw new InvalidDataException("no complete rows in " + table.source() + ": every row misses the subject, the visit, "
                    + "the response or a column of the formula");
        }
        int n = kept.size();
        this.rows = kept.stream().mapToInt(i -> i + 1).toArray();
        this.dropped = table.rows() - n;
        double[] y = table.numeric(formula.response());
        this.response = new double[n];
        this.subjects = new String[n];
        for (int r = 0; r < n; r++) {
            response[r] = y[kept.get(r)];
            subjects[r] = subjectCells[kept.get(r)];
            if (!Double.isFinite(response[r])) {
                throw new InvalidDataException("the response \"" + formula.response() + "\" of " + table.source() + " row "
                        + rows[r] + " is not a finite number");
            }
        }
        Factor visitFactor = factor(table, new Variable(spec.visit(), Kind.AS_IS), visitCells, kept, Map.of());
        this.visitLevels = visitFactor.levels();
        this.visitCodes = visitFactor.codes();

        for (Variable v : variables) {
            boolean numeric = table.isNumeric(v.column());
            boolean isFactor = v.kind() == Kind.FACTOR || factorColumns.contains(v.column())
                    || (v.kind() == Kind.AS_IS && !numeric);
            if (isFactor) {
                Factor f = factor(table, v, cells.get(v), kept, spec.references());
                if (f.levels().size() < 2) {
                    throw new InvalidDataException("the factor " + v.label() + " has a single level (" + f.levels().get(0)
                            + ") in the rows used; a factor needs at least two levels");
                }
                factors.put(v, f);
            } else {
                if (!numeric) {
                    throw new InvalidDataException("column \"" + v.column() + "\" of " + table.source() + " must be numeric for "
                            + v.label());
                }
                double[] all = table.numeric(v.column());
                double[] values = new double[n];
                for (int r = 0; r < n; r++) {
                    values[r] = all[kept.get(r)];
                    if (!Double.isFinite(values[r])) {
                        throw new InvalidDataException("column \"" + v.column() + "\" of " + table.source() + " row " + rows[r]
                                + " is not a finite number");
                    }
                    if (v.kind() == Kind.LOG && !(values[r] > 0)) {
                        throw new InvalidDataException(v.label() + " needs positive values but \"" + v.column() + "\" is "
                                + values[r] + " in row " + rows[r] + " of " + table.source());
                    }
                }
                numbers.put(v, values);
            }
        }
        buildRecipes(formula);
        this.x = new double[n][];
        for (int r = 0; r < n; r++) {
            x[r] = row(observed(r));
        }
        requireFullRank();
    }

    private void buildRecipes(Formula formula) {
        Set<Set<Variable>> present = new LinkedHashSet<>();
        if (intercept) {
            present.add(Set.of());
            columnNames.add("(Intercept)");
            recipes.add(List.of());
        }
        for (Term t : formula.terms()) {
            present.add(Set.copyOf(t.variables()));
        }
        for (Term t : formula.terms()) {
            int from = columnNames.size();
            List<String> names = new ArrayList<>(List.of(""));
            List<List<Part>> parts = new ArrayList<>();
            parts.add(List.of());
            for (Variable v : t.variables()) {
                int index = variables.indexOf(v);
                List<String> nextNames = new ArrayList<>();
                List<List<Part>> nextParts = new ArrayList<>();
                Factor f = factors.get(v);
                if (f != null) {
                    Set<Variable> margin = new LinkedHashSet<>(t.variables());
                    margin.remove(v);
                    boolean contrasts = present.contains(Set.copyOf(margin));
                    for (int l = contrasts ? 1 : 0; l < f.levels().size(); l++) {
                        for (int k = 0; k < parts.size(); k++) {
                            List<Part> p = new ArrayList<>(parts.get(k));
                            p.add(new Part(index, l));
                            nextParts.add(p);
                            nextNames.add(join(names.get(k), v.label() + f.levels().get(l)));
                        }
                    }
                } else {
                    for (int k = 0; k < parts.size(); k++) {
                        List<Part> p = new ArrayList<>(parts.get(k));
                        p.add(new Part(index, -1));
                        nextParts.add(p);
                        nextNames.add(join(names.get(k), v.label()));
                    }
                }
                names = nextNames;
                parts = nextParts;
            }
            columnNames.addAll(names);
            recipes.addAll(parts);
            terms.add(new TermSpan(t.label(), from, columnNames.size()));
        }
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + ":" + name;
    }

    int n() {
        return response.length;
    }

    int p() {
        return columnNames.size();
    }

    /**
     * The values of the variables in one used row: a factor's level index (as a double) or a numeric value as read
     * (before {@code log}).
     */
    double[] observed(int r) {
        double[] values = new double[variables.size()];
        for (int j = 0; j < variables.size(); j++) {
            Variable v = variables.get(j);
            Factor f = factors.get(v);
            values[j] = f != null ? f.codes()[r] : numbers.get(v)[r];
        }
        return values;
    }

    /** The design row for the given variable values (factor level indexes, raw numeric values). */
    double[] row(double[] values) {
        double[] out = new double[recipes.size()];
        for (int c = 0; c < out.length; c++) {
            double v = 1;
            for (Part part : recipes.get(c)) {
                Variable variable = variables.get(part.variable());
                double value = values[part.variable()];
                if (part.level() >= 0) {
                    v *= value == part.level() ? 1 : 0;
                } else {
                    v *= variable.kind() == Kind.LOG ? Math.log(value) : value;
                }
            }
            out[c] = v;
        }
        return out;
    }

    /** The mean over the used rows of a numeric variable, where a reference grid holds covariates. */
    double mean(Variable v) {
        double s = 0;
        for (double x : numbers.get(v)) {
            s += x;
        }
        return s / n();
    }

    private static Factor factor(DataTable table, Variable v, String[] cells, List<Integer> kept,
                                 Map<String, String> references) {
        List<String> levels;
        String[] labels = new String[kept.size()];
        if (table.isNumeric(v.column())) {
            TreeSet<Double> values = new TreeSet<>();
            double[] all = table.numeric(v.column());
            for (int r = 0; r < kept.size(); r++) {
                values.add(all[kept.get(r)]);
                labels[r] = format(all[kept.get(r)]);
            }
            levels = new ArrayList<>(values.stream().map(MmrmDesign::format).toList());
        } else {
            TreeSet<String> values = new TreeSet<>(org.harmonia.stats.glm.ModelMatrix.R_TEXT_ORDER);
            for (int r = 0; r < kept.size(); r++) {
                labels[r] = cells[kept.get(r)];
                values.add(labels[r]);
            }
            levels = new ArrayList<>(values);
        }
        String key = references.containsKey(v.label()) ? v.label() : references.containsKey(v.column()) ? v.column() : null;
        if (key != null) {
            String reference = references.get(key);
            if (!levels.remove(reference)) {
                throw new InvalidDataException("the reference level \"" + reference + "\" of " + v.label()
                        + " does not occur in the rows used; its levels are: " + String.join(", ", levels));
            }
            levels.add(0, reference);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int l = 0; l < levels.size(); l++) {
            index.put(levels.get(l), l);
        }
        int[] codes = new int[kept.size()];
        for (int r = 0; r < kept.size(); r++) {
            codes[r] = index.get(labels[r]);
        }
        return new Factor(v, List.copyOf(levels), codes);
    }

    /** A number as R prints a factor level made from it: {@code 12}, not {@code 12.0}. */
    static String format(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }

    /** Refuses a column that is a linear combination of the columns before it (R would report NA for it). */
    private void requireFullRank() {
        int p = p();
        int n = n();
        double[][] a = new double[p][p];
        double[] scale = new double[p];
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[i][j] * x[i][j];
            }
            if (s == 0) {
                throw new InvalidDataException("the column " + columnNames.get(j) + " is zero in every row used, so its "
                        + "coefficient cannot be estimated");
            }
            scale[j] = 1 / Math.sqrt(s);
        }
        for (int j = 0; j < p; j++) {
            for (int k = 0; k <= j; k++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += x[i][j] * x[i][k];
                }
                a[j][k] = s * scale[j] * scale[k];
            }
        }
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < j; k++) {
                double s = a[j][k];
                for (int m = 0; m < k; m++) {
                    s -= a[j][m] * a[k][m];
                }
                a[j][k] = s / a[k][k];
            }
            double d = a[j][j];
            for (int m = 0; m < j; m++) {
                d -= a[j][m] * a[j][m];
            }
            // the squared relative residual of the column after projection on the earlier ones
            if (d < 1e-10) {
                throw new InvalidDataException("the column " + columnNames.get(j) + " is aliased: it is a linear combination of "
                        + String.join(", ", columnNames.subList(0, j))
                        + " in the rows used (R would report NA for it); remove or merge terms");
            }
            a[j][j] = Math.sqrt(d);
        }
    }
}
