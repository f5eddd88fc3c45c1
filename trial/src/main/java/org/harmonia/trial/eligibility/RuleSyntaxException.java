package org.harmonia.trial.eligibility;

import org.harmonia.stats.InvalidDataException;

/** A rule's text is not a sentence of the rule language; says what was expected and at which 0-based column. */
public class RuleSyntaxException extends InvalidDataException {
    private final String rule;
    private final int column;
    private final String problem;

    public RuleSyntaxException(String rule, String problem, int column) {
        super(problem + " at column " + column);
        this.rule = rule;
        this.problem = problem;
        this.column = column;
    }

    /** The rule text that failed to parse. */
    public String rule() {
        return rule;
    }

    /** What is wrong, without the position. */
    public String problem() {
        return problem;
    }

    /** The 0-based column (offset into the rule text) where the problem was found. */
    public int column() {
        return column;
    }
}
