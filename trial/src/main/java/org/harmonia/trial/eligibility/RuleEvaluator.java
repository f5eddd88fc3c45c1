package org.harmonia.trial.eligibility;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.trial.eligibility.Expr.Arithmetic;
import org.harmonia.trial.eligibility.Expr.Between;
import org.harmonia.trial.eligibility.Expr.BooleanLiteral;
import org.harmonia.trial.eligibility.Expr.Call;
import org.harmonia.trial.eligibility.Expr.Comparison;
import org.harmonia.trial.eligibility.Expr.ComparisonOperator;
import org.harmonia.trial.eligibility.Expr.DurationLiteral;
import org.harmonia.trial.eligibility.Expr.Logical;
import org.harmonia.trial.eligibility.Expr.Membership;
import org.harmonia.trial.eligibility.Expr.Not;
import org.harmonia.trial.eligibility.Expr.NumberLiteral;
import org.harmonia.trial.eligibility.Expr.StringLiteral;
import org.harmonia.trial.eligibility.Expr.Variable;
import org.harmonia.trial.eligibility.ScreeningValue.BooleanValue;
import org.harmonia.trial.eligibility.ScreeningValue.DateValue;
import org.harmonia.trial.eligibility.ScreeningValue.NumberValue;
import org.harmonia.trial.eligibility.ScreeningValue.TextValue;

/**
 * Evaluates a checked rule on one patient's data in three-valued (Kleene) logic, keeping for every result the
 * facts that decided it, so that the verdict can say why in words.
 */
final class RuleEvaluator {

    /** Kleene truth values. */
    enum Tri { TRUE, FALSE, UNKNOWN }

    /** The truth of a condition with the facts that decided it, or what is unknown. */
    record Truth(Tri value, List<String> facts, Unknowns unknowns) {
        static Truth of(boolean value, String fact) {
            return new Truth(value ? Tri.TRUE : Tri.FALSE, List.of(fact), Unknowns.NONE);
        }

        static Truth unknown(Unknowns unknowns) {
            return new Truth(Tri.UNKNOWN, List.of(), unknowns);
        }
    }

    /** The time since a date that is {@code never}: later than any number of days or years. */
    enum SinceNever { INSTANCE }

    /**
     * A value with how to say it: {@code subject} names what it is ("EDSS", "age"; null for a literal),
     * {@code shown} is the value with its unit, {@code notes} explain a choice made by {@code if}.
     * The value is null exactly when it is unknown.
     */
    record Term(Object value, String subject, String shown, List<String> notes, Unknowns unknowns) {
        static Term unknown(Unknowns unknowns) {
            return new Term(null, null, null, List.of(), unknowns);
        }

        static Term literal(Object value, String shown) {
            return new Term(value, null, shown, List.of(), Unknowns.NONE);
        }

        boolean isKnown() {
            return value != null;
        }

        boolean isNever() {
            return value == SinceNever.INSTANCE || value instanceof DateValue d && d.isNever();
        }

        String text() {
            if (subject == null) {
                return shown;
            }
            if (value instanceof Boolean || isNever()) {
                return subject + ": " + shown;
            }
            return subject + " " + shown;
        }

        Term withNote(String note) {
            var all = new ArrayList<>(notes);
            all.add(note);
            return new Term(value, subject, shown, List.copyOf(all), unknowns);
        }
    }

    private final Map<String, ScreeningVariable> variables;
    private final ScreeningData data;
    private final LocalDate randomisation;

    RuleEvaluator(Map<String, ScreeningVariable> variables, ScreeningData data, LocalDate randomisation) {
        this.variables = variables;
        this.data = data;
        this.randomisation = randomisation;
    }

