package org.harmonia.server.standards.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SAS transport files written by {@link XptWriter} and read back by the independent {@link XptReader}. */
class XptWriterTest {
    static final LocalDateTime CREATED = LocalDateTime.of(2026, 12, 2, 16, 5, 30);
    static final Dataset VS = new Dataset("VS", "Vital Signs", List.of(
            Variable.text("USUBJID", "Unique Subject Identifier", 20),
            Variable.integer("VSSEQ", "Sequence Number"),
            Variable.text("VSTESTCD", "Vital Signs Test Short Name", 8),
            Variable.number("VSSTRESN", "Numeric Result/Finding in Standard Units"),
            Variable.date("VSDTC", "Date/Time of Measurements")), List.of("USUBJID", "VSSEQ"));

    static byte[] write(Dataset d, Object[]... rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XptWriter w = new XptWriter(d, out, CREATED)) {
            for (Object[] r : rows) {
                w.row(r);
            }
        }
        return out.toByteArray();
    }

    @Test
    void rowsComeBackWithNamesLabelsLengthsAndValues() throws IOException {
        byte[] file = write(VS,
                new Object[] {"MESEMS-07-001", 1, "SYSBP", 128.0, "2013-02-04"},
                new Object[] {"MESEMS-07-001", 2, "TEMP", 36.7, "2013-02-04"},
                new Object[] {"MESEMS-07-002", 1, "WEIGHT", null, null});
        assertThat(file.length % 80).isZero();
        XptReader.Member m = XptReader.read(file);
        assertThat(m.name()).isEqualTo("VS");
        assertThat(m.label()).isEqualTo("Vital Signs");
        assertThat(m.created()).isEqualTo("02DEC26:16:05:30");
        assertThat(m.columns()).extracting(XptReader.Column::name).containsExactly("USUBJID", "VSSEQ", "VSTESTCD", "VSSTRESN", "VSDTC");
        assertThat(m.columns()).extracting(XptReader.Column::length).containsExactly(20, 8, 8, 8, 10);
        assertThat(m.columns().get(3).label()).isEqualTo("Numeric Result/Finding in Standard Units");
        assertThat(m.columns().get(3).numeric()).isTrue();
        assertThat(m.columns().get(0).numeric()).isFalse();
        assertThat(m.rows()).hasSize(3);
        assertThat(m.rows().get(0)).containsExactly("MESEMS-07-001", 1.0, "SYSBP", 128.0, "2013-02-04");
        assertThat(m.rows().get(1).get(3)).isEqualTo(36.7);
        assertThat(m.rows().get(2)).containsExactly("MESEMS-07-002", 1.0, "WEIGHT", null, "");
    }

    @Test
    void anEmptyDatasetHasHeadersAndNoRows() throws IOException {
        XptReader.Member m = XptReader.read(write(VS));
        assertThat(m.columns()).hasSize(5);
        assertThat(m.rows()).isEmpty();
    }

    @Test
    void shortRowsPackedIntoRecordsAreNotConfusedWithThePadding() throws IOException {
        Dataset tiny = new Dataset("T", "Tiny", List.of(Variable.text("X", "x", 3)), List.of());
        Object[][] rows = new Object[7][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Object[] {"r" + i};
        }
        XptReader.Member m = XptReader.read(write(tiny, rows));
        assertThat(m.rows()).extracting(r -> r.get(0)).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6");
    }

    @Test
    void textsBecomeAsciiWithoutTheirAccentsOrLineBreaks() throws IOException {
        Dataset d = new Dataset("CM", "Concomitant Medications", List.of(Variable.text("CMTRT", "Reported Name of Drug", 40)), List.of());
        XptReader.Member m = XptReader.read(write(d, new Object[] {"Fingolimod Malmö\ncontinued"}, new Object[] {"漢方"}));
        assertThat(m.rows().get(0).get(0)).isEqualTo("Fingolimod Malmo continued");
        assertThat(m.rows().get(1).get(0)).isEqualTo("??");
    }

    @Test
    void aValueLongerThanItsVariableIsRefused() {
        Dataset d = new Dataset("CM", "Concomitant Medications", List.of(Variable.text("CMTRT", "Reported Name of Drug", 5)), List.of());
        assertThatThrownBy(() -> write(d, new Object[] {"interferon"})).hasMessageContaining("CM.CMTRT holds at most 5 characters");
    }

    @Test
    void aTextInANumericVariableOrAWrongCountIsRefused() {
        assertThatThrownBy(() -> write(VS, new Object[] {"S", 1, "SYSBP", "128", null})).hasMessageContaining("VS.VSSTRESN is numeric");
        assertThatThrownBy(() -> write(VS, new Object[] {"S", 1})).hasMessageContaining("a row of 2 values for 5 variables");
    }

    @Test
    void namesAndLabelsOutsideTheTransportLimitsAreRefused() {
        assertThatThrownBy(() -> Variable.text("USUBJIDXX", "x", 5)).hasMessageContaining("1 to 8 upper-case letters");
        assertThatThrownBy(() -> Variable.text("X", "a label that is clearly longer than forty characters", 5))
                .hasMessageContaining("at most 40 printable ASCII characters");
        assertThatThrownBy(() -> Variable.text("X", "x", 201)).hasMessageContaining("length 1 to 200");
        assertThatThrownBy(() -> new Dataset("VITALSIGNS", "x", List.of(Variable.text("X", "x", 1)), List.of()))
                .hasMessageContaining("1 to 8 upper-case letters or digits");
    }

    @Test
    void aManyVariableHeaderSpansSeveralRecords() throws IOException {
        List<Variable> vars = new java.util.ArrayList<>();
        for (int i = 0; i < 13; i++) {
            vars.add(Variable.number("V" + i, "variable " + i));
        }
        Dataset wide = new Dataset("WIDE", "Wide", vars, List.of());
        Object[] row = new Object[13];
        Arrays.setAll(row, i -> (double) i * 1.5);
        XptReader.Member m = XptReader.read(write(wide, row));
        assertThat(m.columns()).hasSize(13);
        assertThat(m.rows().get(0).get(12)).isEqualTo(18.0);
    }
}
