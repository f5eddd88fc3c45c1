package org.harmonia.trial.eligibility;

import java.util.ArrayList;
import java.util.List;
import org.harmonia.trial.eligibility.Token.Kind;

/** Splits a rule's text into tokens; string tokens keep their quotes so columns and messages stay exact. */
final class RuleLexer {
    private final String text;
    private int pos;

    private RuleLexer(String text) {
        this.text = text;
    }

    static List<Token> tokens(String text) {
        return new RuleLexer(text).run();
    }

    private List<Token> run() {
        var tokens = new ArrayList<Token>();
        while (true) {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            if (pos >= text.length()) {
                tokens.add(new Token(Kind.END, "", text.length()));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = pos;
        char c = text.charAt(pos);
        if (Character.isDigit(c)) {
            return number(start);
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String word = text.substring(start, pos);
            String lower = word.toLowerCase();
            if (!word.equals(lower) && Names.KEYWORDS.contains(lower)) {
                // variable names are lower case, so "AND" or "True" can only be a keyword in the wrong case
                throw error("write \"" + lower + "\" in lower case", start);
            }
            return new Token(Kind.IDENTIFIER, word, start);
        }
        if (c == '"') {
            return string(start);
        }
        pos++;
        char n = pos < text.length() ? text.charAt(pos) : '\0';
        switch (c) {
            case '(': return new Token(Kind.LEFT_PAREN, "(", start);
            case ')': return new Token(Kind.RIGHT_PAREN, ")", start);
            case '[': return new Token(Kind.LEFT_BRACKET, "[", start);
            case ']': return new Token(Kind.RIGHT_BRACKET, "]", start);
            case ',': return new Token(Kind.COMMA, ",", start);
            case '+': return new Token(Kind.PLUS, "+", start);
            case '-': return new Token(Kind.MINUS, "-", start);
            case '<':
                return n == '=' ? two(Kind.LESS_EQUAL, "<=", start) : new Token(Kind.LESS, "<", start);
            case '>':
                return n == '=' ? two(Kind.GREATER_EQUAL, ">=", start) : new Token(Kind.GREATER, ">", start);
            case '=':
                if (n == '=') {
                    return two(Kind.EQUAL, "==", start);
                }
                throw error("unexpected \"=\" (compare with \"==\")", start);
            case '!':
                if (n == '=') {
                    return two(Kind.NOT_EQUAL, "!=", start);
                }
                throw error("unexpected \"!\" (write \"not\", or \"!=\" for not equal)", start);
            case '&':
                throw error("unexpected \"&\" (write \"and\")", start);
            case '|':
                throw error("unexpected \"|\" (write \"or\")", start);
            case '\'':
                throw error("unexpected \"'\" (strings are written in double quotes)", start);
            default:
                throw error("unexpected character \"" + c + "\"", start);
        }
    }

    private Token two(Kind kind, String symbol, int start) {
        pos++;
        return new Token(kind, symbol, start);
    }

    private Token number(int start) {
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            if (pos >= text.length() || !Character.isDigit(text.charAt(pos))) {
                throw error("expected a digit after the decimal point", pos);
            }
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            throw error("expected a space after the number " + text.substring(start, pos), pos);
        }
        return new Token(Kind.NUMBER, text.substring(start, pos), start);
    }

    private Token string(int start) {
        pos++;
        while (pos < text.length() && text.charAt(pos) != '"') {
            if (text.charAt(pos) == '\n') {
                break;
            }
            pos++;
        }
        if (pos >= text.length() || text.charAt(pos) != '"') {
            throw error("string is not closed with \"", start);
        }
        pos++;
        return new Token(Kind.STRING, text.substring(start, pos), start);
    }

    private RuleSyntaxException error(String problem, int column) {
        return new RuleSyntaxException(text, problem, column);
    }
}
