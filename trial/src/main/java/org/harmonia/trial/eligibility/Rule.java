package org.harmonia.trial.eligibility;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.harmonia.trial.eligibility.Expr.Arithmetic;
import org.harmonia.trial.eligibility.Expr.Between;
import org.harmonia.trial.eligibility.Expr.Call;
import org.harmonia.trial.eligibility.Expr.Comparison;
import org.harmonia.trial.eligibility.Expr.Logical;
import org.harmonia.trial.eligibility.Expr.Membership;
import org.harmonia.trial.eligibility.Expr.Not;
import org.harmonia.trial.eligibility.Expr.Variable;

/**
 * A machine-readable eligibility rule such as {@code edss between 3.0 and 6.5}, parsed from the text a trial
 * manager wrote in the protocol file. The language is described in docs/eligibility-rules.md.
 */
public final class Rule {
    private final String text;
    private final Expr expr;
    private final Set<String> variables;

    private Rule(String text, Expr expr) {
        this.text = text;
        this.expr = expr;
        var names = new LinkedHashSet<String>();
        collectVariables(expr, names);
        this.variables = Collections.unmodifiableSet(names);
    }

    /** Parses a rule; a text that is not a rule raises {@link RuleSyntaxException} with the column at fault. */
    public static Rule parse(String text) {
        if (text == null) {
            throw new RuleSyntaxException("", "the rule is empty", 0);
        }
        return new Rule(text, RuleParser.parse(text));
    }

    /** The rule as written. */
    public String text() {
        return text;
    }

    /** The names of the screening variables the rule reads, in order of first appearance. */
    public Set<String> variables() {
        return variables;
    }

    /**
     * Every problem of the rule against the protocol's variables (unknown names, mismatched types, choices
     * that do not exist), each with its column; empty when the rule can be evaluated.
     */
    public List<String> check(Map<String, ScreeningVariable> variables) {
        return RuleChecker.check(text, expr, variables);
    }

    Expr expr() {
        return expr;
    }

    private static void collectVariables(Expr expr, Set<String> names) {
        if (expr instanceof Variable v) {
            names.add(v.name());
        } else if (expr instanceof Not n) {
            collectVariables(n.operand(), names);
        } else if (expr instanceof Logical l) {
            l.operands().forEach(e -> collectVariables(e, names));
        } else if (expr instanceof Comparison c) {
            collectVariables(c.left(), names);
            collectVariables(c.right(), names);
        } else if (expr instanceof Between b) {
            collectVariables(b.value(), names);
            collectVariables(b.low(), names);
            collectVariables(b.high(), names);
        } else if (expr instanceof Membership m) {
            collectVariables(m.value(), names);
        } else if (expr instanceof Arithmetic a) {
            collectVariables(a.left(), names);
            collectVariables(a.right(), names);
        } else if (expr instanceof Call c) {
            c.arguments().forEach(e -> collectVariables(e, names));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Rule r && r.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
