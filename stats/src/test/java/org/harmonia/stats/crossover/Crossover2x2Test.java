package org.harmonia.stats.crossover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;
import org.harmonia.stats.glm.Coefficient;
import org.harmonia.stats.glm.Family;
import org.junit.jupiter.api.Test;

/**
 * Checked against R on a simulated MESEMS-like crossover (20 patients, P07 seen in period 1 only); the data
 * and R calls are in src/test/resources/r/crossover/crossover-reference.R.
 */
class Crossover2x2Test {
    private static final CrossoverColumns MSFC =
            new CrossoverColumns("patient", "period", "treatment", "sequence", "msfc");
    private static final CrossoverColumns LESIONS =
            new CrossoverColumns("patient", "period", "treatment", "sequence", "gel");

    private static DataTable data() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Crossover2x2Test.class.getResourceAsStream("/r/crossover/mesems-crossover.csv"), StandardCharsets.UTF_8))) {
            return DataTable.readCsv("mesems-crossover.csv", r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Double> reference() {
        Map<String, Double> values = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Crossover2x2Test.class.getResourceAsStream("/r/crossover/mesems-crossover.ref"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] kv = line.split("\t");
                values.put(kv[0], Double.parseDouble(kv[1].strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    private static void close(String what, double actual, double expected) {
        assertThat(actual).as(what).isCloseTo(expected, Offset.offset(1e-6 * Math.abs(expected) + 1e-12));
    }

    private static void matches(Coefficient c, Map<String, Double> ref, String prefix) {
        close(prefix + "estimate", c.estimate(), ref.get(prefix + "estimate"));
        close(prefix + "se", c.se(), ref.get(prefix + "se"));
        close(prefix + "statistic", c.statistic(), ref.get(prefix + "statistic"));
        close(prefix + "p", c.p(), ref.get(prefix + "p"));
        close(prefix + "ciLow", c.ciLow(), ref.get(prefix + "ciLow"));
        close(prefix + "ciHigh", c.ciHigh(), ref.get(prefix + "ciHigh"));
    }

    @Test
    void matchesLinearModelWithSubjectEffectsForContinuousEndpoint() {
        // R 4.2.2: lm(msfc ~ factor(patient) + period + treatment) with placebo as reference, P07 excluded
        Map<String, Double> ref = reference();
        CrossoverResult r = Crossover2x2.analyse(data(), MSFC, Family.GAUSSIAN, "placebo");
        matches(r.treatment(), ref, "gaussian/treatmentMSC/");
        matches(r.period(), ref, "gaussian/period/");
        assertThat(r.treatment().term()).isEqualTo("treatmentMSC");
        assertThat(r.subjects()).isEqualTo(ref.get("gaussian/subjects").intValue());
        assertThat(r.dfResidual()).isEqualTo(ref.get("gaussian/dfResidual").intValue());
        assertThat(r.excludedSubjects()).containsExactly("P07 (observed in period 1 only)");
        assertThat(r.treatmentLevel()).isEqualTo("MSC");
    }

    @Test
    void matchesGrizzleCarryOverTestOnSubjectTotals() {
        // R 4.2.2: t.test(msfc ~ sequence, aggregate(msfc ~ patient + sequence, d, sum), var.equal = TRUE)
        Map<String, Double> ref = reference();
        CrossoverResult r = Crossover2x2.analyse(data(), MSFC, Family.GAUSSIAN, "placebo");
        CarryOverTest t = r.carryOver();
        assertThat(t.firstSequence()).isEqualTo("MSC-placebo");
        close("difference", t.difference(), ref.get("carryover/difference"));
        close("se", t.se(), ref.get("carryover/se"));
        close("statistic", t.statistic(), ref.get("carryover/statistic"));
        assertThat(t.df()).isEqualTo(ref.get("carryover/df").intValue());
        close("p", t.p(), ref.get("carryover/p"));
        close("ciLow", t.ciLow(), ref.get("carryover/ciLow"));
        close("ciHigh", t.ciHigh(), ref.get("carryover/ciHigh"));
        for (SequenceSummary s : r.sequences()) {
            close("mean total " + s.sequence(), s.meanTotal(), ref.get("carryover/meanTotal/" + s.sequence()));
            close("period 1 " + s.sequence(), s.meanPeriod1(), ref.get("cellMean/" + s.sequence() + "/1"));
            close("period 2 " + s.sequence(), s.meanPeriod2(), ref.get("cellMean/" + s.sequence() + "/2"));
        }
    }

    @Test
    void matchesGlmNbWithSubjectEffectsForLesionCounts() {
        // R 4.2.2, MASS 7.3-58.2: glm.nb(gel ~ factor(patient) + period + treatment), patients with no lesion left out
        Map<String, Double> ref = reference();
        CrossoverResult r = Crossover2x2.analyse(data(), LESIONS, Family.NEGBIN, "placebo");
        matches(r.treatment(), ref, "negbin/treatmentMSC/");
        matches(r.period(), ref, "negbin/period/");
        close("theta", r.theta(), ref.get("negbin/theta"));
        close("thetaSe", r.thetaSe(), ref.get("negbin/thetaSe"));
        close("rate ratio", r.treatment().expEstimate(), Math.exp(ref.get("negbin/treatmentMSC/estimate")));
        assertThat(r.subjects()).isEqualTo(ref.get("negbin/subjects").intValue());
        assertThat(r.excludedSubjects()).hasSize(1 + ref.get("negbin/zeroSubjects").intValue());
        assertThat(r.carryOver()).isNull();
    }

    private static DataTable csv(String text) throws IOException {
        return DataTable.readCsv("x.csv", new StringReader(text));
    }

    @Test
    void rejectsSubjectGivenSameTreatmentTwice() throws IOException {
        DataTable t = csv("patient,period,treatment,sequence,msfc\nA,1,MSC,AB,1\nA,2,MSC,AB,2\nB,1,placebo,BA,1\nB,2,MSC,BA,3\n");
        assertThatThrownBy(() -> Crossover2x2.analyse(t, MSFC, Family.GAUSSIAN, null))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("subject A receives MSC in both periods");
    }

    @Test
    void rejectsPeriodOtherThanOneOrTwo() throws IOException {
        DataTable t = csv("patient,period,treatment,sequence,msfc\nA,1,MSC,AB,1\nA,3,placebo,AB,2\n");
        assertThatThrownBy(() -> Crossover2x2.analyse(t, MSFC, Family.GAUSSIAN, null))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("period must be 1 or 2 but row 2");
    }

    @Test
    void rejectsThirdTreatment() throws IOException {
        DataTable t = csv("patient,period,treatment,sequence,msfc\nA,1,MSC,AB,1\nA,2,placebo,AB,2\nB,1,sham,BA,1\nB,2,MSC,BA,3\n");
        assertThatThrownBy(() -> Crossover2x2.analyse(t, MSFC, Family.GAUSSIAN, null))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("exactly two treatments");
    }

    @Test
    void rejectsDuplicatePeriod() throws IOException {
        DataTable t = csv("patient,period,treatment,sequence,msfc\nA,1,MSC,AB,1\nA,1,placebo,AB,2\n");
        assertThatThrownBy(() -> Crossover2x2.analyse(t, MSFC, Family.GAUSSIAN, null))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("two rows for period 1 (rows 1 and 2)");
    }

    @Test
    void rejectsFamilyOtherThanGaussianOrNegbin() {
        assertThatThrownBy(() -> Crossover2x2.analyse(data(), MSFC, Family.BINOMIAL, null))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("gaussian");
    }
}
