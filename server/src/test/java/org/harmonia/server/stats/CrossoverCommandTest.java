package org.harmonia.server.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code harmonia stats crossover} run in-process on the simulated MESEMS-like crossover of stats' R reference. */
class CrossoverCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static CommandRun run(String... extra) {
        String[] base = {"stats", "crossover", "--data", CommandRun.data("mesems-crossover.csv"), "--subject", "patient",
                "--period", "period", "--treatment", "treatment", "--sequence", "sequence", "--control", "placebo"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CommandRun.of(args);
    }

    @Test
    void printsContinuousAnalysisAsJson() {
        CommandRun r = run("--response", "msfc", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.out());
        for (String key : new String[] {"method", "family", "treatment", "period", "carryOver", "sequences", "subjects"}) {
            assertThat(json.has(key)).as(key).isTrue();
        }
        // R 4.2.2: lm(msfc ~ factor(patient) + period + treatment), placebo reference
        assertThat(json.get("treatment").get("estimate").asDouble()).isCloseTo(0.40332777777777762, Offset.offset(4e-7));
        // R 4.2.2: t.test(msfc ~ sequence, totals, var.equal = TRUE)$p.value
        assertThat(json.get("carryOver").get("p").asDouble()).isCloseTo(0.29648795848524795, Offset.offset(3e-7));
    }

    @Test
    void printsRateRatioForCounts() {
        CommandRun r = run("--response", "gel", "--family", "negbin");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("rate ratio", "Theta", "MSC vs placebo");
    }

    @Test
    void badPeriodColumnExitsWithTwo() {
        CommandRun r = CommandRun.of("stats", "crossover", "--data", CommandRun.data("mesems-crossover.csv"), "--subject",
                "patient", "--period", "sequence", "--treatment", "treatment", "--sequence", "sequence", "--response", "msfc");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n");
    }
}
