package org.harmonia.stats.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.harmonia.stats.data.DataTable;

/**
 * Reads the reference values that {@code r/survival/survival.R} (R 4.2.2, survival 3.5-3) wrote, and the data sets
 * it analysed, from the test classpath.
 */
final class RReference {
    private static final String BASE = "/r/survival/";

    private RReference() {
    }

    static DataTable data(String name) {
        return table("data/" + name + ".csv");
    }

    static DataTable table(String file) {
        try (Reader reader = new java.io.BufferedReader(new InputStreamReader(RReference.class.getResourceAsStream(BASE + file),
                StandardCharsets.UTF_8))) {
            return DataTable.readCsv(file, reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a reference file, each as column name to cell, that satisfy {@code filter}. */
    static List<Map<String, String>> rows(String file, Predicate<Map<String, String>> filter) {
        DataTable t = table(file);
        List<Map<String, String>> out = new ArrayList<>();
        for (int r = 0; r < t.rows(); r++) {
            Map<String, String> row = new LinkedHashMap<>();
            for (String name : t.names()) {
                row.put(name, t.cells(name)[r]);
            }
            if (filter.test(row)) {
                out.add(row);
            }
        }
        assertThat(out).as("reference rows in " + file).isNotEmpty();
        return out;
    }

    static Predicate<Map<String, String>> where(String column, String value) {
        return row -> value.equals(row.get(column));
    }

    /**
     * Agreement to 1e-6 relative (1e-4 for values below 1e-10, as p-values there carry less precision); R's NA and
     * Inf must be null here, where they mean "not estimable".
     */
    static void assertMatches(String what, String expected, Double actual) {
        if (expected.equals("NA") || expected.equals("Inf")) {
            assertThat(actual).as(what + " (R gives " + expected + ")").isNull();
            return;
        }
        double e = Double.parseDouble(expected);
        assertThat(actual).as(what).isNotNull();
        double tolerance = e == 0 ? 1e-12 : Math.abs(e) * (Math.abs(e) < 1e-10 ? 1e-4 : 1e-6);
        assertThat(actual).as(what).isCloseTo(e, within(tolerance));
    }

    static void assertMatches(String what, String expected, double actual) {
        assertMatches(what, expected, Double.valueOf(actual));
    }
}
