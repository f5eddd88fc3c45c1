package org.harmonia.server.standards.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport format against an implementation Harmonia does not share code with: R's haven (ReadStat).
 * {@code sdtm/haven/haven-v5.xpt} was written by {@code write_xpt.R} (haven 2.5.1, R 4.2.2); Harmonia's reader reads
 * it and Harmonia's IBM floats equal haven's byte for byte. In the other direction, {@code read_harmonia_xpt.R} read a
 * file of {@link XptWriter} once by hand ({@code read_harmonia_xpt.out}, committed), and does again here when Rscript
 * with haven is installed.
 */
class HavenXptTest {
    static final Path HAVEN = Path.of("src", "test", "resources", "sdtm", "haven");

    @TempDir
    Path dir;

    @Test
    void harmoniasReaderReadsWhatHavenWrote() throws IOException {
        XptReader.Member m = XptReader.read(HAVEN.resolve("haven-v5.xpt"));
        assertThat(m.name()).isEqualTo("NUMBERS");
        assertThat(m.label()).isEqualTo("Known numbers");
        assertThat(m.columns()).extracting(XptReader.Column::name).containsExactly("NAME", "X");
        assertThat(m.columns().get(0).label()).isEqualTo("what the number is");
        assertThat(m.rows()).extracting(r -> r.get(0)).containsExactly("one", "minus one", "tenth", "small", "large", "missing", "zero", "Malmo");
        assertThat(m.rows()).extracting(r -> r.get(1)).containsExactly(1.0, -1.0, 0.1, 1e-5, 1e10, null, 0.0, 123456789.5);
    }

    @Test
    void harmoniasIbmFloatsAreHavensByteForByte() throws IOException {
        byte[] file = Files.readAllBytes(HAVEN.resolve("haven-v5.xpt"));
        XptReader.Member m = XptReader.read(file);
        int data = new String(file, StandardCharsets.ISO_8859_1).indexOf("HEADER RECORD*******OBS") + 80;
        XptReader.Column x = m.columns().get(1);
        int rowLength = m.columns().stream().mapToInt(XptReader.Column::length).sum();
        for (int i = 0; i < m.rows().size(); i++) {
            int at = data + i * rowLength + x.position();
            byte[] havens = Arrays.copyOfRange(file, at, at + 8);
            Double value = (Double) m.rows().get(i).get(1);
            assertThat(IbmFloat.bytes(value)).as("row " + i + ": " + value).isEqualTo(havens);
        }
    }

    static byte[] harmoniaFile() throws IOException {
        Dataset d = new Dataset("NUMBERS", "Known numbers", List.of(Variable.text("NAME", "what the number is", 12),
                Variable.number("X", "a number"), Variable.date("XDTC", "a date")), List.of("NAME"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XptWriter w = new XptWriter(d, out, java.time.LocalDateTime.of(2026, 12, 2, 16, 30))) {
            w.row("one", 1.0, "2013-02-04");
            w.row("minus one", -1.0, null);
            w.row("tenth", 0.1, null);
            w.row("small", 1e-5, null);
            w.row("large", 1e10, null);
            w.row("missing", null, null);
            w.row("zero", 0.0, null);
            w.row("Malmö", 123456789.5, "2020-07-01");
        }
        return out.toByteArray();
    }

    @Test
    void havenReadsWhatHarmoniaWrote() throws Exception {
        String expected = Files.readString(HAVEN.resolve("read_harmonia_xpt.out"));
        assertThat(expected).contains("row: one | 1 | 2013-02-04", "row: tenth | 0.10000000000000001 | ", "row: missing | NA | ",
                "row: Malmo | 123456789.5 | 2020-07-01");
        boolean haven;
        try {
            Process p = new ProcessBuilder("Rscript", "-e", "library(haven)").redirectErrorStream(true).start();
            haven = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            haven = false;
        }
        Assumptions.assumeTrue(haven, "Rscript with haven is not installed; the committed output stands");
        Path file = dir.resolve("harmonia.xpt");
        Files.write(file, harmoniaFile());
        Process p = new ProcessBuilder("Rscript", HAVEN.resolve("read_harmonia_xpt.R").toString(), file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo(expected);
    }
}
