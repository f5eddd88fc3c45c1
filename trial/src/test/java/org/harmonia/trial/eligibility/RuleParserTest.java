package org.harmonia.trial.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing rules: precedence and grouping, and a message with the right column for every syntax error. */
class RuleParserTest {

    /** The parse tree written with every group in parentheses, so precedence is visible. */
    private static String grouped(String rule) {
        return grouped(Rule.parse(rule).expr());
    }

    private static String grouped(Expr e) {
        if (e instanceof NumberLiteral n) {
            return n.text();
        } else if (e instanceof StringLiteral s) {
            return "\"" + s.value() + "\"";
        } else if (e instanceof BooleanLiteral b) {
            return String.valueOf(b.value());
        } else if (e instanceof DurationLiteral d) {
            return d.text();
        } else if (e instanceof Variable v) {
            return v.name();
        } else if (e instanceof Not n) {
            return "(not " + grouped(n.operand()) + ")";
        } else if (e instanceof Logical l) {
            return l.operands().stream().map(RuleParserTest::grouped)
                    .collect(Collectors.joining(l.isAnd() ? " and " : " or ", "(", ")"));
        } else if (e instanceof Comparison c) {
            return "(" + grouped(c.left()) + " " + c.operator().symbol() + " " + grouped(c.right()) + ")";
        } else if (e instanceof Between b) {
            return "(" + grouped(b.value()) + " between " + grouped(b.low()) + " and " + grouped(b.high()) + ")";
        } else if (e instanceof Membership m) {
            return "(" + grouped(m.value()) + " in "
                    + m.items().stream().map(RuleParserTest::grouped).collect(Collectors.joining(", ", "[", "]")) + ")";
        } else if (e instanceof Arithmetic a) {
            return "(" + grouped(a.left()) + (a.isPlus() ? " + " : " - ") + grouped(a.right()) + ")";
        } else if (e instanceof Call c) {
            return c.function().word() + c.arguments().stream().map(RuleParserTest::grouped)
                    .collect(Collectors.joining(", ", "(", ")"));
        }
        throw new IllegalArgumentException(e.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a or b and c                | (a or (b and c))",
        "a and b or c and d          | ((a and b) or (c and d))",
        "a or b or c                 | (a or b or c)",
        "not a and b                 | ((not a) and b)",
        "not not a                   | (not (not a))",
        "not edss > 3                | (not (edss > 3))",
        "(a or b) and c              | ((a or b) and c)",
        "x + 1 > y - 2               | ((x + 1) > (y - 2))",
        "x - 1 - 2 == 3              | (((x - 1) - 2) == 3)",
        "x between 1 and 2 and y     | ((x between 1 and 2) and y)",
        "x between a - 1 and b + 1   | (x between (a - 1) and (b + 1))",
        "p in [\"A\", \"B\"] or q    | ((p in [\"A\", \"B\"]) or q)",
        "x in [-1, 2.5]              | (x in [-1, 2.5])",
        "x >= -0.5                   | (x >= -0.5)",
        "within(d, 3 months)         | within(d, 3 months)",
        "within(d, 1 year)           | within(d, 1 year)",
        "y >= if(e <= 5.0, 1.0, 0.5) | (y >= if((e <= 5.0), 1.0, 0.5))",
        "years_since(dob) between 18 and 50 | (years_since(dob) between 18 and 50)",
        "a != true                   | (a != true)",
    })
    void groupsByPrecedence(String rule, String expected) {
        assertThat(grouped(rule)).isEqualTo(expected);
    }

    @Test
    void parsesTheStockholmSpmsRule() {
        String rule = "phenotype != \"SPMS\" or (edss_increase_12m >= if(edss <= 5.0, 1.0, 0.5)"
                + " and (relapses_12m >= 1 or gel_on_mri_12m))";
        assertThat(grouped(rule)).isEqualTo("((phenotype != \"SPMS\") or ((edss_increase_12m >= if((edss <= 5.0),"
                + " 1.0, 0.5)) and ((relapses_12m >= 1) or gel_on_mri_12m)))");
    }

    @Test
    void acceptsRulesWrittenOverSeveralLines() {
        assertThat(grouped("a\n  and b\n  and c")).isEqualTo("(a and b and c)");
    }

