package org.harmonia.trial.eligibility;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.harmonia.trial.eligibility.Expr.Arithmetic;
import org.harmonia.trial.eligibility.Expr.Between;
import org.harmonia.trial.eligibility.Expr.BooleanLiteral;
import org.harmonia.trial.eligibility.Expr.Call;
import org.harmonia.trial.eligibility.Expr.Comparison;
import org.harmonia.trial.eligibility.Expr.ComparisonOperator;
import org.harmonia.trial.eligibility.Expr.DurationLiteral;
import org.harmonia.trial.eligibility.Expr.DurationUnit;
import org.harmonia.trial.eligibility.Expr.Function;
import org.harmonia.trial.eligibility.Expr.Logical;
import org.harmonia.trial.eligibility.Expr.Membership;
import org.harmonia.trial.eligibility.Expr.Not;
import org.harmonia.trial.eligibility.Expr.NumberLiteral;
import org.harmonia.trial.eligibility.Expr.StringLiteral;
import org.harmonia.trial.eligibility.Expr.Variable;
import org.harmonia.trial.eligibility.Token.Kind;

/**
 * Recursive-descent parser for the rule language. Precedence, loosest first: {@code or}, {@code and},
 * {@code not}, comparisons ({@code < <= > >= == != between in}, not chainable), {@code + -}, values.
 */
final class RuleParser {
    private static final Set<Kind> COMPARISONS =
            EnumSet.of(Kind.LESS, Kind.LESS_EQUAL, Kind.GREATER, Kind.GREATER_EQUAL, Kind.EQUAL, Kind.NOT_EQUAL);
    private static final List<String> UNIT_WORDS =
            List.of("days", "day", "weeks", "week", "months", "month", "years", "year");

    private final String text;
    private final List<Token> tokens;
    private int index;

    private RuleParser(String text) {
        this.text = text;
        this.tokens = RuleLexer.tokens(text);
    }

    static Expr parse(String text) {
        RuleParser parser = new RuleParser(text);
        if (parser.peek().kind() == Kind.END) {
            throw new RuleSyntaxException(text, "the rule is empty", 0);
        }
        Expr expr = parser.or();
        Token rest = parser.peek();
        if (rest.kind() != Kind.END) {
            if (rest.kind() == Kind.RIGHT_PAREN) {
                throw parser.error("unexpected \")\" without a matching \"(\"", rest);
            }
            throw parser.error("unexpected " + rest.describe() + " after a complete condition"
                    + " (join conditions with \"and\" or \"or\")", rest);
        }
        return expr;
    }

    private Expr or() {
        return logical(false);
    }

    private Expr and() {
        return logical(true);
    }

    private Expr logical(boolean isAnd) {
        String word = isAnd ? "and" : "or";
        Expr first = isAnd ? not() : and();
        if (!peek().isWord(word)) {
            return first;
        }
        var operands = new ArrayList<Expr>();
        operands.add(first);
        while (peek().isWord(word)) {
            advance();
            operands.add(isAnd ? not() : and());
        }
        return new Logical(isAnd, List.copyOf(operands), first.start(), operands.get(operands.size() - 1).end());
    }

    private Expr not() {
        if (peek().isWord("not")) {
            Token word = advance();
            Expr operand = not();
            return new Not(operand, word.column(), operand.end());
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = additive();
        Expr result;
        Token op = peek();
        if (COMPARISONS.contains(op.kind())) {
            advance();
            Expr right = additive();
            result = new Comparison(operator(op.kind()), left, right, left.start(), right.end());
        } else if (op.isWord("between")) {
            advance();
            Expr low = additive();
            if (!peek().isWord("and")) {
                throw error("expected \"and\" between the two bounds of \"between\"", peek());
            }
            advance();
            Expr high = additive();
            result = new Between(left, low, high, left.start(), high.end());
        } else if (op.isWord("in")) {
            advance();
            result = membership(left);
        } else {
            return left;
        }
        Token next = peek();
        if (COMPARISONS.contains(next.kind()) || next.isWord("between") || next.isWord("in")) {
            throw error("comparisons cannot be chained; join them with \"and\"", next);
        }
        return result;
    }

    private Expr membership(Expr value) {
        expect(Kind.LEFT_BRACKET, "\"[\" to start the list after \"in\"");
        var items = new ArrayList<Expr>();
        if (peek().kind() == Kind.RIGHT_BRACKET) {
            throw error("the list after \"in\" is empty", peek());
        }
        while (true) {
            items.add(listItem());
            Token t = peek();
            if (t.kind() == Kind.COMMA) {
                advance();
            } else if (t.kind() == Kind.RIGHT_BRACKET) {
                Token close = advance();
                return new Membership(value, List.copyOf(items), value.start(), close.end());
            } else {
                throw error("expected \",\" or \"]\"", t);
            }
        }
    }

    private Expr listItem() {
        Token t = peek();
        boolean literal = t.kind() == Kind.NUMBER || t.kind() == Kind.STRING || t.kind() == Kind.MINUS
                || t.isWord("true") || t.isWord("false");
        if (!literal) {
            throw error("list items must be numbers, strings, true or false, not " + t.describe(), t);
        }
        Expr item = primary();
        if (item instanceof DurationLiteral) {
            throw error("list items must be numbers, strings, true or false, not durations", tokenAt(item.start()));
        }
        return item;
    }

    private Expr additive() {
        Expr left = primary();
        while (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
            boolean plus = advance().kind() == Kind.PLUS;
            Expr right = primary();
            left = new Arithmetic(plus, left, right, left.start(), right.end());
        }
        return left;
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER:
                advance();
                return numberOrDuration(t, t.column(), t.text());
            case MINUS: {
                advance();
                Token number = peek();
                if (number.kind() != Kind.NUMBER) {
                    throw error("expected a number after \"-\"", number);
                }
                advance();
                if (unitAhead()) {
                    throw error("a duration cannot be negative", t);
                }
                return numberOrDuration(number, t.column(), "-" + number.text());
            }
            case STRING:
                advance();
                return new StringLiteral(t.text().substring(1, t.text().length() - 1), t.column(), t.end());
            case LEFT_PAREN: {
                advance();
                Expr inner = or();
                expect(Kind.RIGHT_PAREN, "\")\"");
                return inner;
            }
            case IDENTIFIER:
                return word(t);
            case END:
                throw error("expected a value but the rule ends", t);
            default:
                throw error("expected a value but found " + t.describe(), t);
        }
    }

