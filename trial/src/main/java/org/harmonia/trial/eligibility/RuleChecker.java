package org.harmonia.trial.eligibility;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.harmonia.trial.eligibility.Expr.Arithmetic;
import org.harmonia.trial.eligibility.Expr.Between;
import org.harmonia.trial.eligibility.Expr.BooleanLiteral;
import org.harmonia.trial.eligibility.Expr.Call;
import org.harmonia.trial.eligibility.Expr.Comparison;
import org.harmonia.trial.eligibility.Expr.DurationLiteral;
import org.harmonia.trial.eligibility.Expr.Logical;
import org.harmonia.trial.eligibility.Expr.Membership;
import org.harmonia.trial.eligibility.Expr.Not;
import org.harmonia.trial.eligibility.Expr.NumberLiteral;
import org.harmonia.trial.eligibility.Expr.StringLiteral;
import org.harmonia.trial.eligibility.Expr.Variable;

/**
 * Checks a parsed rule against the protocol's variables: names exist, operands have types that fit, choice
 * literals are among the choices. Collects every problem instead of stopping at the first.
 */
final class RuleChecker {

    /** The types of values in the rule language. */
    enum Type {
        NUMBER("a number"), BOOLEAN("a yes/no condition"), DATE("a date"), TEXT("a text"), DURATION("a duration");

        private final String description;

        Type(String description) {
            this.description = description;
        }

        static Type of(VariableType type) {
            return switch (type) {
                case NUMBER, INTEGER, EDSS -> NUMBER;
                case BOOLEAN -> BOOLEAN;
                case DATE -> DATE;
                case CHOICE, TEXT -> TEXT;
            };
        }
    }

    private final String text;
    private final Map<String, ScreeningVariable> variables;
    private final List<String> problems = new ArrayList<>();

    private RuleChecker(String text, Map<String, ScreeningVariable> variables) {
        this.text = text;
        this.variables = variables;
    }

    static List<String> check(String text, Expr expr, Map<String, ScreeningVariable> variables) {
        RuleChecker checker = new RuleChecker(text, variables);
        Type type = checker.type(expr);
        if (type != null && type != Type.BOOLEAN) {
            checker.problems.add("the rule must be a condition that is true or false, but it is "
                    + type.description);
        }
        return List.copyOf(checker.problems);
    }

    /** The type of an expression, or null when a problem was reported inside it (so it is not reported twice). */
    private Type type(Expr expr) {
        if (expr instanceof NumberLiteral) {
            return Type.NUMBER;
        } else if (expr instanceof StringLiteral) {
            return Type.TEXT;
        } else if (expr instanceof BooleanLiteral) {
            return Type.BOOLEAN;
        } else if (expr instanceof DurationLiteral d) {
            problem(d.text() + " is a duration, which can only be the second argument of within(date, duration)", d);
            return null;
        } else if (expr instanceof Variable v) {
            ScreeningVariable variable = variables.get(v.name());
            if (variable == null) {
                problem("unknown variable \"" + v.name() + "\"" + Names.didYouMean(v.name(), variables.keySet()), v);
                return null;
            }
            return Type.of(variable.type());
        } else if (expr instanceof Not n) {
            return condition(n.operand(), "\"not\"") ? Type.BOOLEAN : null;
        } else if (expr instanceof Logical l) {
            boolean ok = true;
            for (Expr operand : l.operands()) {
                ok &= condition(operand, l.isAnd() ? "\"and\"" : "\"or\"");
            }
            return ok ? Type.BOOLEAN : null;
        } else if (expr instanceof Comparison c) {
            return comparison(c);
        } else if (expr instanceof Between b) {
            return between(b);
        } else if (expr instanceof Membership m) {
            return membership(m);
        } else if (expr instanceof Arithmetic a) {
            String op = a.isPlus() ? "\"+\"" : "\"-\"";
            boolean left = number(a.left(), op);
            boolean right = number(a.right(), op);
            return left && right ? Type.NUMBER : null;
        } else if (expr instanceof Call c) {
            return call(c);
        }
        throw new IllegalStateException("unknown rule node " + expr);
    }

    private Type comparison(Comparison c) {
        Type left = type(c.left());
        Type right = type(c.right());
        if (left == null || right == null) {
            return null;
        }
        String op = "\"" + c.operator().symbol() + "\"";
        if (left != right) {
            problem("cannot compare " + source(c.left()) + " (" + left.description + ") with " + source(c.right())
                    + " (" + right.description + ")", c);
            return null;
        }
        if (c.operator().isOrdering() && left != Type.NUMBER && left != Type.DATE) {
            problem(op + " compares numbers or dates, but " + source(c.left()) + " is " + left.description
                    + "; use \"==\" or \"!=\"", c);
            return null;
        }
        choices(c.left(), c.right());
        choices(c.right(), c.left());
        return Type.BOOLEAN;
    }

