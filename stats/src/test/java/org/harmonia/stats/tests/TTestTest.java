package org.harmonia.stats.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TTestTest {

    static List<String> cases() {
        return RReference.names("t.");
    }

    /**
     * R 4.2.2: t.test on sleep$extra by group (paired), mtcars$mpg by am (Welch, var.equal = TRUE), one sample,
     * tiny samples; alternatives, conf.level and mu varied (see classical-tests.R).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesRTTest(String name) {
        RReference r = RReference.of(name);
        TTestOptions o = new TTestOptions(r.alternative(), r.number("mu"), r.number("confLevel"));
        double[] x = r.vector("x");
        TTestResult t;
        if (!r.has("y")) {
            t = TTest.oneSample(x, o);
        } else if (r.flag("paired")) {
            t = TTest.paired(x, r.vector("y"), o);
        } else if (r.flag("varEqual")) {
            t = TTest.student(x, r.vector("y"), o);
        } else {
            t = TTest.welch(x, r.vector("y"), o);
        }
        assertThat(t.method()).isEqualTo(r.text("method"));
        r.assertClose("statistic", t.statistic());
        r.assertClose("df", t.df());
        r.assertClose("pValue", t.p());
        r.assertClose("confLow", t.confInt().lower());
        r.assertClose("confHigh", t.confInt().upper());
        r.assertClose("stdErr", t.se());
        if (r.has("estimate")) {
            r.assertClose("estimate", t.estimate());
        } else {
            r.assertClose("meanX", t.meanX());
            r.assertClose("meanY", t.meanY());
            RReference.assertClose(r.number("meanX") - r.number("meanY"), t.estimate(), name + " difference");
        }
    }

    @Test
    void rejectsConstantData() {
        assertThatThrownBy(() -> TTest.oneSample(new double[] {3.2, 3.2, 3.2}, TTestOptions.DEFAULT))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("data are essentially constant");
        assertThatThrownBy(() -> TTest.welch(new double[] {1, 1}, new double[] {2, 2, 2}, TTestOptions.DEFAULT))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("data are essentially constant");
        assertThatThrownBy(() -> TTest.paired(new double[] {1, 2, 3}, new double[] {2, 3, 4}, TTestOptions.DEFAULT))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("data are essentially constant");
    }

    @Test
    void rejectsFewerThanTwoObservations() {
        assertThatThrownBy(() -> TTest.welch(new double[] {1.5}, new double[] {2, 3}, TTestOptions.DEFAULT))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("at least 2 observations");
        assertThatThrownBy(() -> TTest.oneSample(new double[] {}, TTestOptions.DEFAULT))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("has 0");
        assertThatThrownBy(() -> TTest.oneSample(new double[] {Double.NaN, 4}, TTestOptions.DEFAULT))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("has 1");
        assertThatThrownBy(() -> TTest.student(new double[] {1}, new double[] {2}, TTestOptions.DEFAULT))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("3 in all");
    }

    @Test
    void rejectsPairedSamplesOfDifferentLength() {
        assertThatThrownBy(() -> TTest.paired(new double[] {1, 2, 3}, new double[] {1, 2}, TTestOptions.DEFAULT))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("paired samples must have the same length, they have 3 and 2");
    }

    @Test
    void dropsIncompletePairs() {
        RReference r = RReference.of("t.sleep.paired");
        double[] x = append(r.vector("x"), Double.NaN);
        double[] y = append(r.vector("y"), 7.0);
        TTestResult t = TTest.paired(x, y, TTestOptions.DEFAULT);
        assertThat(t.nX()).isEqualTo(10);
        r.assertClose("pValue", t.p());
    }

    @Test
    void rejectsConfidenceLevelOutsideZeroOne() {
        assertThatThrownBy(() -> TTestOptions.DEFAULT.withConfLevel(95))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("strictly between 0 and 1");
    }

    private static double[] append(double[] x, double v) {
        double[] out = java.util.Arrays.copyOf(x, x.length + 1);
        out[x.length] = v;
        return out;
    }
}
