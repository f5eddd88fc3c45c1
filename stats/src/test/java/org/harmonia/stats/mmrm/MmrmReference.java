package org.harmonia.stats.mmrm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.harmonia.stats.data.DataTable;

/**
 * Reference values written by {@code src/test/resources/r/mmrm/mmrm-reference.R} ({@code nlme::gls} under REML and
 * {@code emmeans} with Satterthwaite degrees of freedom) and {@code kenward-roger-reference.R} (pbkrtest's
 * Kenward-Roger): one "key TAB value" line per number, keys such as
 * {@code coef/week24:armMSC/se}, {@code sigma/2/3}, {@code lsmean/48/MSC/df} and {@code diff/48/MSC/p}.
 */
final class MmrmReference {
    private final String name;
    private final Map<String, Double> values;

    private MmrmReference(String name, Map<String, Double> values) {
        this.name = name;
        this.values = values;
    }

    static MmrmReference load(String name) {
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
        return new MmrmReference(name, values);
    }

    static DataTable data(String csv) {
        try (BufferedReader r = reader(csv)) {
            return DataTable.readCsv(csv, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedReader reader(String resource) {
        InputStream in = MmrmReference.class.getResourceAsStream("/r/mmrm/" + resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource r/mmrm/" + resource);
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

    List<String> terms() {
        return values.keySet().stream().filter(k -> k.startsWith("coef/") && k.endsWith("/estimate"))
                .map(k -> k.substring(5, k.length() - "/estimate".length())).toList();
    }

    private void close(String what, double actual, double expected, double relative) {
        double tolerance = relative * Math.abs(expected) + 1e-12;
        assertThat(actual).as(name + " " + what).isCloseTo(expected, Offset.offset(tolerance));
    }

    /**
     * Estimates, standard errors, covariance and least-squares means to 1e-6 relative, the REML log-likelihood to 1e-6
     * absolute, degrees of freedom to 1e-3 relative, and p-values and t-based intervals (which move with df) to 1e-4.
     */
    void assertMatches(MmrmResult r) {
        assertThat(r.fixedEffects().stream().map(FixedEffect::term).toList()).as(name + " terms").isEqualTo(terms());
        assertThat(r.observations()).as(name + " observations").isEqualTo((int) get("fit/observations"));
        assertThat(r.subjects()).as(name + " subjects").isEqualTo((int) get("fit/subjects"));
        assertThat(r.logLik()).as(name + " logLik").isCloseTo(get("fit/logLik"), Offset.offset(1e-6));
        close("aic", r.aic(), get("fit/aic"), 1e-8);
        assertFixedEffects(r, 1e-3);
        int t = r.visits().size();
        for (int a = 0; a < t; a++) {
            for (int b = 0; b < t; b++) {
                close("sigma " + a + "," + b, r.covarianceMatrix()[a][b], get("sigma/" + (a + 1) + "/" + (b + 1)), 1e-6);
            }
        }
        assertLeastSquaresMeans(r, 1e-3);
        assertThat(values.keySet().stream().filter(k -> k.startsWith("lsmean/") && k.endsWith("/estimate")).count())
                .as(name + " number of least-squares means").isEqualTo(r.leastSquaresMeans().size());
        assertDifferences(r, 1e-3, 1e-4);
        assertThat(values.keySet().stream().filter(k -> k.startsWith("diff/") && k.endsWith("/estimate")).count())
                .as(name + " number of differences").isEqualTo(r.differences().size());
    }

    /** Each coefficient's estimate and standard error to 1e-6 relative, its df to {@code dfTolerance} relative. */
    void assertFixedEffects(MmrmResult r, double dfTolerance) {
        for (FixedEffect c : r.fixedEffects()) {
            String k = "coef/" + c.term() + "/";
            close(k + "estimate", c.estimate(), get(k + "estimate"), 1e-6);
            close(k + "se", c.se(), get(k + "se"), 1e-6);
            close(k + "df", c.df(), get(k + "df"), dfTolerance);
        }
    }

    /** Each least-squares mean's estimate and SE to 1e-6, df to {@code dfTolerance}, interval to 1e-5 (relative). */
    void assertLeastSquaresMeans(MmrmResult r, double dfTolerance) {
        for (LeastSquaresMean m : r.leastSquaresMeans()) {
            String k = "lsmean/" + m.visit() + (m.arm() == null ? "" : "/" + m.arm()) + "/";
            close(k + "estimate", m.estimate(), get(k + "estimate"), 1e-6);
            close(k + "se", m.se(), get(k + "se"), 1e-6);
            close(k + "df", m.df(), get(k + "df"), dfTolerance);
            close(k + "ciLow", m.ciLow(), get(k + "ciLow"), 1e-5);
            close(k + "ciHigh", m.ciHigh(), get(k + "ciHigh"), 1e-5);
        }
    }

    /**
     * Each arm difference's estimate, SE and t statistic to 1e-6, df to {@code dfTolerance}, p to {@code pTolerance},
     * interval to 1e-5 (relative).
     */
    void assertDifferences(MmrmResult r, double dfTolerance, double pTolerance) {
        for (ArmDifference d : r.differences()) {
            String k = "diff/" + d.visit() + "/" + d.arm() + "/";
            close(k + "estimate", d.estimate(), get(k + "estimate"), 1e-6);
            close(k + "se", d.se(), get(k + "se"), 1e-6);
            close(k + "df", d.df(), get(k + "df"), dfTolerance);
            close(k + "statistic", d.statistic(), get(k + "statistic"), 1e-6);
            close(k + "p", d.p(), get(k + "p"), pTolerance);
            close(k + "ciLow", d.ciLow(), get(k + "ciLow"), 1e-5);
            close(k + "ciHigh", d.ciHigh(), get(k + "ciHigh"), 1e-5);
        }
    }
}
