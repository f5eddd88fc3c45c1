package org.harmonia.stats.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.stats.data.DataTable;

/**
 * Reference values computed by {@code r/meta/meta_reference.R} (R 4.2.2, metafor 3.8-1) and the data sets it
 * wrote, with the comparison the engine's standard asks for: 1e-6 relative, 1e-4 for p-values below 1e-10.
 */
final class MetaforReference {
    private static final Map<String, Double> VALUES = load();

    private MetaforReference() {
    }

    static Path resource(String name) {
        try {
            return Path.of(MetaforReference.class.getResource("/r/meta/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Double> load() {
        try {
            List<String> lines = Files.readAllLines(resource("expected.csv"));
            Map<String, Double> out = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int last = line.lastIndexOf(',');
                int first = line.indexOf(',');
                String value = line.substring(last + 1);
                out.put(line.substring(0, first) + "|" + line.substring(first + 1, last),
                        value.equals("NA") ? Double.NaN : Double.parseDouble(value));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value metafor gave; NaN where it gave NA. */
    static double value(String caseName, String quantity) {
        Double v = VALUES.get(caseName + "|" + quantity);
        assertThat(v).as("reference %s %s", caseName, quantity).isNotNull();
        return v;
    }

    static boolean has(String caseName, String quantity) {
        return VALUES.containsKey(caseName + "|" + quantity);
    }

    static void assertMatches(String caseName, String quantity, double actual) {
        double expected = value(caseName, quantity);
        assertClose(caseName + " " + quantity, actual, expected);
    }

    /** Compares a value that metafor may give as NA with one the engine may leave out. */
    static void assertMatches(String caseName, String quantity, Double actual) {
        double expected = value(caseName, quantity);
        if (Double.isNaN(expected)) {
            assertThat(actual).as(caseName + " " + quantity + " (NA in metafor)").isNull();
            return;
        }
        assertThat(actual).as(caseName + " " + quantity).isNotNull();
        assertClose(caseName + " " + quantity, actual, expected);
    }

    static void assertClose(String what, double actual, double expected) {
        if (expected == 0) {
            assertThat(Math.abs(actual)).as(what + ": " + actual + " vs 0").isLessThan(1e-12);
            return;
        }
        double rel = Math.abs(expected) < 1e-10 ? 1e-4 : 1e-6;
        assertThat(Math.abs(actual - expected) / Math.abs(expected))
                .as("%s: got %s, metafor %s", what, actual, expected).isLessThanOrEqualTo(rel);
    }

    /** Studies of one of the reference data sets, for a measure computed from counts or given as yi, vi. */
    static MetaData studies(String data, EffectMeasure measure, List<String> covariates) {
        DataTable table = DataTable.readCsv(resource(switch (data) {
            case "bcg" -> "bcg.csv";
            case "niel" -> "nielweise2007.csv";
            case "msc" -> "msc_ae.csv";
            default -> throw new IllegalArgumentException(data);
        }));
        MetaColumns columns = switch (data) {
            case "bcg" -> MetaColumns.ofTables("tpos", "tneg", "cpos", "cneg").withStudy("author");
            case "niel" -> MetaColumns.ofEventsAndTotals("ai", "n1i", "ci", "n2i").withStudy("author");
            default -> MetaColumns.ofEventsAndTotals("ae_msc", "n_msc", "ae_ctrl", "n_ctrl").withStudy("study");
        };
        return MetaData.read(table, columns, measure, covariates);
    }

    static double[] yi(MetaData d) {
        return d.studies().stream().mapToDouble(s -> s.effect().yi()).toArray();
    }

    static double[] vi(MetaData d) {
        return d.studies().stream().mapToDouble(s -> s.effect().vi()).toArray();
    }
}
