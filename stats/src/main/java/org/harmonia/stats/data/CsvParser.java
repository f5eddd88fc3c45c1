package org.harmonia.stats.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.harmonia.stats.InvalidDataException;

/** Splits CSV text into records: comma separated, fields optionally in double quotes with "" as an escaped quote. */
final class CsvParser {
    private CsvParser() {
    }

    static List<List<String>> parse(String source, Reader in) throws IOException {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int line = 1;
        int ch;
        while ((ch = in.read()) != -1) {
            char c = (char) ch;
            any = true;
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next == -1) {
                            break;
                        }
                        c = (char) next;
                        // fall through to handle the character after the closing quote
                        if (!handleUnquoted(c, field, record, records)) {
                            field.append(c);
                        } else if (c == '\n') {
                            line++;
                            record = new ArrayList<>();
                        }
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (handleUnquoted(c, field, record, records)) {
                if (c == '\n') {
                    line++;
                    record = new ArrayList<>();
                }
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new InvalidDataException(source + " line " + line + ": a quoted field is not closed");
        }
        if (any && (!field.isEmpty() || !record.isEmpty())) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }

    /** Handles a separator, line end or carriage return; returns false if the character is ordinary. */
    private static boolean handleUnquoted(char c, StringBuilder field, List<String> record, List<List<String>> records) {
        switch (c) {
            case ',' -> {
                record.add(field.toString());
                field.setLength(0);
                return true;
            }
            case '\r' -> {
                return true;
            }
            case '\n' -> {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