    Truth condition(Expr expr) {
        if (expr instanceof BooleanLiteral b) {
            return Truth.of(b.value(), b.value() ? "always true" : "always false");
        } else if (expr instanceof Variable v) {
            Term term = variable(v);
            return term.isKnown() ? Truth.of((Boolean) term.value(), term.text()) : Truth.unknown(term.unknowns());
        } else if (expr instanceof Not n) {
            Truth inner = condition(n.operand());
            Tri flipped = switch (inner.value()) {
                case TRUE -> Tri.FALSE;
                case FALSE -> Tri.TRUE;
                case UNKNOWN -> Tri.UNKNOWN;
            };
            return new Truth(flipped, inner.facts(), inner.unknowns());
        } else if (expr instanceof Logical l) {
            return logical(l);
        } else if (expr instanceof Comparison c) {
            return comparison(c);
        } else if (expr instanceof Between b) {
            return between(b);
        } else if (expr instanceof Membership m) {
            return membership(m);
        } else if (expr instanceof Call c && c.function() == Expr.Function.WITHIN) {
            return within(c);
        } else if (expr instanceof Call c && c.function() == Expr.Function.IF) {
            return conditionalCondition(c);
        } else if (expr instanceof Call c && c.function() == Expr.Function.HAPPENED) {
            Term date = term(c.arguments().get(0));
            return date.isKnown() ? Truth.of(!date.isNever(), date.text()) : Truth.unknown(date.unknowns());
        } else if (expr instanceof Call c && c.function() == Expr.Function.PRESENT) {
            // the one place where missing data is a definite answer rather than an unknown
            String name = ((Variable) c.arguments().get(0)).name();
            ScreeningVariable variable = variables.get(name);
            boolean given = data.get(name).isPresent();
            return Truth.of(given, variable.label() + (given ? " is given" : " is not given"));
        }
        throw new IllegalStateException("not a condition: " + expr);
    }

    private Truth logical(Logical l) {
        Tri deciding = l.isAnd() ? Tri.FALSE : Tri.TRUE;
        var truths = l.operands().stream().map(this::condition).toList();
        if (truths.stream().anyMatch(t -> t.value() == deciding)) {
            return new Truth(deciding, facts(truths.stream().filter(t -> t.value() == deciding).toList()),
                    Unknowns.NONE);
        }
        if (truths.stream().anyMatch(t -> t.value() == Tri.UNKNOWN)) {
            Unknowns unknowns = Unknowns.NONE;
            for (Truth t : truths) {
                unknowns = unknowns.and(t.unknowns());
            }
            return Truth.unknown(unknowns);
        }
        Tri other = l.isAnd() ? Tri.TRUE : Tri.FALSE;
        return new Truth(other, facts(truths), Unknowns.NONE);
    }

    private static List<String> facts(List<Truth> truths) {
        var all = new ArrayList<String>();
        for (Truth t : truths) {
            t.facts().stream().filter(f -> !all.contains(f)).forEach(all::add);
        }
        return List.copyOf(all);
    }

    private Truth comparison(Comparison c) {
        Term left = term(c.left());
        Term right = term(c.right());
        if (!left.isKnown() || !right.isKnown()) {
            return Truth.unknown(left.unknowns().and(right.unknowns()));
        }
        int cmp = compare(left.value(), right.value());
        boolean holds = c.operator().holds(cmp);
        String notes = notes(left, right);
        if (left.isNever() || right.isNever()) {
            return Truth.of(holds, (left.isNever() ? left.text() : right.text()) + notes);
        }
        if (!c.operator().isOrdering()) {
            return new Truth(holds ? Tri.TRUE : Tri.FALSE, equalityFacts(left, right, cmp == 0, notes),
                    Unknowns.NONE);
        }
        return Truth.of(holds, left.text() + " is " + relation(left.value(), cmp, c.operator()) + " "
                + right.text() + notes);
    }

    private static List<String> equalityFacts(Term left, Term right, boolean equal, String notes) {
        if (left.subject() != null && right.subject() == null) {
            return List.of(equalityFact(left, notes));
        }
        if (right.subject() != null && left.subject() == null) {
            return List.of(equalityFact(right, notes));
        }
        if (left.value() instanceof Boolean) {
            return List.of(left.text(), right.text() + notes);
        }
        return List.of(left.text() + (equal ? " equals " : " differs from ") + right.text() + notes);
    }