    @Test
    void listsTheVariablesARuleReadsInOrder() {
        Rule rule = Rule.parse("edss_increase_12m >= if(edss <= 5.0, 1.0, 0.5) and (relapses_12m >= 1"
                + " or within(last_relapse, 60 days) or edss > 2)");
        assertThat(rule.variables()).containsExactly("edss_increase_12m", "edss", "relapses_12m", "last_relapse");
        assertThat(rule.text()).startsWith("edss_increase_12m >=");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                                  | the rule is empty at column 0",
        "`   `                               | the rule is empty at column 0",
        "`(edss > 3 and edss < 7`            | expected \")\" at column 22",
        "`within(last_dose, 30 days and x`   | expected \")\" at column 31",
        "`edss > 3)`                         | unexpected \")\" without a matching \"(\" at column 8",
        "`edss > 3 edss`                     | unexpected \"edss\" after a complete condition (join conditions with \"and\" or \"or\") at column 9",
        "`edss >`                            | expected a value but the rule ends at column 6",
        "`edss > )`                          | expected a value but found \")\" at column 7",
        "`edss > and`                        | expected a value but found \"and\" at column 7",
        "`edss AND x`                        | write \"and\" in lower case at column 5",
        "`True`                              | write \"true\" in lower case at column 0",
        "`edss = 3`                          | unexpected \"=\" (compare with \"==\") at column 5",
        "`!pregnant`                         | unexpected \"!\" (write \"not\", or \"!=\" for not equal) at column 0",
        "`a && b`                            | unexpected \"&\" (write \"and\") at column 2",
                "`phenotype == 'RRMS'`               | unexpected \"'\" (strings are written in double quotes) at column 13",
        "`edss > 3 # note`                   | unexpected character \"#\" at column 9",
        "`phenotype == \"RRMS`               | string is not closed with \" at column 13",
        "`edss > 6.`                         | expected a digit after the decimal point at column 9",
        "`within(d, 30days)`                 | expected a space after the number 30 at column 12",
        "`within(d, 30 dayz)`                | unknown duration unit dayz (did you mean days?); the units are days, weeks, months and years at column 13",
        "`within(d, 1.5 months)`             | a duration needs a whole number, not 1.5 at column 10",
        "`within(d, 99999999999 days)`      | the duration 99999999999 is too long at column 10",
        "`within(d, -3 days)`                | a duration cannot be negative at column 10",
        "`edss > - x`                        | expected a number after \"-\" at column 9",
        "`edss between 3.0 or 6.5`           | expected \"and\" between the two bounds of \"between\" at column 17",
        "`1 < edss < 7`                      | comparisons cannot be chained; join them with \"and\" at column 9",
        "`edss between 3 and 6 between 1 and 2` | comparisons cannot be chained; join them with \"and\" at column 21",
        "`phenotype in \"RRMS\"`             | expected \"[\" to start the list after \"in\" at column 13",
        "`phenotype in []`                   | the list after \"in\" is empty at column 14",
        "`phenotype in [\"RRMS\" \"SPMS\"]`  | expected \",\" or \"]\" at column 21",
        "`edss in [edss]`                    | list items must be numbers, strings, true or false, not \"edss\" at column 9",
        "`edss in [3 days]`                  | list items must be numbers, strings, true or false, not durations at column 9",
        "`yaers_since(dob) > 18`             | unknown function yaers_since (did you mean years_since?); the functions are years_since, days_before, within, if, present, happened at column 0",
        "`within(last_dose)`                 | within takes 2 arguments (a date and a duration), not 1 at column 0",
        "`years_since(a, b) > 1`             | years_since takes 1 argument (a date), not 2 at column 0",
        "`if(a, b) `                         | if takes 3 arguments (a condition, a value if it holds and a value if it does not), not 2 at column 0",
        "`last_dose == never`                | \"never\" is a value sites enter for a date; in a rule, within(date, duration) is false for it at column 13",
        "`within(d 30 days)`                 | expected \")\" at column 9",
    })
    void reportsEverySyntaxErrorWithItsColumn(String rule, String message) {
        assertThatThrownBy(() -> Rule.parse(rule))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessage(message);
    }

    @Test
    void suggestsOrForADoubleBar() {
        assertThatThrownBy(() -> Rule.parse("a || b")).hasMessage("unexpected \"|\" (write \"or\") at column 2");
    }

    @Test
    void syntaxErrorCarriesTheRuleAndTheColumn() {
        RuleSyntaxException e = org.junit.jupiter.api.Assertions.assertThrows(RuleSyntaxException.class,
                () -> Rule.parse("(edss > 3 and edss < 7"));
        assertThat(e.rule()).isEqualTo("(edss > 3 and edss < 7");
        assertThat(e.column()).isEqualTo(22);
        assertThat(e.problem()).isEqualTo("expected \")\"");
    }

    @Test
    void rulesAreEqualWhenWrittenTheSame() {
        assertThat(Rule.parse("edss > 3")).isEqualTo(Rule.parse("edss > 3"));
        assertThat(Rule.parse("edss > 3")).hasToString("edss > 3");
    }
}
