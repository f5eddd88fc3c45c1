package org.harmonia.server.standards.dataset;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A reader of SAS transport version 5 files written from the format's description (SAS technical note TS-140),
 * sharing no code with the writer, so that a file read back here checks the writer against the format and not
 * against itself. Reads one member. Numbers come back as Double (missing values as null), texts with their
 * trailing blanks removed.
 */
public final class XptReader {
    private static final String LIBRARY = "HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!000000000000000000000000000000  ";
    private static final String MEMBER_PREFIX = "HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!000000000000000001600000000";
    private static final String DESCRIPTOR = "HEADER RECORD*******DSCRPTR HEADER RECORD!!!!!!!000000000000000000000000000000  ";
    private static final String NAMESTR_PREFIX = "HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!000000";
    private static final String OBS = "HEADER RECORD*******OBS     HEADER RECORD!!!!!!!000000000000000000000000000000  ";

    /** One variable as its NAMESTR record describes it. */
    public record Column(String name, String label, boolean numeric, int length, int position, int number) {
    }

    /** The member read: name, label, columns and rows. */
    public record Member(String name, String label, String created, List<Column> columns, List<List<Object>> rows) {
        public int column(String name) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(name)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no column " + name);
        }

        public Object value(int row, String column) {
            return rows.get(row).get(column(column));
        }
    }

    private XptReader() {
    }

    public static Member read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    public static Member read(byte[] b) {
        if (b.length % 80 != 0) {
            throw new IllegalArgumentException("not a whole number of 80-byte records: " + b.length + " bytes");
        }
        expect(b, 0, LIBRARY);
        expectStart(b, 80, "SAS     SAS     SASLIB  ");
        expectStart(b, 240, MEMBER_PREFIX);
        int namestrLength = Integer.parseInt(text(b, 240 + 75, 3).trim());
        if (namestrLength != 140 && namestrLength != 136) {
            throw new IllegalArgumentException("NAMESTR length " + namestrLength);
        }
        expect(b, 320, DESCRIPTOR);
        expectStart(b, 400, "SAS     ");
        String name = text(b, 408, 8).trim();
        String created = text(b, 400 + 64, 16);
        String label = text(b, 480 + 32, 40).trim();
        expectStart(b, 560, NAMESTR_PREFIX);
        int count = Integer.parseInt(text(b, 560 + 54, 4));
        List<Column> columns = new ArrayList<>();
        int at = 640;
        for (int i = 0; i < count; i++) {
            int type = u16(b, at);
            int length = u16(b, at + 4);
            int number = u16(b, at + 6);
            String varName = text(b, at + 8, 8).trim();
            String varLabel = text(b, at + 16, 40).trim();
            int position = (int) u32(b, at + 84);
            if (type != 1 && type != 2) {
                throw new IllegalArgumentException("variable " + varName + " has type " + type);
            }
            columns.add(new Column(varName, varLabel, type == 1, length, position, number));
            at += namestrLength;
        }
        at = roundUp(at);
        expect(b, at, OBS);
        at += 80;
        int rowLength = columns.stream().mapToInt(Column::length).sum();
        List<List<Object>> rows = new ArrayList<>();
        while (rowLength > 0 && at + rowLength <= b.length) {
            // the last record is padded with blanks: a row that is nothing but that padding is not an observation
            if (b.length - at < 80 && allBlank(b, at, b.length - at)) {
                break;
            }
            List<Object> row = new ArrayList<>();
            for (Column c : columns) {
                int p = at + c.position();
                row.add(c.numeric() ? ibm(Arrays.copyOfRange(b, p, p + c.length())) : text(b, p, c.length()).stripTrailing());
            }
            rows.add(row);
            at += rowLength;
        }
        return new Member(name, label, created, List.copyOf(columns), rows);
    }

    /**
     * An IBM System/370 float as a double: (-1)^sign * 0.fraction(hex) * 16^(exponent - 64). A first byte of "." , "_" or
     * "A" to "Z" with a zero fraction is a SAS missing value.
     */
    public static Double ibm(byte[] bytes) {
        byte[] eight = Arrays.copyOf(bytes, 8);   // shortened numbers lose their trailing bytes
        int first = eight[0] & 0xFF;
        boolean restZero = true;
        for (int i = 1; i < 8; i++) {
            restZero &= eight[i] == 0;
        }
        if (restZero && (first == '.' || first == '_' || first >= 'A' && first <= 'Z')) {
            return null;
        }
        BigInteger fraction = new BigInteger(1, Arrays.copyOfRange(eight, 1, 8));
        if (fraction.signum() == 0) {
            return 0.0;
        }
        int exponent = (first & 0x7F) - 64;
        // the fraction has 56 bits; doubleValue rounds it to 53 correctly, the power of two is then exact
        double magnitude = Math.scalb(fraction.doubleValue(), 4 * exponent - 56);
        return (first & 0x80) != 0 ? -magnitude : magnitude;
    }

    private static boolean allBlank(byte[] b, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (b[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    private static int roundUp(int at) {
        return (at + 79) / 80 * 80;
    }

    private static void expect(byte[] b, int at, String record) {
        String found = text(b, at, 80);
        if (!found.equals(record)) {
            throw new IllegalArgumentException("at byte " + at + " expected \"" + record + "\", found \"" + found + "\"");
        }
    }

    private static void expectStart(byte[] b, int at, String start) {
        String found = text(b, at, start.length());
        if (!found.equals(start)) {
            throw new IllegalArgumentException("at byte " + at + " expected \"" + start + "\", found \"" + found + "\"");
        }
    }

    private static String text(byte[] b, int at, int length) {
        return new String(b, at, length, StandardCharsets.ISO_8859_1);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    private static long u32(byte[] b, int at) {
        return (long) (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }
}