    private static String equalityFact(Term named, String notes) {
        return (named.value() instanceof Boolean ? named.text() : named.subject() + " is " + named.shown()) + notes;
    }

    private static String relation(Object value, int cmp, ComparisonOperator op) {
        boolean date = value instanceof DateValue;
        if (cmp < 0) {
            return date ? "before" : "below";
        }
        if (cmp > 0) {
            return date ? "after" : "above";
        }
        if (date) {
            return "the same day as";
        }
        return switch (op) {
            case LESS -> "not below";
            case GREATER -> "not above";
            case LESS_EQUAL -> "at most";
            default -> "at least";
        };
    }

    private Truth between(Between b) {
        Term value = term(b.value());
        Term low = term(b.low());
        Term high = term(b.high());
        if (!value.isKnown() || !low.isKnown() || !high.isKnown()) {
            return Truth.unknown(value.unknowns().and(low.unknowns()).and(high.unknowns()));
        }
        String notes = notes(value, low, high);
        boolean date = value.value() instanceof DateValue;
        if (value.isNever()) {
            return Truth.of(compare(value.value(), low.value()) >= 0 && compare(value.value(), high.value()) <= 0,
                    value.text() + notes);
        }
        if (compare(value.value(), low.value()) < 0) {
            String limit = date ? "before the earliest " : "below the minimum ";
            return Truth.of(false, value.text() + " is " + limit + low.text() + notes);
        }
        if (compare(value.value(), high.value()) > 0) {
            String limit = date ? "after the latest " : "above the maximum ";
            return Truth.of(false, value.text() + " is " + limit + high.text() + notes);
        }
        return Truth.of(true, value.text() + " is between " + low.text() + " and " + high.text() + notes);
    }

    private Truth membership(Membership m) {
        Term value = term(m.value());
        if (!value.isKnown()) {
            return Truth.unknown(value.unknowns());
        }
        var items = m.items().stream().map(this::term).toList();
        boolean found = items.stream().anyMatch(item -> compare(value.value(), item.value()) == 0);
        String notes = notes(value);
        if (value.subject() != null) {
            return Truth.of(found, equalityFact(value, notes));
        }
        String list = String.join(", ", items.stream().map(Term::text).toList());
        return Truth.of(found, value.text() + (found ? " is one of " : " is not one of ") + list + notes);
    }

    private Truth within(Call c) {
        Term date = term(c.arguments().get(0));
        DurationLiteral duration = (DurationLiteral) c.arguments().get(1);
        if (!date.isKnown()) {
            return Truth.unknown(date.unknowns());
        }
        String notes = notes(date);
        DateValue value = (DateValue) date.value();
        if (value.isNever()) {
            return Truth.of(false, date.text() + notes);
        }
        if (randomisation == null) {
            return Truth.unknown(Unknowns.noRandomisationDate());
        }
        LocalDate windowStart = switch (duration.unit()) {
            case DAYS -> randomisation.minusDays(duration.amount());
            case WEEKS -> randomisation.minusWeeks(duration.amount());
            case MONTHS -> randomisation.minusMonths(duration.amount());
            case YEARS -> randomisation.minusYears(duration.amount());
        };
        LocalDate d = value.date();
        boolean inside = !d.isBefore(windowStart) && !d.isAfter(randomisation);
        long days = ChronoUnit.DAYS.between(d, randomisation);
        String when = days == 0 ? "is on the day of randomisation"
                : "is " + count(Math.abs(days), "day", "days") + (days > 0 ? " before" : " after") + " randomisation";
        return Truth.of(inside, date.text() + " " + when + " (" + (inside ? "within " : "not within ")
                + duration.text() + ")" + notes);
    }

