package org.harmonia.server.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.harmonia.server.stats.TTestCommandTest.assertClose;

import org.harmonia.server.cli.CliErrors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ChiSquareCommandTest {

    @Test
    void yatesCorrectedTestOfAdverseEventsMatchesR() {
        // R 4.2.2: chisq.test(matrix(c(35, 42, 34, 33), 2))
        JsonNode j = CliRun.of("stats", "chisq", "--data", CliRun.example("mesems-safety.csv").toString(),
                "--row", "arm", "--col", "anyAe", "--row-levels", "early-MSC,delayed-MSC", "--col-levels", "yes,no",
                "--json").json();
        assertThat(j.get("method").asString()).isEqualTo("Pearson's Chi-squared test with Yates' continuity correction");
        assertClose(j, "statistic", 0.21791078486730736);
        assertThat(j.get("df").asInt()).isEqualTo(1);
        assertClose(j, "p", 0.64063642704515533);
        assertThat(j.get("lowExpected").asBoolean()).isFalse();
        // expected count of early-MSC with an AE: 69 * 77 / 144
        assertThat(j.get("expected").get(0).get(0).asDouble()).isCloseTo(69.0 * 77 / 144, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void flagsLowExpectedCountsForSeriousAdverseEvents() {
        // R 4.2.2: chisq.test(matrix(c(0, 7, 69, 68), 2)) warns "Chi-squared approximation may be incorrect"
        CliRun r = CliRun.of("stats", "chisq", "--table", "0,69,7,68");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("X-squared = 4.90137, df = 1, p-value = 0.02684", "expected count is below 5");
        JsonNode j = CliRun.of("stats", "chisq", "--table", "0,69,7,68", "--json").json();
        assertThat(j.get("lowExpected").asBoolean()).isTrue();
        assertClose(j, "p", 0.026835452855955868);
    }

    @Test
    void uncorrectedAndRByCTables() {
        // R 4.2.2: chisq.test(matrix(c(35, 42, 34, 33), 2), correct = FALSE)
        JsonNode plain = CliRun.of("stats", "chisq", "--table", "35,34,42,33", "--no-correct", "--json").json();
        assertThat(plain.get("method").asString()).isEqualTo("Pearson's Chi-squared test");
        assertThat(plain.get("continuityCorrection").asBoolean()).isFalse();
        assertClose(plain, "statistic", 0.40198690342752741);
        assertClose(plain, "p", 0.52606491717003867);
        // R 4.2.2: chisq.test(rbind(c(762, 327, 468), c(484, 239, 477))) X-squared = 30.070, df = 2
        JsonNode party = CliRun.of("stats", "chisq", "--table", "762,327,468;484,239,477", "--json").json();
        assertClose(party, "statistic", 30.070149095754672);
        assertThat(party.get("df").asInt()).isEqualTo(2);
        assertClose(party, "p", 2.9535891832117569e-07);
    }

    @Test
    void rejectsATableOfWrongShape() {
        CliRun r = CliRun.of("stats", "chisq", "--table", "1,2,3");
        assertThat(r.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("--table 1,2,3 has 3 counts; give 4 (a,b,c,d) or separate the rows with ';'");
    }
}
