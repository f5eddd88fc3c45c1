package org.harmonia.server.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.harmonia.server.cli.CliErrors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RiskCommandTest {

    @Test
    void adverseEventRiskRatioMatchesHandComputationInR() {
        // R 4.2.2 by hand, metafor 3.8-1 escalc("RR", ai = 35, bi = 34, ci = 42, di = 33) for the variance
        CliRun r = CliRun.of("stats", "risk", "--table", "35,34,42,33", "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("events1").asInt()).isEqualTo(35);
        assertThat(j.get("total2").asInt()).isEqualTo(75);
        assertClose(j.get("riskRatio"), "estimate", 0.90579710144927539);
        assertClose(j.get("riskRatio"), "variance", 0.024554865424430639);
        assertClose(j.get("riskRatio"), "ciLow", 0.66626609210546461);
        assertClose(j.get("riskRatio"), "ciHigh", 1.2314425103056801);
        assertClose(j.get("riskDifference"), "estimate", -0.052753623188405818);
        assertClose(j.get("riskDifference"), "ciLow", -0.21565199140672209);
        assertClose(j.get("riskDifference"), "ciHigh", 0.11014474502991045);
        assertClose(j.get("oddsRatio"), "estimate", 0.80882352941176472);
        assertClose(j.get("oddsRatio"), "ciLow", 0.41962902129150798);
        assertClose(j.get("oddsRatio"), "ciHigh", 1.5589853621578931);
        assertThat(j.get("continuityCorrected").asBoolean()).isFalse();
    }

    @Test
    void seriousAdverseEventsGetTheHalfCountCorrectionFromTheFile() {
        // R 4.2.2 by hand with 1/2 added to each cell; metafor 3.8-1 escalc("RR", ai = 0, bi = 69, ci = 7, di = 68)
        JsonNode j = CliRun.of("stats", "risk", "--data", CliRun.example("mesems-safety.csv").toString(),
                "--row", "arm", "--col", "sae", "--row-levels", "early-MSC,delayed-MSC", "--col-levels", "yes,no",
                "--json").json();
        assertThat(j.get("continuityCorrected").asBoolean()).isTrue();
        assertClose(j.get("riskRatio"), "estimate", 0.072380952380952379);
        assertClose(j.get("riskRatio"), "ciLow", 0.004211022015195051);
        assertClose(j.get("riskRatio"), "ciHigh", 1.2441165704356993);
        assertClose(j.get("riskDifference"), "estimate", -0.093333333333333338);
        assertClose(j.get("riskDifference"), "ciLow", -0.15916876269901697);
        assertClose(j.get("riskDifference"), "ciHigh", -0.027497903967649714);
    }

    @Test
    void printsTheThreeMeasures() {
        CliRun r = CliRun.of("stats", "risk", "--table", "35,34,42,33", "--conf-level", "0.9");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("risk ratio", "risk difference", "odds ratio", "90 percent CI");
    }

    @Test
    void rejectsAGroupWithoutPatients() {
        CliRun r = CliRun.of("stats", "risk", "--table", "3,4,0,0");
        assertThat(r.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("group 2 has no patients; its risk is undefined");
    }

    private static void assertClose(JsonNode node, String key, double expected) {
        TTestCommandTest.assertClose(node, key, expected);
    }
}