    private Type between(Between b) {
        Type value = type(b.value());
        Type low = type(b.low());
        Type high = type(b.high());
        if (value == null || low == null || high == null) {
            return null;
        }
        if (value != Type.NUMBER && value != Type.DATE) {
            problem("\"between\" needs a number or a date, but " + source(b.value()) + " is " + value.description, b);
            return null;
        }
        boolean ok = true;
        for (Expr bound : List.of(b.low(), b.high())) {
            Type t = bound == b.low() ? low : high;
            if (t != value) {
                problem("the bound " + source(bound) + " is " + t.description + " but " + source(b.value())
                        + " is " + value.description, bound);
                ok = false;
            }
        }
        return ok ? Type.BOOLEAN : null;
    }

    private Type membership(Membership m) {
        Type value = type(m.value());
        if (value == null) {
            return null;
        }
        if (value == Type.DATE) {
            problem("\"in\" needs a number, a text or a yes/no value, but " + source(m.value()) + " is a date", m);
            return null;
        }
        boolean ok = true;
        for (Expr item : m.items()) {
            Type t = type(item);
            if (t != value) {
                problem("the list item " + source(item) + " is " + t.description + " but " + source(m.value())
                        + " is " + value.description, item);
                ok = false;
            } else {
                choices(m.value(), item);
            }
        }
        return ok ? Type.BOOLEAN : null;
    }

    private Type call(Call c) {
        List<Expr> args = c.arguments();
        switch (c.function()) {
            case YEARS_SINCE, DAYS_BEFORE -> {
                return date(args.get(0), c.function().word()) ? Type.NUMBER : null;
            }
            case HAPPENED -> {
                return date(args.get(0), "happened") ? Type.BOOLEAN : null;
            }
            case WITHIN -> {
                boolean ok = date(args.get(0), "within");
                if (!(args.get(1) instanceof DurationLiteral)) {
                    Type t = type(args.get(1));
                    if (t != null) {
                        problem("within needs a duration such as 30 days or 3 months as its second argument, but "
                                + source(args.get(1)) + " is " + t.description, args.get(1));
                    }
                    ok = false;
                }
                return ok ? Type.BOOLEAN : null;
            }
            case PRESENT -> {
                if (!(args.get(0) instanceof Variable)) {
                    problem("present needs a variable name, but " + source(args.get(0)) + " is not one", args.get(0));
                    return null;
                }
                return type(args.get(0)) == null ? null : Type.BOOLEAN;
            }
            case IF -> {
                boolean ok = condition(args.get(0), "if");
                Type whenTrue = type(args.get(1));
                Type whenFalse = type(args.get(2));
                if (!ok || whenTrue == null || whenFalse == null) {
                    return null;
                }
                if (whenTrue != whenFalse) {
                    problem("the two values of if must be of the same type, but " + source(args.get(1)) + " is "
                            + whenTrue.description + " and " + source(args.get(2)) + " is " + whenFalse.description, c);
                    return null;
                }
                return whenTrue;
            }
            default -> throw new IllegalStateException("unknown function " + c.function());
        }
    }

    private boolean condition(Expr expr, String user) {
        return expect(expr, Type.BOOLEAN, user + " needs a condition (true or false)");
    }

    private boolean number(Expr expr, String user) {
        return expect(expr, Type.NUMBER, user + " needs numbers");
    }

    private boolean date(Expr expr, String function) {
        return expect(expr, Type.DATE, function + " needs a date");
    }

    private boolean expect(Expr expr, Type wanted, String need) {
        Type t = type(expr);
        if (t == null) {
            return false;
        }
        if (t != wanted) {
            problem(need + ", but " + source(expr) + " is " + t.description, expr);
            return false;
        }
        return true;
    }

    /** Reports a string literal compared with a choice variable when the literal is not one of its choices. */
    private void choices(Expr maybeVariable, Expr maybeLiteral) {
        if (maybeVariable instanceof Variable v && maybeLiteral instanceof StringLiteral s) {
            ScreeningVariable variable = variables.get(v.name());
            if (variable != null && variable.type() == VariableType.CHOICE && !variable.choices().contains(s.value())) {
                problem("\"" + s.value() + "\" is not a choice of " + v.name() + " ("
                        + String.join(", ", variable.choices()) + ")"
                        + Names.didYouMean(s.value(), variable.choices()), s);
            }
        }
    }

    private String source(Expr expr) {
        return text.substring(expr.start(), expr.end());
    }

    private void problem(String message, Expr at) {
        problems.add(message + " at column " + at.start());
    }
}
