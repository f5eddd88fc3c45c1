package org.harmonia.stats.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.stats.data.DataTable;

/**
 * The reference values written by {@code r/tests/classical-tests.R} (R 4.2.2, metafor 3.8-1): one case per
 * name, each a set of keys with a number, a space separated vector or a word.
 */
final class RReference {
    private static final Map<String, Map<String, String>> CASES = load();

    private final String name;
    private final Map<String, String> values;

    private RReference(String name, Map<String, String> values) {
        this.name = name;
        this.values = values;
    }

    static RReference of(String name) {
        Map<String, String> v = CASES.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no reference case " + name);
        }
        return new RReference(name, v);
    }

    /** Every case whose name starts with {@code prefix}, for parameterised tests. */
    static List<String> names(String prefix) {
        return CASES.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
    }

    String name() {
        return name;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String text(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(name + " has no " + key);
        }
        return v;
    }

    double number(String key) {
        return Double.parseDouble(text(key));
    }

    double[] vector(String key) {
        return Arrays.stream(text(key).split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(text(key));
    }

    Alternative alternative() {
        return Alternative.parse(text("alternative"));
    }

    /**
     * Asserts agreement to 1e-6 relative, 1e-4 for values below 1e-10 (the far tails of p-values); an expected
     * zero or infinity must be met exactly, except that a p-value R underflowed to 0 may be any value below 1e-300.
     */
    void assertClose(String key, double actual) {
        assertClose(number(key), actual, name + " " + key);
    }

    static void assertClose(double expected, double actual, String what) {
        if (Double.isInfinite(expected)) {
            assertThat(actual).as(what).isEqualTo(expected);
        } else if (expected == 0) {
            assertThat(Math.abs(actual)).as(what).isLessThanOrEqualTo(1e-300);
        } else {
            double tolerance = Math.abs(expected) < 1e-10 ? 1e-4 : 1e-6;
            assertThat(Math.abs(actual - expected) / Math.abs(expected)).as(what + ": " + actual + " vs R " + expected)
                    .isLessThanOrEqualTo(tolerance);
        }
    }

    private static Map<String, Map<String, String>> load() {
        String resource = "/r/tests/classical-tests.csv";
        try (Reader reader = new BufferedReader(new InputStreamReader(
                RReference.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            DataTable t = DataTable.readCsv(resource, reader);
            String[] cases = t.cells("case");
            String[] keys = t.cells("key");
            String[] values = t.cells("value");
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            for (int i = 0; i < cases.length; i++) {
                out.computeIfAbsent(cases[i], c -> new LinkedHashMap<>()).put(keys[i], values[i]);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
