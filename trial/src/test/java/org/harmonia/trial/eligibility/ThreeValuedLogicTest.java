package org.harmonia.trial.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.harmonia.trial.eligibility.RuleScreening.verdict;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kleene logic: a missing value is unknown, and an answer is given whenever the known parts decide it. */
class ThreeValuedLogicTest {

    /** Data for a and b, where "-" leaves the variable missing (unknown). */
    private static String[] data(String a, String b) {
        var pairs = new ArrayList<String>();
        if (!a.equals("-")) {
            pairs.add("a");
            pairs.add(a);
        }
        if (!b.equals("-")) {
            pairs.add("b");
            pairs.add(b);
        }
        return pairs.toArray(new String[0]);
    }

    @ParameterizedTest(name = "{0} and {1} = {2}")
    @CsvSource({
        "yes, yes, MET", "yes, no, NOT_MET", "yes, -, CANNOT_TELL",
        "no, yes, NOT_MET", "no, no, NOT_MET", "no, -, NOT_MET",
        "-, yes, CANNOT_TELL", "-, no, NOT_MET", "-, -, CANNOT_TELL",
    })
    void andFollowsKleene(String a, String b, CriterionOutcome expected) {
        assertThat(verdict("a and b", data(a, b)).outcome()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} or {1} = {2}")
    @CsvSource({
        "yes, yes, MET", "yes, no, MET", "yes, -, MET",
        "no, yes, MET", "no, no, NOT_MET", "no, -, CANNOT_TELL",
        "-, yes, MET", "-, no, CANNOT_TELL", "-, -, CANNOT_TELL",
    })
    void orFollowsKleene(String a, String b, CriterionOutcome expected) {
        assertThat(verdict("a or b", data(a, b)).outcome()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "not {0} = {1}")
    @CsvSource({"yes, NOT_MET", "no, MET", "-, CANNOT_TELL"})
    void notFollowsKleene(String a, CriterionOutcome expected) {
        assertThat(verdict("not a", data(a, "-")).outcome()).isEqualTo(expected);
    }

    @Test
    void aMissingValueMakesAComparisonUnknown() {
        CriterionVerdict v = verdict("edss between 3.0 and 6.5");
        assertThat(v.outcome()).isEqualTo(CriterionOutcome.CANNOT_TELL);
        assertThat(v.missing()).containsExactly("edss");
        assertThat(v.reason()).isEqualTo("missing: EDSS");
    }

    @Test
    void namesOnlyTheMissingVariablesThatWouldDecide() {
        CriterionVerdict v = verdict("(a or b) and edss > 3 and c", "edss", "4.0", "c", "yes");
        assertThat(v.outcome()).isEqualTo(CriterionOutcome.CANNOT_TELL);
        assertThat(v.missing()).containsExactly("a", "b");
        assertThat(v.reason()).isEqualTo("missing: a, b");
    }

    @Test
    void aFalsePartDecidesAConjunctionDespiteMissingParts() {
        CriterionVerdict v = verdict("a and edss > 3 and b", "edss", "2.0");
        assertThat(v.outcome()).isEqualTo(CriterionOutcome.NOT_MET);
        assertThat(v.reason()).isEqualTo("EDSS 2.0 is below 3");
        assertThat(v.missing()).isEmpty();
    }

    @Test
    void ifWithAnUnknownConditionIsDecidedWhenBothValuesAgree() {
        assertThat(verdict("edss >= if(a, 2.0, 2.0)", "edss", "3.0").outcome()).isEqualTo(CriterionOutcome.MET);
        CriterionVerdict v = verdict("edss >= if(a, 2.0, 4.0)", "edss", "3.0");
        assertThat(v.outcome()).isEqualTo(CriterionOutcome.CANNOT_TELL);
        assertThat(v.missing()).containsExactly("a");
    }

    @Test
    void conditionalConditionsFollowTheChosenBranch() {
        assertThat(verdict("if(a, b, c)", "a", "yes", "b", "no").outcome()).isEqualTo(CriterionOutcome.NOT_MET);
        assertThat(verdict("if(a, b, c)", "a", "no", "c", "yes").outcome()).isEqualTo(CriterionOutcome.MET);
        assertThat(verdict("if(a, b, c)", "b", "yes", "c", "yes").outcome()).isEqualTo(CriterionOutcome.MET);
        CriterionVerdict v = verdict("if(a, b, c)", "a", "yes");
        assertThat(v.outcome()).isEqualTo(CriterionOutcome.CANNOT_TELL);
        assertThat(v.missing()).containsExactly("b");
    }

    @Test
    void equalityOfConditionsIsUnknownWhenEitherIsUnknown() {
        assertThat(verdict("a == b", "a", "yes").outcome()).isEqualTo(CriterionOutcome.CANNOT_TELL);
        assertThat(verdict("a == b", "a", "yes", "b", "yes").outcome()).isEqualTo(CriterionOutcome.MET);
        assertThat(verdict("(edss > 3) != a", "edss", "4.0", "a", "yes").outcome())
                .isEqualTo(CriterionOutcome.NOT_MET);
    }
}
