package org.harmonia.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Counting the rows of a binary COPY stream without a database, as a restore does before it creates anything. */
class CopyStreamTest {

    /** A stream as PostgreSQL writes it (docs: COPY, "Binary Format"): signature, flags, extension, rows, trailer -1. */
    private static byte[] stream(String[][] rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0});
        out.writeInt(0);
        out.writeInt(0);
        for (String[] row : rows) {
            out.writeShort(row.length);
            for (String field : row) {
                if (field == null) {
                    out.writeInt(-1);
                } else {
                    byte[] b = field.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(b.length);
                    out.write(b);
                }
            }
        }
        out.writeShort(-1);
        return bytes.toByteArray();
    }

    @Test
    void countsRowsWithNullsAndEmptyFields() throws IOException {
        byte[] s = stream(new String[][] {{"a", null}, {"", "long field ".repeat(2000)}, {null, null}});
        assertThat(CopyStream.countRows(new ByteArrayInputStream(s), 2)).isEqualTo(3);
        assertThat(CopyStream.countRows(new ByteArrayInputStream(stream(new String[0][])), 5)).isZero();
    }

    @Test
    void refusesAStreamCutShortOrWithTrailingBytes() throws IOException {
        byte[] s = stream(new String[][] {{"a", "b"}, {"c", "d"}});
        assertThatThrownBy(() -> CopyStream.countRows(new ByteArrayInputStream(Arrays.copyOf(s, s.length - 3)), 2))
                .isInstanceOf(IOException.class).hasMessage("the COPY stream ends early");
        byte[] longer = Arrays.copyOf(s, s.length + 1);
        assertThatThrownBy(() -> CopyStream.countRows(new ByteArrayInputStream(longer), 2))
                .hasMessage("data follows the end of the COPY stream");
    }

    @Test
    void refusesRowsOfAnotherWidthAndOtherFormats() throws IOException {
        assertThatThrownBy(() -> CopyStream.countRows(new ByteArrayInputStream(stream(new String[][] {{"a", "b", "c"}})), 2))
                .hasMessage("row 1 has 3 fields, not 2");
        assertThatThrownBy(() -> CopyStream.countRows(new ByteArrayInputStream("id,name\n1,a\n".getBytes(StandardCharsets.UTF_8)), 2))
                .hasMessage("not a binary COPY stream");
    }
}
