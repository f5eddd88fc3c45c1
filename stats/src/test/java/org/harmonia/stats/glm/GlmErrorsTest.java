package org.harmonia.stats.glm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.NoConvergenceException;
import org.harmonia.stats.data.DataTable;
import org.junit.jupiter.api.Test;

/** Data a model cannot be fitted to gives a specific message naming the column, row or term. */
class GlmErrorsTest {

    private static DataTable csv(String text) throws IOException {
        return DataTable.readCsv("test.csv", new StringReader(text));
    }

    @Test
    void rejectsEmptyData() throws IOException {
        DataTable empty = csv("y,x\n");
        assertThatThrownBy(() -> Glm.fit(empty, "y ~ x", Family.POISSON, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("no data rows");
    }

    @Test
    void rejectsRowsThatAllMissAValue() throws IOException {
        DataTable t = csv("y,x\n1,NA\nNA,2\n");
        assertThatThrownBy(() -> Glm.fit(t, "y ~ x", Family.POISSON, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("no complete rows");
    }

    @Test
    void rejectsMissingColumn() throws IOException {
        DataTable t = csv("y,x\n1,2\n3,4\n");
        assertThatThrownBy(() -> Glm.fit(t, "y ~ x + arm", Family.POISSON, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("column \"arm\" not found");
    }

    @Test
    void rejectsConstantTerm() throws IOException {
        DataTable t = csv("y,x,dose\n1,1,5\n3,2,5\n2,3,5\n4,4,5\n");
        assertThatThrownBy(() -> Glm.fit(t, "y ~ x + dose", Family.POISSON, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("dose is constant");
    }

    @Test
    void rejectsFactorWithOneLevel() throws IOException {
        DataTable t = csv("y,arm\n1,a\n3,a\n2,a\n");
        assertThatThrownBy(() -> Glm.fit(t, "y ~ arm", Family.POISSON, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("arm has a single level (a)");
    }

    @Test
    void rejectsAliasedTerms() throws IOException {
        DataTable t = csv("y,x,twice\n1,1,2\n3,2,4\n2,3,6\n4,5,10\n");
        assertThatThrownBy(() -> Glm.fit(t, "y ~ x + twice", Family.POISSON, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("twice is aliased");
    }

    @Test
    void rejectsEmptyInteractionCellAsAliased() {
        // quine has no slow learners in age group F3, so AgeF3:LrnSL is zero in every row (R reports NA).
        DataTable quine = RReference.data("quine.csv");
        assertThatThrownBy(() -> Glm.fit(quine, "Days ~ Age * Lrn", Family.NEGBIN, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("AgeF3:LrnSL");
    }

    @Test
    void rejectsNegativeCounts() throws IOException {
        DataTable t = csv("y,x\n1,1\n-2,2\n2,3\n4,4\n");
        assertThatThrownBy(() -> Glm.fit(t, "y ~ x", Family.NEGBIN, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("negative (-2) in row 2");
    }

    @Test
    void rejectsNonIntegerCounts() throws IOException {
        DataTable t = csv("y,x\n1,1\n2.5,2\n2,3\n4,4\n");
        assertThatThrownBy(() -> Glm.fit(t, "y ~ x", Family.POISSON, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("not a whole number (2.5) in row 2");
    }

    @Test
    void rejectsBinomialResponseOtherThanZeroOrOne() throws IOException {
        DataTable t = csv("y,x\n1,1\n0,2\n2,3\n1,4\n");
        assertThatThrownBy(() -> Glm.fit(t, "y ~ x", Family.BINOMIAL, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("is 2 in row 3; binomial needs 0 or 1");
    }

    @Test
    void reportsPerfectSeparation() throws IOException {
        DataTable t = csv("y,x\n0,1\n0,2\n0,3\n0,4\n1,5\n1,6\n1,7\n1,8\n");
        assertThatThrownBy(() -> Glm.fit(t, "y ~ x", Family.BINOMIAL, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("perfect separation");
    }

    @Test
    void reportsQuasiSeparationFromAFactor() throws IOException {
        // Every treated patient responds: the arm coefficient diverges.
        DataTable t = csv("y,arm,age\n1,t,30\n1,t,41\n1,t,52\n0,c,33\n1,c,45\n0,c,38\n1,c,61\n0,c,29\n");
        assertThatThrownBy(() -> Glm.fit(t, "y ~ arm + age", Family.BINOMIAL, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("perfect separation");
    }

    @Test
    void reportsNonConvergenceWithIterationCount() {
        DataTable quine = RReference.data("quine.csv");
        ModelMatrix m = ModelMatrix.build(quine, Formula.parse("Days ~ Eth + Sex + Age + Lrn"), Map.of());
        GlmFitter twoIterations = new GlmFitter(new GlmControl(2, 1e-8, true));
        assertThatThrownBy(() -> twoIterations.fit(Family.NEGBIN, m.columns(), m.response(), null, true))
                .isInstanceOf(NoConvergenceException.class).hasMessageContaining("after 2 iterations");
    }

    @Test
    void rejectsUnknownReferenceLevel() {
        DataTable lesions = RReference.data("lesions.csv");
        assertThatThrownBy(() -> Glm.fit(lesions, "lesions ~ arm", Family.NEGBIN, Map.of("arm", "sham")))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("reference level \"sham\" of arm does not occur").hasMessageContaining("MSC, placebo");
    }

    @Test
    void rejectsReferenceForVariableNotInTheModel() {
        DataTable lesions = RReference.data("lesions.csv");
        assertThatThrownBy(() -> Glm.fit(lesions, "lesions ~ arm", Family.NEGBIN, Map.of("site", "1")))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("\"site\", which is not a factor");
    }

    @Test
    void rejectsNonPositiveOffsetUnderLog() throws IOException {
        DataTable t = csv("y,x,scans\n1,1,3\n2,2,0\n2,3,3\n4,4,3\n");
        assertThatThrownBy(() -> Glm.fit(t, "y ~ x + offset(log(scans))", Family.POISSON, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("log(scans) needs positive values")
                .hasMessageContaining("row 2");
    }

    @Test
    void rejectsLrtForTermNotInModel() {
        DataTable quine = RReference.data("quine.csv");
        assertThatThrownBy(() -> Glm.fit(quine, "Days ~ Eth + Sex", Family.POISSON, Map.of(), "Age"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("no term \"Age\"; its terms are: Eth, Sex");
    }

    @Test
    void rejectsTextResponse() {
        DataTable quine = RReference.data("quine.csv");
        assertThatThrownBy(() -> Glm.fit(quine, "Eth ~ Sex", Family.BINOMIAL, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("response \"Eth\"");
    }
}
