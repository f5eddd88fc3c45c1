package org.harmonia.server.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.harmonia.server.cli.HarmoniaCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The survival sub-commands run in-process on docs/examples/relapse.csv. Expected values: R 4.2.2, survival 3.5-3 on
 * the same file (stats/src/test/resources/r/survival/survival.R, case "relapse").
 */
class SurvivalCommandsTest {
    private static final String RELAPSE = Path.of("..", "docs", "examples", "relapse.csv").toString();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    private static Run run(String... args) {
        CommandLine cl = HarmoniaCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void assertOneLineError(Run run, String fragment) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).doesNotContain("\n").contains(fragment);
    }

    @Test
    void kmPrintsCurvesAndMediansAsJson() {
        Run run = run("stats", "km", "--data", RELAPSE, "--time", "months", "--status", "relapse", "--group", "arm",
                "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode fit = run.json();
        assertThat(fit.get("confType").asString()).isEqualTo("log");
        JsonNode placebo = fit.get("curves").get(1);
        assertThat(placebo.get("group").asString()).isEqualTo("placebo");
        assertThat(placebo.get("n").asInt()).isEqualTo(15);
        assertThat(placebo.get("events").asInt()).isEqualTo(12);
        // print(survfit(Surv(months, relapse) ~ arm)): placebo median 11.2, 0.95LCL 6.3, UCL NA
        assertThat(placebo.get("median").get("time").asDouble()).isEqualTo(11.2);
        assertThat(placebo.get("median").get("ciLow").asDouble()).isEqualTo(6.3);
        assertThat(placebo.get("median").get("ciHigh").isNull()).isTrue();
        JsonNode step = placebo.get("steps").get(3);
        assertThat(step.get("time").asDouble()).isEqualTo(5.2);
        assertThat(step.get("nRisk").asInt()).isEqualTo(12);
        assertThat(step.get("survival").asDouble()).isCloseTo(0.733333333333333, within(1e-12));
        assertThat(step.get("se").asDouble()).isCloseTo(0.11417984514369, within(1e-12));
        assertThat(step.get("seLogSurvival").asDouble()).isCloseTo(0.155699788832305, within(1e-12));
        assertThat(step.get("ciLow").asDouble()).isCloseTo(0.540467427796136, within(1e-12));
        assertThat(step.get("ciHigh").asDouble()).isCloseTo(0.995023474348259, within(1e-12));
    }

    @Test
    void kmPrintsATableByDefault() {
        Run run = run("stats", "km", "--data", RELAPSE, "--time", "months", "--status", "relapse", "--group", "arm",
                "--conf-type", "log-log");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("log-log").contains("group placebo: n = 15, events = 12, median = 11.20")
                .contains("n.risk");
    }

    @Test
    void logrankMatchesSurvdiff() {
        Run run = run("stats", "logrank", "--data", RELAPSE, "--time", "months", "--status", "relapse", "--group",
                "arm", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode r = run.json();
        // survdiff(Surv(months, relapse) ~ arm): Chisq 6.17496905960785 on 1 df, p 0.0129570176887142
        assertThat(r.get("statistic").asDouble()).isCloseTo(6.17496905960785, within(1e-9));
        assertThat(r.get("df").asInt()).isEqualTo(1);
        assertThat(r.get("p").asDouble()).isCloseTo(0.0129570176887142, within(1e-11));
        JsonNode msc = r.get("groups").get(0);
        assertThat(msc.get("group").asString()).isEqualTo("MSC");
        assertThat(msc.get("observed").asDouble()).isEqualTo(9.0);
        assertThat(msc.get("expected").asDouble()).isCloseTo(14.1263218910123, within(1e-9));
        assertThat(msc.get("oMinusESquaredOverV").asDouble()).isCloseTo(6.17496905960785, within(1e-9));
    }

    @Test
    void coxMatchesCoxphWithTextFactorNamingAndDroppedRow() {
        Run run = run("stats", "cox", "--data", RELAPSE, "--formula", "Surv(months, relapse) ~ arm + age", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode fit = run.json();
        // coxph(Surv(months, relapse) ~ arm + age): armplacebo 0.764837647529847 (se 0.509393882351417),
        // n = 29 with 1 observation deleted, LR 7.7819423244881, score 8.48416712900366
        assertThat(fit.get("ties").asString()).isEqualTo("efron");
        JsonNode arm = fit.get("coefficients").get(0);
        assertThat(arm.get("term").asString()).isEqualTo("armplacebo");
        assertThat(arm.get("estimate").asDouble()).isCloseTo(0.764837647529847, within(1e-9));
        assertThat(arm.get("se").asDouble()).isCloseTo(0.509393882351417, within(1e-9));
        assertThat(arm.get("expEstimate").asDouble()).isCloseTo(2.14864550843056, within(1e-8));
        assertThat(fit.get("n").asInt()).isEqualTo(29);
        assertThat(fit.get("droppedMissing").asInt()).isEqualTo(1);
        assertThat(fit.get("likelihoodRatio").get("statistic").asDouble()).isCloseTo(7.7819423244881, within(1e-8));
        assertThat(fit.get("score").get("statistic").asDouble()).isCloseTo(8.48416712900366, within(1e-8));
        assertThat(fit.has("wald")).isTrue();
        assertThat(fit.has("logLikNull")).isTrue();
    }

    @Test
    void coxWithBreslowTies() {
        Run run = run("stats", "cox", "--data", RELAPSE, "--formula", "Surv(months, relapse) ~ arm + age", "--ties",
                "breslow", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // coxph(..., ties = "breslow"): armplacebo 0.766570979622916
        assertThat(run.json().get("coefficients").get(0).get("estimate").asDouble())
                .isCloseTo(0.766570979622916, within(1e-9));
    }

    @Test
    void landmarkReportsExclusionsAndTheLogRankAfterIt() {
        Run run = run("stats", "landmark", "--data", RELAPSE, "--time", "months", "--status", "relapse", "--group",
                "arm", "--at", "13", "--method", "logrank", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode r = run.json();
        // subset(months > 13): 15 of 30 kept, 11 relapses and 4 censorings at or before 13;
        // survdiff on months - 13: Chisq 1.64424985513931
        assertThat(r.get("landmark").asDouble()).isEqualTo(13.0);
        assertThat(r.get("kept").asInt()).isEqualTo(15);
        assertThat(r.get("eventsBefore").asInt()).isEqualTo(11);
        assertThat(r.get("censoredBefore").asInt()).isEqualTo(4);
        assertThat(r.get("groupsExcluded").size()).isZero();
        assertThat(r.get("result").get("statistic").asDouble()).isCloseTo(1.64424985513931, within(1e-9));
    }

    @Test
    void landmarkKmAndCoxAsTables() {
        Run km = run("stats", "landmark", "--data", RELAPSE, "--time", "months", "--status", "relapse", "--group",
                "arm", "--at", "13");
        assertThat(km.exitCode()).as(km.err()).isZero();
        assertThat(km.out()).contains("15 of 30 subjects").contains("group MSC");
        Run cox = run("stats", "landmark", "--data", RELAPSE, "--time", "months", "--status", "relapse", "--group",
                "arm", "--at", "13", "--method", "cox");
        assertThat(cox.exitCode()).as(cox.err()).isZero();
        assertThat(cox.out()).contains("armplacebo");
    }

    @Test
    void rejectsAMissingColumnWithOneLine() {
        assertOneLineError(run("stats", "km", "--data", RELAPSE, "--time", "weeks", "--status", "relapse"),
                "column \"weeks\" not found");
    }

    @Test
    void rejectsAMissingRequiredOptionWithOneLine() {
        assertOneLineError(run("stats", "logrank", "--data", RELAPSE, "--time", "months", "--status", "relapse"),
                "missing option --group");
    }

    @Test
    void rejectsBadOptionValuesWithOneLine() {
        assertOneLineError(run("stats", "km", "--data", RELAPSE, "--time", "months", "--status", "relapse",
                "--conf-type", "logit"), "unknown confidence interval type");
        assertOneLineError(run("stats", "cox", "--data", RELAPSE, "--formula", "Surv(months, relapse) ~ arm",
                "--ties", "exact"), "unknown ties method");
        assertOneLineError(run("stats", "landmark", "--data", RELAPSE, "--time", "months", "--status", "relapse",
                "--group", "arm", "--at", "soon"), "--at");
        assertOneLineError(run("stats", "landmark", "--data", RELAPSE, "--time", "months", "--status", "relapse",
                "--group", "arm", "--at", "13", "--method", "weibull"), "--method");
    }

    @Test
    void rejectsBadDataWithOneLine() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "t,s,g\n3,1,A\n-1,0,B\n4,7,A\n");
        assertOneLineError(run("stats", "km", "--data", bad.toString(), "--time", "t", "--status", "s"), "negative");
        Path noEvents = dir.resolve("none.csv");
        Files.writeString(noEvents, "t,s,x\n3,0,1\n4,0,2\n5,0,3\n");
        assertOneLineError(run("stats", "cox", "--data", noEvents.toString(), "--formula", "Surv(t, s) ~ x"),
                "no events");
        Path constant = dir.resolve("constant.csv");
        Files.writeString(constant, "t,s,x\n3,1,1\n4,0,1\n5,1,1\n");
        assertOneLineError(run("stats", "cox", "--data", constant.toString(), "--formula", "Surv(t, s) ~ x"),
                "constant");
    }

    @Test
    void landmarkThatExcludesAWholeGroupSaysSo() throws IOException {
        Path data = dir.resolve("lm.csv");
        Files.writeString(data, "t,s,g\n2,1,A\n12,1,A\n15,0,A\n18,1,A\n3,1,B\n8,0,B\n");
        Run km = run("stats", "landmark", "--data", data.toString(), "--time", "t", "--status", "s", "--group", "g",
                "--at", "10", "--json");
        assertThat(km.exitCode()).as(km.err()).isZero();
        assertThat(km.json().get("groupsExcluded").get(0).asString()).isEqualTo("B");
        assertOneLineError(run("stats", "landmark", "--data", data.toString(), "--time", "t", "--status", "s",
                "--group", "g", "--at", "10", "--method", "logrank"), "at least two groups");
    }
}
