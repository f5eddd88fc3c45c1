package org.harmonia.stats.glm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.harmonia.stats.data.DataTable;

/**
 * Reference values written by {@code src/test/resources/r/glm/glm-reference.R} (R 4.2.2, MASS 7.3-58.2):
 * one "key TAB value" line per number, keys such as {@code coef/EthN/se} and {@code fit/theta}.
 */
final class RReference {
    private final String name;
    private final Map<String, Double> values;

    private RReference(String name, Map<String, Double> values) {
        this.name = name;
        this.values = values;
    }

    static RReference load(String name) {
        Map<String, Double> values = new LinkedHashMap<>();
        try (BufferedReader r = reader(name + ".ref")) {
            String line;
            while ((line = r.readLine()) != null) {
                int tab = line.indexOf('\t');
                values.put(line.substring(0, tab), Double.parseDouble(line.substring(tab + 1).strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RReference(name, values);
    }

    static DataTable data(String csv) {
        try (BufferedReader r = reader(csv)) {
            return DataTable.readCsv(csv, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedReader reader(String resource) {
        InputStream in = RReference.class.getResourceAsStream("/r/glm/" + resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource r/glm/" + resource);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    double get(String key) {
        Double v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(name + " has no reference value " + key);
        }
        return v;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The coefficient names in R's order. */
    java.util.List<String> terms() {
        return values.keySet().stream().filter(k -> k.startsWith("coef/") && k.endsWith("/estimate"))
                .map(k -> k.substring(5, k.length() - "/estimate".length())).toList();
    }

    /** Within 1e-6 relative; p-values below 1e-10 within 1e-4 relative. */
    static void close(String what, double actual, double expected) {
        double tolerance = (what.endsWith("/p") && Math.abs(expected) < 1e-10 ? 1e-4 : 1e-6) * Math.abs(expected) + 1e-12;
        assertThat(actual).as(what).isCloseTo(expected, org.assertj.core.data.Offset.offset(tolerance));
    }

    /** Checks every coefficient and fit statistic the reference holds against the result. */
    void assertMatches(GlmResult result) {
        assertMatchesCoefficients(result);
        assertMatchesFit(result);
    }

    /** Checks the coefficient table (Wald, as summary() and confint.default()) against the result. */
    void assertMatchesCoefficients(GlmResult result) {
        assertThat(result.coefficients().stream().map(Coefficient::term).toList()).as(name + " terms").isEqualTo(terms());
        for (Coefficient c : result.coefficients()) {
            String k = "coef/" + c.term() + "/";
            close(name + " " + k + "estimate", c.estimate(), get(k + "estimate"));
            close(name + " " + k + "se", c.se(), get(k + "se"));
            close(name + " " + k + "statistic", c.statistic(), get(k + "statistic"));
            close(name + " " + k + "p", c.p(), get(k + "p"));
            close(name + " " + k + "ciLow", c.ciLow(), get(k + "ciLow"));
            close(name + " " + k + "ciHigh", c.ciHigh(), get(k + "ciHigh"));
            if (c.expEstimate() != null) {
                close(name + " " + k + "expEstimate", c.expEstimate(), Math.exp(get(k + "estimate")));
                close(name + " " + k + "expCiLow", c.expCiLow(), Math.exp(get(k + "ciLow")));
                close(name + " " + k + "expCiHigh", c.expCiHigh(), Math.exp(get(k + "ciHigh")));
            }
        }
    }

    private void assertMatchesFit(GlmResult result) {
        assertThat(result.n()).as(name + " n").isEqualTo((int) get("fit/n"));
        close(name + " logLik", result.logLik(), get("fit/logLik"));
        close(name + " aic", result.aic(), get("fit/aic"));
        close(name + " deviance", result.deviance(), get("fit/deviance"));
        close(name + " nullDeviance", result.nullDeviance(), get("fit/nullDeviance"));
        assertThat(result.dfResidual()).as(name + " dfResidual").isEqualTo((int) get("fit/dfResidual"));
        if (has("fit/theta")) {
            close(name + " theta", result.theta(), get("fit/theta"));
            close(name + " thetaSe", result.thetaSe(), get("fit/thetaSe"));
        } else {
            assertThat(result.theta()).as(name + " theta").isNull();
        }
        if (result.family() != Family.NEGBIN && result.family() != Family.GAUSSIAN) {
            assertThat(result.iterations()).as(name + " iterations").isEqualTo((int) get("fit/iterations"));
        }
        if (has("lrt/chiSquare")) {
            assertThat(result.lrt()).as(name + " lrt").isNotNull();
            close(name + " lrt/chiSquare", result.lrt().statistic(), get("lrt/chiSquare"));
            assertThat(result.lrt().df()).as(name + " lrt/df").isEqualTo((int) get("lrt/df"));
            close(name + " lrt/p", result.lrt().p(), get("lrt/p"));
        }
    }
}
