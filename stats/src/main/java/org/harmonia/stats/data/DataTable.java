package org.harmonia.stats.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.harmonia.stats.InvalidDataException;

/**
 * A rectangular table of named columns read from CSV, the input every method of the engine starts from.
 *
 * <p>Cells are kept as text; a column is read as numbers or as text when a method asks for it. Empty
 * cells and {@code NA} (as R writes them) are missing values.
 */
public final class DataTable {
    private final String source;
    private final List<String> names;
    private final Map<String, String[]> columns;
    private final int rows;

    /** Builds a table from named columns of equal length; {@code source} names it in error messages. */
    public DataTable(String source, Map<String, List<String>> columns) {
        if (columns.isEmpty()) {
            throw new InvalidDataException(source + " has no columns");
        }
        this.source = source;
        this.names = List.copyOf(columns.keySet());
        Map<String, String[]> copy = new LinkedHashMap<>();
        int n = -1;
        for (var e : columns.entrySet()) {
            if (n >= 0 && e.getValue().size() != n) {
                throw new InvalidDataException("column \"" + e.getKey() + "\" of " + source + " has "
                        + e.getValue().size() + " values, the others " + n);
            }
            n = e.getValue().size();
            copy.put(e.getKey(), e.getValue().toArray(new String[0]));
        }
        this.columns = Collections.unmodifiableMap(copy);
        this.rows = n;
    }

    /** Reads a CSV file with a header row (comma separated, double quotes as in RFC 4180). */
    public static DataTable readCsv(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readCsv(file.getFileName().toString(), reader);
        } catch (NoSuchFileException e) {
            throw new InvalidDataException("file not found: " + file);
        } catch (IOException e) {
            throw new InvalidDataException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Reads CSV text with a header row; {@code source} names it in error messages. */
    public static DataTable readCsv(String source, Reader reader) throws IOException {
        // the parser looks one character ahead after a closing quote, which needs mark/reset
        Reader buffered = reader instanceof java.io.BufferedReader ? reader : new java.io.BufferedReader(reader);
        List<List<String>> records = CsvParser.parse(source, buffered);
        if (records.isEmpty()) {
            throw new InvalidDataException(source + " is empty: expected a header row");
        }
        List<String> header = records.get(0);
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (String h : header) {
            String name = h.strip();
            if (name.isEmpty()) {
                throw new InvalidDataException(source + " has an empty column name in its header");
            }
            if (columns.put(name, new ArrayList<>()) != null) {
                throw new InvalidDataException(source + " has the column \"" + name + "\" twice");
            }
        }
        List<String> order = new ArrayList<>(columns.keySet());
        for (int r = 1; r < records.size(); r++) {
            List<String> rec = records.get(r);
            if (rec.size() == 1 && rec.get(0).isBlank()) {
                continue;
            }
            if (rec.size() != order.size()) {
                throw new InvalidDataException(source + " line " + (r + 1) + " has " + rec.size()
                        + " fields, the header has " + order.size());
            }
            for (int c = 0; c < order.size(); c++) {
                columns.get(order.get(c)).add(rec.get(c).strip());
            }
        }
        return new DataTable(source, columns);
    }

    public String source() {
        return source;
    }

    public List<String> names() {
        return names;
    }

    public int rows() {
        return rows;
    }

    public boolean has(String column) {
        return columns.containsKey(column);
    }

    /** The raw cells of a column; fails with the list of existing columns if there is none of that name. */
    public String[] cells(String column) {
        String[] c = columns.get(column);
        if (c == null) {
            throw new InvalidDataException("column \"" + column + "\" not found in " + source
                    + "; columns are: " + String.join(", ", names));
        }
        return c.clone();
    }

    /** True when the cell is empty or {@code NA}. */
    public static boolean isMissing(String cell) {
        return cell == null || cell.isEmpty() || cell.equals("NA") || cell.equals("NaN");
    }

    /** A column as numbers, missing values as {@code NaN}; a cell that is not a number is an error naming row and value. */
    public double[] numeric(String column) {
        String[] c = cells(column);
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            if (isMissing(c[i])) {
                out[i] = Double.NaN;
                continue;
            }
            try {
                out[i] = Double.parseDouble(c[i]);
            } catch (NumberFormatException e) {
                throw new InvalidDataException("column \"" + column + "\" of " + source + " row " + (i + 1)
                        + ": \"" + c[i] + "\" is not a number");
            }
        }
        return out;
    }

    /** True when every non-missing cell of the column parses as a number. */
    public boolean isNumeric(String column) {
        for (String cell : cells(column)) {
            if (isMissing(cell)) {
                continue;
            }
            try {
                Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    /** A new table holding only the rows whose index is in {@code keep}, in their original order. */
    public DataTable selectRows(Set<Integer> keep) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : names) {
            String[] c = columns.get(name);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < c.length; i++) {
                if (keep.contains(i)) {
                    kept.add(c[i]);
                }
            }
            out.put(name, kept);
        }
        return new DataTable(source, out);
    }
}
