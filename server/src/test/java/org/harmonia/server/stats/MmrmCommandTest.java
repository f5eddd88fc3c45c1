package org.harmonia.server.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code harmonia stats mmrm} run in-process on the simulated EDSS-like trial of stats' R reference (r/mmrm/edss.csv). */
class MmrmCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static CommandRun run(String... extra) {
        String[] base = {"stats", "mmrm", "--data", CommandRun.data("edss.csv"), "--subject", "subject", "--visit", "week"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CommandRun.of(args);
    }

    @Test
    void printsTheUnstructuredFitAsJsonInTheSharedVocabulary() {
        CommandRun r = run("--response", "edss", "--arm", "arm", "--baseline", "base", "--control", "placebo", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.get("method").asString()).isEqualTo("mmrm");
        assertThat(json.get("covariance").asString()).isEqualTo("us");
        assertThat(json.get("dfMethod").asString()).isEqualTo("satterthwaite");
        assertThat(json.get("formula").asString()).isEqualTo("edss ~ week * arm + base");
        JsonNode interaction = null;
        for (JsonNode c : json.get("coefficients")) {
            for (String key : new String[] {"term", "estimate", "se", "statistic", "df", "p", "ciLow", "ciHigh"}) {
                assertThat(c.has(key)).as(key).isTrue();
            }
            if (c.get("term").asString().equals("week48:armMSC")) {
                interaction = c;
            }
        }
        // R 4.2.2, nlme 3.1-162: gls(edss ~ week * arm + base, corSymm + varIdent, REML); emmeans 1.8.4-1 Satterthwaite
        assertThat(interaction).isNotNull();
        assertThat(interaction.get("estimate").asDouble()).isCloseTo(-0.17186482636210518, Offset.offset(2e-7));
        assertThat(json.get("logLik").asDouble()).isCloseTo(-414.65553177407367, Offset.offset(1e-6));
        JsonNode week48 = json.get("differences").get(3);
        assertThat(week48.get("visit").asString()).isEqualTo("48");
        assertThat(week48.get("arm").asString()).isEqualTo("MSC");
        assertThat(week48.get("reference").asString()).isEqualTo("placebo");
        assertThat(json.get("leastSquaresMeans")).hasSize(8);
        assertThat(json.get("covarianceMatrix")).hasSize(4);
    }

    @Test
    void givesKenwardRogerStandardErrorsAndDegreesOfFreedomWhenAsked() {
        CommandRun r = run("--response", "edss", "--arm", "arm", "--baseline", "base", "--control", "placebo",
                "--df", "kenward-roger", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.get("dfMethod").asString()).isEqualTo("kenward-roger");
        JsonNode week48 = json.get("differences").get(3);
        // R 4.2.2, pbkrtest 0.5.2: vcovAdj_internal and Lb_ddf on the gls fit (r/mmrm/kenward-roger-reference.R, edss-us-kr)
        assertThat(week48.get("se").asDouble()).isCloseTo(0.13429450865295706, Offset.offset(1e-7));
        assertThat(week48.get("df").asDouble()).isCloseTo(138.87366764208917, Offset.offset(1e-2));
        CommandRun text = run("--response", "edss", "--arm", "arm", "--df", "kenward-roger");
        assertThat(text.out()).contains("Kenward-Roger degrees of freedom");
        CommandRun wrong = run("--response", "edss", "--df", "containment");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err().strip()).contains("containment").doesNotContain("\n");
    }

    @Test
    void printsAReadableSummaryForAnAr1FitFromAFormula() {
        CommandRun r = run("--formula", "edss ~ base + site + week * arm", "--arm", "arm", "--covariance", "ar1",
                "--control", "placebo");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("first-order autoregressive", "Least-squares means", "MSC - placebo",
                "siteStockholm", "rows left out for missing values");
    }

    @Test
    void refusesAnUnknownCovarianceStructureWithOneLineAndExitTwo() {
        CommandRun r = run("--response", "edss", "--covariance", "toeplitz");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).contains("toeplitz").doesNotContain("\n");
    }

    @Test
    void refusesAFormulaTogetherWithABaseline() {
        CommandRun r = run("--formula", "edss ~ week", "--baseline", "base");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--formula");
    }

    @Test
    void refusesAnUnknownColumnNamingIt() {
        CommandRun r = run("--response", "edss", "--arm", "treatment");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).contains("\"treatment\"").doesNotContain("\n");
    }
}
