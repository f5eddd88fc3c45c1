package org.harmonia.trial.eligibility;

import java.math.BigDecimal;
import java.util.List;

/** The parsed form of a rule; every node knows the span of the text it came from, for messages. */
sealed interface Expr {
    int start();

    int end();

    record NumberLiteral(BigDecimal value, String text, int start, int end) implements Expr {
    }

    record StringLiteral(String value, int start, int end) implements Expr {
    }

    record BooleanLiteral(boolean value, int start, int end) implements Expr {
    }

    record DurationLiteral(int amount, DurationUnit unit, int start, int end) implements Expr {
        /** As written in rules and reasons, e.g. "30 days", "1 month". */
        String text() {
            return amount + " " + (amount == 1 ? unit.singular() : unit.plural());
        }
    }

    record Variable(String name, int start, int end) implements Expr {
    }

    record Not(Expr operand, int start, int end) implements Expr {
    }

    /** A chain of "and" (or of "or"), flattened so that reasons can name every deciding part. */
    record Logical(boolean isAnd, List<Expr> operands, int start, int end) implements Expr {
    }

    record Comparison(ComparisonOperator operator, Expr left, Expr right, int start, int end) implements Expr {
    }

    record Between(Expr value, Expr low, Expr high, int start, int end) implements Expr {
    }

    record Membership(Expr value, List<Expr> items, int start, int end) implements Expr {
    }

    record Arithmetic(boolean isPlus, Expr left, Expr right, int start, int end) implements Expr {
    }

    record Call(Function function, List<Expr> arguments, int start, int end) implements Expr {
    }

    enum DurationUnit {
        DAYS("day", "days"), WEEKS("week", "weeks"), MONTHS("month", "months"), YEARS("year", "years");

        private final String singular;
        private final String plural;

        DurationUnit(String singular, String plural) {
            this.singular = singular;
            this.plural = plural;
        }

        String singular() {
            return singular;
        }

        String plural() {
            return plural;
        }

        static DurationUnit fromWord(String word) {
            for (DurationUnit unit : values()) {
                if (unit.singular.equals(word) || unit.plural.equals(word)) {
                    return unit;
                }
            }
            return null;
        }
    }

    enum ComparisonOperator {
        LESS("<"), LESS_EQUAL("<="), GREATER(">"), GREATER_EQUAL(">="), EQUAL("=="), NOT_EQUAL("!=");

        private final String symbol;

        ComparisonOperator(String symbol) {
            this.symbol = symbol;
        }

        String symbol() {
            return symbol;
        }

        boolean isOrdering() {
            return this != EQUAL && this != NOT_EQUAL;
        }

        /** Whether the operator holds for two values whose comparison gave {@code cmp}. */
        boolean holds(int cmp) {
            return switch (this) {
                case LESS -> cmp < 0;
                case LESS_EQUAL -> cmp <= 0;
                case GREATER -> cmp > 0;
                case GREATER_EQUAL -> cmp >= 0;
                case EQUAL -> cmp == 0;
                case NOT_EQUAL -> cmp != 0;
            };
        }
    }

    enum Function {
        YEARS_SINCE("years_since", "a date"),
        DAYS_BEFORE("days_before", "a date"),
        WITHIN("within", "a date and a duration"),
        IF("if", "a condition, a value if it holds and a value if it does not"),
        PRESENT("present", "a variable name"),
        HAPPENED("happened", "a date");

        private final String word;
        private final String arguments;

        Function(String word, String arguments) {
            this.word = word;
            this.arguments = arguments;
        }

        String word() {
            return word;
        }

        int arity() {
            return switch (this) {
                case YEARS_SINCE, DAYS_BEFORE, PRESENT, HAPPENED -> 1;
                case WITHIN -> 2;
                case IF -> 3;
            };
        }

        /** What the arguments are, for a message about a wrong number of them. */
        String arguments() {
            return arguments;
        }

        static Function fromWord(String word) {
            for (Function f : values()) {
                if (f.word.equals(word)) {
                    return f;
                }
            }
            return null;
        }

        static List<String> words() {
            return java.util.Arrays.stream(values()).map(Function::word).toList();
        }
    }
}
