package org.harmonia.stats.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChiSquareTestTest {

    static List<String> cases() {
        return RReference.names("c.");
    }

    /**
     * R 4.2.2: chisq.test(correct = TRUE/FALSE) on MESEMS adverse events, TeaTasting, Job satisfaction (4 x 4,
     * fisher.test help), the party table of chisq.test's help (2 x 3), a table with |O - E| below 1/2 and huge
     * counts (see classical-tests.R).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesRChisqTest(String name) {
        RReference r = RReference.of(name);
        int rows = (int) r.number("rows");
        double[] flat = r.vector("table");
        int cols = flat.length / rows;
        double[][] counts = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, counts[i], 0, cols);
        }
        ChiSquareResult c = ChiSquareTest.test(ContingencyTable.ofCounts(counts), r.flag("correct"));
        assertThat(c.method()).isEqualTo(r.text("method"));
        r.assertClose("statistic", c.statistic());
        r.assertClose("df", c.df());
        r.assertClose("pValue", c.p());
        assertThat(c.lowExpected()).isEqualTo(r.flag("lowExpected"));
        double[] expected = r.vector("expected");
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                RReference.assertClose(expected[i * cols + j], c.expected().get(i).get(j), name + " expected " + i + "," + j);
            }
        }
    }

    @Test
    void rejectsNegativeCounts() {
        assertThatThrownBy(() -> ContingencyTable.ofCounts(new double[][] {{3, -1}, {2, 2}}))
                .isInstanceOf(InvalidDataException.class).hasMessage("count in row 1, column 2 is negative (-1.0)");
    }

    @Test
    void rejectsFractionalCounts() {
        assertThatThrownBy(() -> ContingencyTable.ofCounts(new double[][] {{3, 1}, {2.5, 2}}))
                .isInstanceOf(InvalidDataException.class).hasMessage("count in row 2, column 1 is not a whole number (2.5)");
    }

    @Test
    void rejectsAnEmptyColumn() {
        ContingencyTable t = ContingencyTable.of(new long[][] {{3, 0}, {2, 0}});
        assertThatThrownBy(() -> ChiSquareTest.test(t, true))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("column 2 of the table has no counts");
    }

    @Test
    void rejectsRaggedTables() {
        assertThatThrownBy(() -> ContingencyTable.of(new long[][] {{3, 1}, {2}}))
                .isInstanceOf(InvalidDataException.class).hasMessage("row 2 of the table has 1 counts, row 1 has 2");
    }

    @Test
    void crossTabulatesTwoColumnsInTheGivenLevelOrder() {
        ContingencyTable t = ContingencyTable.crossTabulate(
                new String[] {"A", "B", "A", "A", "B"}, new String[] {"yes", "no", "no", "yes", "no"},
                List.of("A", "B"), List.of("yes", "no"));
        assertThat(t.counts()).isDeepEqualTo(new long[][] {{2, 1}, {0, 2}});
    }
}
