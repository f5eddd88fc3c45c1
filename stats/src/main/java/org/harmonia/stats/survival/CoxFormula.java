package org.harmonia.stats.survival;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.harmonia.stats.InvalidDataException;

/**
 * A Cox model formula in R's notation, {@code Surv(time, status) ~ age + sex + factor(ecog)}: main effects only, each
 * term a column name or {@code factor(column)}; names may be written in backquotes.
 */
public record CoxFormula(String timeColumn, String statusColumn, List<Term> terms) {

    /** One term: a column, used as a factor when written {@code factor(column)} or when the column holds text. */
    public record Term(String column, boolean factor) {
        public Term {
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException("a term needs a column");
            }
        }

        /** The term as written in R, the prefix of its coefficient names. */
        public String label() {
            return factor ? "factor(" + column + ")" : column;
        }
    }

    private static final String NAME = "(`[^`]+`|[A-Za-z.][A-Za-z0-9._]*)";
    private static final Pattern RESPONSE = Pattern.compile("\\s*Surv\\s*\\(\\s*" + NAME + "\\s*,\\s*" + NAME
            + "\\s*\\)\\s*");
    private static final Pattern PLAIN = Pattern.compile("\\s*" + NAME + "\\s*");
    private static final Pattern FACTOR = Pattern.compile("\\s*factor\\s*\\(\\s*" + NAME + "\\s*\\)\\s*");

    public CoxFormula {
        terms = List.copyOf(terms);
        if (terms.isEmpty()) {
            throw new InvalidDataException("the formula has no covariates");
        }
    }

    public static CoxFormula parse(String formula) {
        int tilde = formula.indexOf('~');
        if (tilde < 0) {
            throw new InvalidDataException("formula \"" + formula + "\" has no ~; write e.g. Surv(time, status) ~ age + sex");
        }
        Matcher response = RESPONSE.matcher(formula.substring(0, tilde));
        if (!response.matches()) {
            throw new InvalidDataException("the left side of formula \"" + formula
                    + "\" must be Surv(time, status) with two column names");
        }
        List<Term> terms = new ArrayList<>();
        for (String part : formula.substring(tilde + 1).split("\\+", -1)) {
            Matcher factor = FACTOR.matcher(part);
            Matcher plain = PLAIN.matcher(part);
            Term term;
            if (factor.matches()) {
                term = new Term(unquote(factor.group(1)), true);
            } else if (plain.matches()) {
                term = new Term(unquote(plain.group(1)), false);
            } else {
                throw new InvalidDataException("unsupported term \"" + part.strip() + "\" in formula \"" + formula
                        + "\"; terms are column names or factor(column) joined by +");
            }
            if (terms.contains(term)) {
                throw new InvalidDataException("term \"" + term.label() + "\" appears twice in formula \"" + formula + "\"");
            }
            terms.add(term);
        }
        return new CoxFormula(unquote(response.group(1)), unquote(response.group(2)), terms);
    }

    private static String unquote(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1) : name;
    }
}
