package org.harmonia.trial.eligibility;

/** One lexical unit of a rule, with the column where it starts. */
record Token(Kind kind, String text, int column) {

    enum Kind { NUMBER, STRING, IDENTIFIER, LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET, COMMA,
        PLUS, MINUS, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL, EQUAL, NOT_EQUAL, END }

    int end() {
        return column + text.length();
    }

    boolean isWord(String word) {
        return kind == Kind.IDENTIFIER && text.equals(word);
    }

    /** How the token is named in an error message. */
    String describe() {
        return switch (kind) {
            case END -> "the end of the rule";
            case STRING -> text;
            default -> "\"" + text + "\"";
        };
    }
}