    private Truth conditionalCondition(Call c) {
        Truth test = condition(c.arguments().get(0));
        if (test.value() == Tri.UNKNOWN) {
            Truth whenTrue = condition(c.arguments().get(1));
            Truth whenFalse = condition(c.arguments().get(2));
            if (whenTrue.value() == whenFalse.value() && whenTrue.value() != Tri.UNKNOWN) {
                return new Truth(whenTrue.value(), facts(List.of(whenTrue, whenFalse)), Unknowns.NONE);
            }
            return Truth.unknown(test.unknowns().and(whenTrue.unknowns()).and(whenFalse.unknowns()));
        }
        Truth chosen = condition(c.arguments().get(test.value() == Tri.TRUE ? 1 : 2));
        if (chosen.value() == Tri.UNKNOWN) {
            return chosen;
        }
        return new Truth(chosen.value(), facts(List.of(test, chosen)), Unknowns.NONE);
    }

    Term term(Expr expr) {
        if (expr instanceof NumberLiteral n) {
            return Term.literal(n.value(), n.text());
        } else if (expr instanceof StringLiteral s) {
            return Term.literal(s.value(), s.value());
        } else if (expr instanceof BooleanLiteral b) {
            return Term.literal(b.value(), b.value() ? "yes" : "no");
        } else if (expr instanceof Variable v) {
            return variable(v);
        } else if (expr instanceof Arithmetic a) {
            return arithmetic(a);
        } else if (expr instanceof Call c && c.function() == Expr.Function.YEARS_SINCE) {
            return yearsSince(c);
        } else if (expr instanceof Call c && c.function() == Expr.Function.DAYS_BEFORE) {
            return daysBefore(c);
        } else if (expr instanceof Call c && c.function() == Expr.Function.IF) {
            return conditionalTerm(c);
        }
        Truth truth = condition(expr);
        if (truth.value() == Tri.UNKNOWN) {
            return Term.unknown(truth.unknowns());
        }
        return Term.literal(truth.value() == Tri.TRUE, String.join("; ", truth.facts()));
    }

    private Term variable(Variable v) {
        ScreeningVariable variable = variables.get(v.name());
        var entered = data.get(v.name());
        if (entered.isEmpty()) {
            return Term.unknown(Unknowns.variable(v.name()));
        }
        ScreeningValue value = entered.get();
        String label = variable.label();
        switch (variable.type()) {
            case NUMBER, INTEGER, EDSS -> {
                if (value instanceof NumberValue n) {
                    BigDecimal number = n.value();
                    if (variable.type() == VariableType.EDSS && number.scale() < 1) {
                        number = number.setScale(1);
                    }
                    return named(number, label, number.toPlainString() + unit(variable));
                }
            }
            case BOOLEAN -> {
                if (value instanceof BooleanValue b) {
                    return named(b.value(), label, b.value() ? "yes" : "no");
                }
            }
            case DATE -> {
                if (value instanceof DateValue d) {
                    return named(d, label, d.toString());
                }
            }
            case CHOICE, TEXT -> {
                if (value instanceof TextValue t) {
                    return named(t.value(), label, t.value());
                }
            }
            default -> throw new IllegalStateException("unknown type " + variable.type());
        }
        throw new InvalidDataException("the screening value of " + v.name() + " is " + describe(value)
                + ", but the protocol declares it as " + variable.type().description());
    }

    private static String describe(ScreeningValue value) {
        if (value instanceof NumberValue n) {
            return "the number " + n.value().toPlainString();
        } else if (value instanceof BooleanValue b) {
            return b.value() ? "yes" : "no";
        } else if (value instanceof DateValue d) {
            return "the date " + d;
        } else if (value instanceof TextValue t) {
            return "the text \"" + t.value() + "\"";
        }
        return String.valueOf(value);
    }

    private static Term named(Object value, String subject, String shown) {
        return new Term(value, subject, shown, List.of(), Unknowns.NONE);
    }

    private static String unit(ScreeningVariable variable) {
        return variable.unit() == null ? "" : " " + variable.unit();
    }

