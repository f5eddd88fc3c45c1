package org.harmonia.server.standards.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * One dataset as a SAS transport file, version 5 (the layout of SAS technical note TS-140 that regulators accept):
 * 80-byte records, a library header, one member with its descriptor, a 140-byte NAMESTR per variable, then the
 * observations packed back to back, the last record padded with blanks. Character values are ASCII (letters with
 * accents lose them; any other character outside ASCII becomes "?", a line break a blank), numbers IBM floats.
 */
public final class XptWriter implements DatasetWriter {
    static final int RECORD = 80;
    static final int NAMESTR = 140;
    private static final DateTimeFormatter SAS_DATETIME = DateTimeFormatter.ofPattern("ddMMMyy:HH:mm:ss", Locale.ROOT);

    private final Dataset dataset;
    private final OutputStream out;
    private final int observationLength;
    private final byte[] observation;
    private long bytesWritten;
    private long rows;

    /** Writes the headers at once; rows follow with {@link #row}. The stream is closed with the writer. */
    public XptWriter(Dataset dataset, OutputStream target, LocalDateTime created) throws IOException {
        this.dataset = dataset;
        this.out = new BufferedOutputStream(target, 64 * 1024);
        this.observationLength = dataset.variables().stream().mapToInt(Variable::length).sum();
        this.observation = new byte[observationLength];
        String stamp = SAS_DATETIME.format(created).toUpperCase(Locale.ROOT);
        header("LIBRARY", "000000000000000000000000000000");
        record(pad("SAS", 8) + pad("SAS", 8) + pad("SASLIB", 8) + pad("9.4", 8) + pad("Harmonia", 8) + pad("", 24) + stamp);
        record(stamp + pad("", 64));
        header("MEMBER ", "000000000000000001600000000" + NAMESTR);
        header("DSCRPTR", "000000000000000000000000000000");
        record(pad("SAS", 8) + pad(dataset.name(), 8) + pad("SASDATA", 8) + pad("9.4", 8) + pad("Harmonia", 8) + pad("", 24) + stamp);
        record(stamp + pad("", 16) + pad(dataset.label(), 40) + pad("", 8));
        header("NAMESTR", String.format(Locale.ROOT, "000000%04d00000000000000000000", dataset.variables().size()));
        int position = 0;
        int number = 1;
        for (Variable v : dataset.variables()) {
            write(namestr(v, number++, position));
            position += v.length();
        }
        finishRecord();
        header("OBS    ", "000000000000000000000000000000");
    }

    private static byte[] namestr(Variable v, int number, int position) {
        byte[] n = new byte[NAMESTR];
        putShort(n, 0, v.numeric() ? 1 : 2);
        putShort(n, 2, 0);
        putShort(n, 4, v.length());
        putShort(n, 6, number);
        putText(n, 8, v.name(), 8);
        putText(n, 16, v.label(), 40);
        putText(n, 56, "", 8);          // no output format
        putShort(n, 64, 0);
        putShort(n, 66, 0);
        putShort(n, 68, 0);             // left-justified
        putText(n, 72, "", 8);          // no input format
        putShort(n, 80, 0);
        putShort(n, 82, 0);
        putInt(n, 84, position);
        return n;                       // the remaining 52 bytes stay zero
    }

    @Override
    public void row(Object... values) throws IOException {
        DatasetWriter.check(dataset, values);
        int at = 0;
        for (int i = 0; i < values.length; i++) {
            Variable v = dataset.variables().get(i);
            if (v.numeric()) {
                Double d = values[i] == null ? null : ((Number) values[i]).doubleValue();
                System.arraycopy(IbmFloat.bytes(d), 0, observation, at, 8);
            } else {
                byte[] text = ascii((String) values[i]);
                if (text.length > v.length()) {
                    throw new IllegalArgumentException(dataset.name() + "." + v.name() + " holds at most " + v.length()
                            + " characters, not " + text.length);
                }
                Arrays.fill(observation, at, at + v.length(), (byte) ' ');
                System.arraycopy(text, 0, observation, at, text.length);
            }
            at += v.length();
        }
        write(observation);
        rows++;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        try (out) {
            finishRecord();
            out.flush();
        }
    }

    /** The text as XPT stores it: ASCII, accents dropped, line breaks and tabs as blanks, trailing blanks removed. */
    static byte[] ascii(String value) {
        if (value == null) {
            return new byte[0];
        }
        String plain = Normalizer.normalize(value, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        StringBuilder b = new StringBuilder(plain.length());
        plain.codePoints().forEach(c -> b.append(c < 0x20 || c == 0x7F ? ' ' : c < 0x80 ? (char) c : '?'));
        return b.toString().stripTrailing().getBytes(StandardCharsets.US_ASCII);
    }

    private void header(String kind, String numbers) throws IOException {
        record("HEADER RECORD*******" + kind + " HEADER RECORD!!!!!!!" + numbers + "  ");
    }

    private void record(String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        if (b.length != RECORD) {
            throw new IllegalStateException("a header record of " + b.length + " bytes: " + text);
        }
        write(b);
    }

    private void write(byte[] b) throws IOException {
        out.write(b);
        bytesWritten += b.length;
    }

    private void finishRecord() throws IOException {
        int pad = (int) ((RECORD - bytesWritten % RECORD) % RECORD);
        byte[] blanks = new byte[pad];
        Arrays.fill(blanks, (byte) ' ');
        write(blanks);
    }

    private static String pad(String s, int width) {
        String a = new String(ascii(s), StandardCharsets.US_ASCII);
        return a.length() >= width ? a.substring(0, width) : a + " ".repeat(width - a.length());
    }

    private static void putText(byte[] target, int at, String text, int width) {
        byte[] b = pad(text, width).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, target, at, width);
    }

    private static void putShort(byte[] target, int at, int value) {
        target[at] = (byte) (value >>> 8);
        target[at + 1] = (byte) value;
    }

    private static void putInt(byte[] target, int at, int value) {
        for (int i = 0; i < 4; i++) {
            target[at + i] = (byte) (value >>> (24 - 8 * i));
        }
    }
}
