package org.harmonia.stats.glm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.harmonia.stats.InvalidDataException;

/**
 * A model formula in R's notation, parsed from text: {@code y ~ a + factor(b) + a:b + c*d + offset(log(t))}.
 *
 * <p>Terms are ordered as R orders them (main effects first, then two-way interactions, ..., each group in
 * order of appearance) and the variables inside an interaction follow their first appearance in the
 * formula, so term and coefficient names come out exactly as R prints them.
 *
 * @param text      the formula as given
 * @param response  the response column
 * @param terms     the model terms, intercept excluded
 * @param offset    the offset, or {@code null}
 * @param intercept whether the model has an intercept ({@code + 0} or {@code - 1} removes it)
 */
public record Formula(String text, String response, List<Term> terms, Variable offset, boolean intercept) {

    public Formula {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(response, "response");
        terms = List.copyOf(terms);
        if (terms.isEmpty() && !intercept) {
            throw new InvalidDataException("formula \"" + text + "\" has no terms and no intercept");
        }
    }

    /** How a column enters the model. */
    public enum Kind {
        /** Numeric columns as numbers, text columns as factors. */
        AS_IS,
        /** {@code factor(x)}: always a factor, numeric levels sorted as numbers. */
        FACTOR,
        /** {@code log(x)}: the natural logarithm of a positive numeric column. */
        LOG
    }

    /** One variable of a formula: a column and how it is read. */
    public record Variable(String column, Kind kind) {
        public Variable {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(kind, "kind");
        }

        /** The name R gives the variable: {@code Eth}, {@code factor(site)}, {@code log(x)}. */
        public String label() {
            String c = column.matches("[A-Za-z.][A-Za-z0-9._]*") ? column : "`" + column + "`";
            return switch (kind) {
                case AS_IS -> c;
                case FACTOR -> "factor(" + c + ")";
                case LOG -> "log(" + c + ")";
            };
        }
    }

    /** One term: a main effect (one variable) or an interaction (several). */
    public record Term(List<Variable> variables) {
        public Term {
            variables = List.copyOf(variables);
            if (variables.isEmpty()) {
                throw new IllegalArgumentException("a term needs at least one variable");
            }
        }

        /** The label R gives the term: {@code Eth}, {@code EthN:SexM}'s term {@code Eth:Sex}. */
        public String label() {
            return variables.stream().map(Variable::label).collect(Collectors.joining(":"));
        }
    }

    /** The labels of the terms, in model order. */
    public List<String> termLabels() {
        return terms.stream().map(Term::label).toList();
    }

    /** The formula without the term of that label (for a likelihood-ratio test). */
    public Formula without(String termLabel) {
        List<Term> kept = terms.stream().filter(t -> !t.label().equals(termLabel)).toList();
        if (kept.size() == terms.size()) {
            throw new InvalidDataException("the formula has no term \"" + termLabel + "\"; its terms are: "
                    + String.join(", ", termLabels()));
        }
        return new Formula(text + " - " + termLabel, response, kept, offset, intercept);
    }

    /** Every variable the model reads, response and offset included, each once. */
    public List<Variable> variables() {
        Set<Variable> all = new LinkedHashSet<>();
        all.add(new Variable(response, Kind.AS_IS));
        terms.forEach(t -> all.addAll(t.variables()));
        if (offset != null) {
            all.add(offset);
        }
        return List.copyOf(all);
    }

