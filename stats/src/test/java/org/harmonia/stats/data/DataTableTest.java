package org.harmonia.stats.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;

/** Reading CSV into a table: quoting, missing values, and the errors a user sees. */
class DataTableTest {

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() throws Exception {
        DataTable t = DataTable.readCsv("t.csv", new StringReader("id,note\r\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n"));
        assertThat(t.rows()).isEqualTo(3);
        assertThat(t.cells("note")).containsExactly("a, b", "say \"hi\"", "two\nlines");
    }

    @Test
    void readsFromAReaderWithoutMarkSupport() throws Exception {
        var in = new InputStreamReader(new ByteArrayInputStream("a,b\n\"x\",1\n".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertThat(DataTable.readCsv("t.csv", in).cells("a")).containsExactly("x");
    }

    @Test
    void treatsEmptyCellsAndNaAsMissing() throws Exception {
        DataTable t = DataTable.readCsv("t.csv", new StringReader("y\n1\n\nNA\n2.5\n"));
        assertThat(t.rows()).isEqualTo(3);
        double[] y = t.numeric("y");
        assertThat(y[0]).isEqualTo(1.0);
        assertThat(y[1]).isNaN();
        assertThat(y[2]).isEqualTo(2.5);
    }

    @Test
    void namesTheColumnsWhenOneIsMissing() throws Exception {
        DataTable t = DataTable.readCsv("F.csv", new StringReader("y,arm\n1,a\n"));
        assertThatThrownBy(() -> t.cells("site")).isInstanceOf(InvalidDataException.class)
                .hasMessage("column \"site\" not found in F.csv; columns are: y, arm");
    }

    @Test
    void namesRowAndValueThatIsNotANumber() throws Exception {
        DataTable t = DataTable.readCsv("F.csv", new StringReader("y\n1\nthree\n"));
        assertThatThrownBy(() -> t.numeric("y")).hasMessage("column \"y\" of F.csv row 2: \"three\" is not a number");
        assertThat(t.isNumeric("y")).isFalse();
    }

    @Test
    void refusesRaggedRowsDuplicateColumnsAndEmptyFiles() {
        assertThatThrownBy(() -> DataTable.readCsv("F.csv", new StringReader("a,b\n1\n")))
                .hasMessage("F.csv line 2 has 1 fields, the header has 2");
        assertThatThrownBy(() -> DataTable.readCsv("F.csv", new StringReader("a,a\n1,2\n")))
                .hasMessage("F.csv has the column \"a\" twice");
        assertThatThrownBy(() -> DataTable.readCsv("F.csv", new StringReader("")))
                .hasMessage("F.csv is empty: expected a header row");
        assertThatThrownBy(() -> DataTable.readCsv("F.csv", new StringReader("a\n\"open\n")))
                .hasMessage("F.csv line 3: a quoted field is not closed");
    }

    @Test
    void selectsRowsInOrder() throws Exception {
        DataTable t = DataTable.readCsv("t.csv", new StringReader("a\nx\ny\nz\n"));
        assertThat(t.selectRows(Set.of(2, 0)).cells("a")).containsExactly("x", "z");
    }
}