    private Expr word(Token t) {
        String w = t.text();
        if (w.equals("true") || w.equals("false")) {
            advance();
            return new BooleanLiteral(w.equals("true"), t.column(), t.end());
        }
        if (w.equals("never")) {
            throw error("\"never\" is a value sites enter for a date; in a rule, within(date, duration)"
                    + " is false for it", t);
        }
        if (Names.KEYWORDS.contains(w)) {
            throw error("expected a value but found " + t.describe(), t);
        }
        advance();
        if (peek().kind() == Kind.LEFT_PAREN) {
            return call(t);
        }
        return new Variable(w, t.column(), t.end());
    }

    private Expr call(Token name) {
        Function function = Function.fromWord(name.text());
        if (function == null) {
            throw error("unknown function " + name.text() + Names.didYouMean(name.text(), Function.words())
                    + "; the functions are " + String.join(", ", Function.words()), name);
        }
        advance();
        var arguments = new ArrayList<Expr>();
        if (peek().kind() != Kind.RIGHT_PAREN) {
            arguments.add(or());
            while (peek().kind() == Kind.COMMA) {
                advance();
                arguments.add(or());
            }
        }
        Token close = expect(Kind.RIGHT_PAREN, "\")\"");
        if (arguments.size() != function.arity()) {
            throw error(function.word() + " takes " + function.arity()
                    + (function.arity() == 1 ? " argument" : " arguments") + " (" + function.arguments()
                    + "), not " + arguments.size(), name);
        }
        return new Call(function, List.copyOf(arguments), name.column(), close.end());
    }

    private Expr numberOrDuration(Token number, int start, String literal) {
        Token next = peek();
        if (next.kind() == Kind.IDENTIFIER && !Names.KEYWORDS.contains(next.text())) {
            DurationUnit unit = DurationUnit.fromWord(next.text());
            if (unit != null) {
                advance();
                if (literal.contains(".")) {
                    throw error("a duration needs a whole number, not " + literal, number);
                }
                int amount;
                try {
                    amount = Integer.parseInt(literal);
                } catch (NumberFormatException e) {
                    throw error("the duration " + literal + " is too long", number);
                }
                return new DurationLiteral(amount, unit, start, next.end());
            }
            if (Names.closest(next.text(), UNIT_WORDS).isPresent()) {
                throw error("unknown duration unit " + next.text() + Names.didYouMean(next.text(), UNIT_WORDS)
                        + "; the units are days, weeks, months and years", next);
            }
        }
        return new NumberLiteral(new BigDecimal(literal), literal, start, number.end());
    }

    private boolean unitAhead() {
        Token next = peek();
        return next.kind() == Kind.IDENTIFIER && DurationUnit.fromWord(next.text()) != null;
    }

    private static ComparisonOperator operator(Kind kind) {
        return switch (kind) {
            case LESS -> ComparisonOperator.LESS;
            case LESS_EQUAL -> ComparisonOperator.LESS_EQUAL;
            case GREATER -> ComparisonOperator.GREATER;
            case GREATER_EQUAL -> ComparisonOperator.GREATER_EQUAL;
            case EQUAL -> ComparisonOperator.EQUAL;
            case NOT_EQUAL -> ComparisonOperator.NOT_EQUAL;
            default -> throw new IllegalArgumentException(kind + " is not a comparison");
        };
    }

    private Token expect(Kind kind, String what) {
        Token t = peek();
        if (t.kind() != kind) {
            throw error("expected " + what, t);
        }
        return advance();
    }

    private Token tokenAt(int column) {
        return tokens.stream().filter(t -> t.column() == column).findFirst().orElse(peek());
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token advance() {
        return tokens.get(index++);
    }

    private RuleSyntaxException error(String problem, Token at) {
        return new RuleSyntaxException(text, problem, at.column());
    }
}