    /** Parses R formula text; errors say what was expected and where. */
    public static Formula parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidDataException("the formula is empty; write it as in R, e.g. \"y ~ arm + age\"");
        }
        return new Parser(text).formula();
    }

    private static final class Parser {
        private final String text;
        private final List<String> tokens = new ArrayList<>();
        private int pos;
        private final Map<Variable, Integer> appearance = new LinkedHashMap<>();
        private Variable offset;
        private boolean intercept = true;

        Parser(String text) {
            this.text = text;
            tokenize();
        }

        private InvalidDataException error(String what) {
            return new InvalidDataException("cannot read formula \"" + text + "\": " + what);
        }

        private void tokenize() {
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if ("~+*:()-".indexOf(c) >= 0) {
                    tokens.add(String.valueOf(c));
                    i++;
                } else if (c == '`') {
                    int end = text.indexOf('`', i + 1);
                    if (end < 0) {
                        throw error("unclosed back quote");
                    }
                    tokens.add(text.substring(i, end + 1));
                    i = end + 1;
                } else if (Character.isLetterOrDigit(c) || c == '.' || c == '_') {
                    int start = i;
                    while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i))
                            || text.charAt(i) == '.' || text.charAt(i) == '_')) {
                        i++;
                    }
                    tokens.add(text.substring(start, i));
                } else {
                    throw error("unexpected character '" + c + "'");
                }
            }
        }

        private String peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        private String next() {
            if (pos >= tokens.size()) {
                throw error("it ends too early");
            }
            return tokens.get(pos++);
        }

        private void expect(String token) {
            String t = next();
            if (!t.equals(token)) {
                throw error("expected '" + token + "' but found '" + t + "'");
            }
        }

        private String name() {
            String t = next();
            if (t.startsWith("`")) {
                return t.substring(1, t.length() - 1);
            }
            if (t.length() == 1 && "~+*:()-".contains(t)) {
                throw error("expected a column name but found '" + t + "'");
            }
            return t;
        }

        private Variable variable(String column, Kind kind) {
            Variable v = new Variable(column, kind);
            appearance.putIfAbsent(v, appearance.size());
            return v;
        }

        Formula formula() {
            if (!tokens.contains("~")) {
                throw error("it has no '~' between the response and the terms");
            }
            String response = name();
            variable(response, Kind.AS_IS);
            expect("~");
            List<Set<Variable>> terms = new ArrayList<>(sum(true));
            if (peek() != null) {
                throw error("unexpected '" + peek() + "'");
            }
            for (Set<Variable> t : terms) {
                if (t.stream().anyMatch(v -> v.column().equals(response))) {
                    throw error("the response " + response + " also appears as a term");
                }
            }
            Comparator<Variable> byAppearance = Comparator.comparing(appearance::get);
            List<Term> ordered = terms.stream()
                    .map(t -> new Term(t.stream().sorted(byAppearance).toList()))
                    .distinct()
                    .sorted(Comparator.comparingInt(t -> t.variables().size()))
                    .toList();
            return new Formula(text, response, ordered, offset, intercept);
        }

        /** A sum of terms; at the top level it may hold the intercept switch and the offset. */
        private List<Set<Variable>> sum(boolean topLevel) {
            List<Set<Variable>> out = new ArrayList<>();
            boolean minus = false;
            if ("-".equals(peek())) {
                next();
                minus = true;
            }
            while (true) {
                String t = peek();
                if (t == null) {
                    throw error("a term is missing");
                }
                if (topLevel && (t.equals("0") || t.equals("1"))) {
                    next();
                    intercept = t.equals("1") != minus;
                } else if (minus) {
                    throw error("removing terms with '-' is only supported as '- 1'");
                } else if (topLevel && t.equals("offset") && "(".equals(pos + 1 < tokens.size() ? tokens.get(pos + 1) : null)) {
                    next();
                    readOffset();
                } else {
                    out.addAll(product());
                }
                String op = peek();
                if ("+".equals(op) || "-".equals(op)) {
                    next();
                    minus = op.equals("-");
                } else {
                    return out;
                }
            }
        }

        private void readOffset() {
            if (offset != null) {
                throw error("only one offset(...) is supported");
            }
            expect("(");
            String inner = name();
            if (inner.equals("log") && "(".equals(peek())) {
                next();
                offset = variable(name(), Kind.LOG);
                expect(")");
            } else {
                offset = variable(inner, Kind.AS_IS);
            }
            expect(")");
        }

        /** {@code a * b * ...}: every main effect and every interaction of the factors. */
        private List<Set<Variable>> product() {
            List<Set<Variable>> acc = interaction();
            while ("*".equals(peek())) {
                next();
                List<Set<Variable>> right = interaction();
                List<Set<Variable>> combined = new ArrayList<>(acc);
                combined.addAll(right);
                combined.addAll(cross(acc, right));
                acc = combined;
            }
            return acc;
        }

        private List<Set<Variable>> interaction() {
            List<Set<Variable>> acc = atom();
            while (":".equals(peek())) {
                next();
                acc = cross(acc, atom());
            }
            return acc;
        }

        private static List<Set<Variable>> cross(List<Set<Variable>> a, List<Set<Variable>> b) {
            List<Set<Variable>> out = new ArrayList<>();
            for (Set<Variable> x : a) {
                for (Set<Variable> y : b) {
                    Set<Variable> u = new LinkedHashSet<>(x);
                    u.addAll(y);
                    out.add(u);
                }
            }
            return out;
        }

        private List<Set<Variable>> atom() {
            String t = peek();
            if ("(".equals(t)) {
                next();
                List<Set<Variable>> inner = sum(false);
                expect(")");
                return inner;
            }
            String n = name();
            if ("(".equals(peek()) && (n.equals("factor") || n.equals("as.factor") || n.equals("log"))) {
                next();
                Variable v = variable(name(), n.equals("log") ? Kind.LOG : Kind.FACTOR);
                expect(")");
                return List.of(new LinkedHashSet<>(List.of(v)));
            }
            if ("(".equals(peek())) {
                throw error("the function " + n + "(...) is not supported; use factor(), log() or offset()");
            }
            if (n.equals("offset")) {
                throw error("offset(...) must be added to the model with '+', not combined with other terms");
            }
            if (n.chars().allMatch(Character::isDigit)) {
                throw error("the number " + n + " can only be 0 or 1 at the top level, for the intercept");
            }
            return List.of(new LinkedHashSet<>(List.of(variable(n, Kind.AS_IS))));
        }
    }
}
