package org.harmonia.trial.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Checking rules against a protocol's variables: names, types and choices, every problem reported at once. */
class RuleCheckTest {
    private static final Map<String, ScreeningVariable> VARIABLES = StockholmProtocol.variables();

    private static List<String> problems(String rule) {
        return Rule.parse(rule).check(VARIABLES);
    }

    @Test
    void acceptsAWellTypedRule() {
        assertThat(problems("edss_increase_12m >= if(edss <= 5.0, 1.0, 0.5) and phenotype in [\"SPMS\", \"PPMS\"]"
                + " and not within(last_relapse, 60 days) and years_since(date_of_birth) - 2 >= 16"
                + " and ms_onset_date > date_of_birth and days_before(last_relapse) != 0 and pregnant == false"))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "edds between 3.0 and 6.5 => unknown variable \"edds\" (did you mean edss?) at column 0",
        "egfr < 60 or renal_falure => unknown variable \"renal_falure\" (did you mean renal_failure?) at column 13",
        "weight > 60 => unknown variable \"weight\" at column 0",
        "date_of_birth < 18 => cannot compare date_of_birth (a date) with 18 (a number) at column 0",
        "phenotype == 3 => cannot compare phenotype (a text) with 3 (a number) at column 0",
        "phenotype < \"SPMS\" => \"<\" compares numbers or dates, but phenotype is a text; use \"==\" or \"!=\" at column 0",
        "pregnant > 0 => cannot compare pregnant (a yes/no condition) with 0 (a number) at column 0",
        "renal_failure + 1 > 2 => \"+\" needs numbers, but renal_failure is a yes/no condition at column 0",
        "egfr - last_relapse > 2 => \"-\" needs numbers, but last_relapse is a date at column 7",
        "edss and pregnant => \"and\" needs a condition (true or false), but edss is a number at column 0",
        "pregnant or egfr => \"or\" needs a condition (true or false), but egfr is a number at column 12",
        "not phenotype => \"not\" needs a condition (true or false), but phenotype is a text at column 4",
        "phenotype == \"SPSM\" => \"SPSM\" is not a choice of phenotype (RRMS, SPMS, PPMS) (did you mean SPMS?) at column 13",
        "`\"CIS\" != phenotype` => \"CIS\" is not a choice of phenotype (RRMS, SPMS, PPMS) at column 0",
        "phenotype in [\"RRMS\", \"rrms\"] => \"rrms\" is not a choice of phenotype (RRMS, SPMS, PPMS) (did you mean RRMS?) at column 22",
        "phenotype in [\"RRMS\", 2] => the list item 2 is a number but phenotype is a text at column 22",
        "last_relapse in [1] => \"in\" needs a number, a text or a yes/no value, but last_relapse is a date at column 0",
        "edss between 3.0 and last_relapse => the bound last_relapse is a date but edss is a number at column 21",
        "pregnant between 1 and 2 => \"between\" needs a number or a date, but pregnant is a yes/no condition at column 0",
        "years_since(edss) > 2 => years_since needs a date, but edss is a number at column 12",
        "days_before(pregnant) > 2 => days_before needs a date, but pregnant is a yes/no condition at column 12",
        "within(edss, 30 days) => within needs a date, but edss is a number at column 7",
        "within(last_relapse, 30) => within needs a duration such as 30 days or 3 months as its second argument, but 30 is a number at column 21",
        "edss > 30 days => 30 days is a duration, which can only be the second argument of within(date, duration) at column 7",
        "if(edss, true, false) => if needs a condition (true or false), but edss is a number at column 3",
        "edss > if(pregnant, 1, \"x\") => the two values of if must be of the same type, but 1 is a number and \"x\" is a text at column 7",
        "edss + 1 => the rule must be a condition that is true or false, but it is a number",
        "last_relapse => the rule must be a condition that is true or false, but it is a date",
    })
    void reportsTheProblem(String rule, String problem) {
        assertThat(problems(rule)).containsExactly(problem);
    }

    @Test
    void reportsEveryProblemOfARuleAtOnce() {
        assertThat(problems("edds > 3 and phenotype == \"SPSM\" or date_of_birth > 18 or weight < 2"))
                .containsExactly(
                        "unknown variable \"edds\" (did you mean edss?) at column 0",
                        "\"SPSM\" is not a choice of phenotype (RRMS, SPMS, PPMS) (did you mean SPMS?) at column 26",
                        "cannot compare date_of_birth (a date) with 18 (a number) at column 36",
                        "unknown variable \"weight\" at column 58");
    }

    @Test
    void doesNotRepeatAProblemUpThroughTheRule() {
        assertThat(problems("not (edds + 1 > 3)")).containsExactly(
                "unknown variable \"edds\" (did you mean edss?) at column 5");
    }
}