    private Term arithmetic(Arithmetic a) {
        Term left = term(a.left());
        Term right = term(a.right());
        if (!left.isKnown() || !right.isKnown()) {
            return Term.unknown(left.unknowns().and(right.unknowns()));
        }
        String op = a.isPlus() ? "+" : "-";
        if (left.isNever() || right.isNever()) {
            if (right.isNever() && !a.isPlus()) {
                return Term.unknown(Unknowns.undefined("cannot subtract a time since never ("
                        + right.text() + ")"));
            }
            Term never = left.isNever() ? left : right;
            return new Term(SinceNever.INSTANCE, never.subject(), never.shown(), mergeNotes(left, right),
                    Unknowns.NONE);
        }
        BigDecimal l = (BigDecimal) left.value();
        BigDecimal r = (BigDecimal) right.value();
        BigDecimal result = a.isPlus() ? l.add(r) : l.subtract(r);
        return new Term(result, null, left.text() + " " + op + " " + right.text() + " = " + result.toPlainString(),
                mergeNotes(left, right), Unknowns.NONE);
    }

    private Term yearsSince(Call c) {
        Term date = term(c.arguments().get(0));
        return timeSince(date, true);
    }

    private Term daysBefore(Call c) {
        Term date = term(c.arguments().get(0));
        return timeSince(date, false);
    }

    private Term timeSince(Term date, boolean years) {
        if (!date.isKnown()) {
            return date;
        }
        if (date.isNever()) {
            return new Term(SinceNever.INSTANCE, date.subject(), date.shown(), date.notes(), Unknowns.NONE);
        }
        if (randomisation == null) {
            return Term.unknown(Unknowns.noRandomisationDate());
        }
        LocalDate d = ((DateValue) date.value()).date();
        String what = date.subject() == null ? date.text() : date.subject();
        if (years) {
            // completed years, as age is counted: the day before the 51st birthday one is still 50
            int n = Period.between(d, randomisation).getYears();
            String subject = what.toLowerCase().contains("birth") ? "age" : "time since " + what;
            return new Term(BigDecimal.valueOf(n), subject, count(n, "year", "years"), date.notes(), Unknowns.NONE);
        }
        long n = ChronoUnit.DAYS.between(d, randomisation);
        return new Term(BigDecimal.valueOf(n), "time since " + what, count(n, "day", "days"), date.notes(),
                Unknowns.NONE);
    }

    private Term conditionalTerm(Call c) {
        Truth test = condition(c.arguments().get(0));
        if (test.value() == Tri.UNKNOWN) {
            Term whenTrue = term(c.arguments().get(1));
            Term whenFalse = term(c.arguments().get(2));
            if (whenTrue.isKnown() && whenFalse.isKnown() && compare(whenTrue.value(), whenFalse.value()) == 0) {
                return whenTrue;
            }
            return Term.unknown(test.unknowns().and(whenTrue.unknowns()).and(whenFalse.unknowns()));
        }
        Term chosen = term(c.arguments().get(test.value() == Tri.TRUE ? 1 : 2));
        if (!chosen.isKnown()) {
            return chosen;
        }
        return chosen.withNote("as " + String.join(" and ", test.facts()));
    }

    /** Orders numbers (a time since never after all of them), dates (never before all of them), texts, booleans. */
    private static int compare(Object a, Object b) {
        if (a == SinceNever.INSTANCE || b == SinceNever.INSTANCE) {
            return (a == SinceNever.INSTANCE ? 1 : 0) - (b == SinceNever.INSTANCE ? 1 : 0);
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        if (a instanceof DateValue x && b instanceof DateValue y) {
            if (x.isNever() || y.isNever()) {
                return (y.isNever() ? 1 : 0) - (x.isNever() ? 1 : 0);
            }
            return x.date().compareTo(y.date());
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        throw new IllegalStateException("cannot compare " + a + " with " + b);
    }

    private static String notes(Term... terms) {
        var all = new ArrayList<String>();
        for (Term t : terms) {
            t.notes().stream().filter(n -> !all.contains(n)).forEach(all::add);
        }
        return all.isEmpty() ? "" : " (" + String.join("; ", all) + ")";
    }

    private static List<String> mergeNotes(Term a, Term b) {
        var all = new ArrayList<>(a.notes());
        b.notes().stream().filter(n -> !all.contains(n)).forEach(all::add);
        return List.copyOf(all);
    }

    private static String count(long n, String singular, String plural) {
        return n + " " + (Math.abs(n) == 1 ? singular : plural);
    }
}
