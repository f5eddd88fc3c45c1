package org.harmonia.stats.glm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.glm.Formula.Kind;
import org.harmonia.stats.glm.Formula.Variable;
import org.junit.jupiter.api.Test;

/** Formulas parse into R's terms, in R's order and with R's labels (checked with R 4.2.2 terms()). */
class FormulaTest {

    @Test
    void ordersTermsByDegreeThenAppearanceAsR() {
        // R 4.2.2: attr(terms(y ~ Eth * Sex + Age + Lrn + Eth:Lrn), "term.labels")
        assertThat(Formula.parse("y ~ Eth * Sex + Age + Lrn + Eth:Lrn").termLabels())
                .containsExactly("Eth", "Sex", "Age", "Lrn", "Eth:Sex", "Eth:Lrn");
        // R 4.2.2: attr(terms(y ~ b:a + a + c*d), "term.labels")
        assertThat(Formula.parse("y ~ b:a + a + c*d").termLabels()).containsExactly("a", "c", "d", "b:a", "c:d");
        // R 4.2.2: attr(terms(y ~ g + x:g), "term.labels")
        assertThat(Formula.parse("y ~ g + x:g").termLabels()).containsExactly("g", "g:x");
    }

    @Test
    void expandsThreeWayProduct() {
        assertThat(Formula.parse("y ~ a * b * c").termLabels())
                .containsExactly("a", "b", "c", "a:b", "a:c", "b:c", "a:b:c");
    }

    @Test
    void readsFactorsLogsAndOffset() {
        Formula f = Formula.parse("lesions ~ arm + factor(site) + log(dose) + offset(log(scans))");
        assertThat(f.response()).isEqualTo("lesions");
        assertThat(f.termLabels()).containsExactly("arm", "factor(site)", "log(dose)");
        assertThat(f.offset()).isEqualTo(new Variable("scans", Kind.LOG));
        assertThat(f.intercept()).isTrue();
    }

    @Test
    void removesInterceptWithMinusOneOrPlusZero() {
        assertThat(Formula.parse("y ~ x - 1").intercept()).isFalse();
        assertThat(Formula.parse("y ~ 0 + x").intercept()).isFalse();
    }

    @Test
    void rejectsFormulaWithoutTilde() {
        assertThatThrownBy(() -> Formula.parse("y + x")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("no '~'");
    }

    @Test
    void rejectsUnsupportedFunction() {
        assertThatThrownBy(() -> Formula.parse("y ~ sqrt(x)")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("sqrt(...) is not supported");
    }

    @Test
    void rejectsDanglingOperator() {
        assertThatThrownBy(() -> Formula.parse("y ~ x +")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("a term is missing");
    }
}
