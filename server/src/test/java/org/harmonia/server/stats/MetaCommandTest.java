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

class MetaCommandTest {
    /** The example files of docs/stats/meta.md, so the documented commands are the tested ones. */
    private static final Path EXAMPLES = Path.of("..", "docs", "examples");
    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    private static String bcg() {
        return EXAMPLES.resolve("bcg.csv").toString();
    }

    private static String msc() {
        return EXAMPLES.resolve("msc-ae.csv").toString();
    }

    private static void assertRelative(JsonNode node, double expected) {
        assertThat(node.isNumber()).as("number expected, got %s", node).isTrue();
        assertThat(node.asDouble()).isCloseTo(expected, within(Math.abs(expected) * 1e-6));
    }

    // R 4.2.2, metafor 3.8-1: rma(yi, vi, data = escalc("RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg)),
    // predict() of it, and regtest() of it.
    @Test
    void poolsBcgTrialsWithRemlAsJson() {
        Run r = run("stats", "meta", "--data", bcg(), "--measure", "RR", "--ai", "tpos", "--bi", "tneg", "--ci", "cpos",
                "--di", "cneg", "--study", "author", "--method", "REML", "--egger", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("k").asInt()).isEqualTo(13);
        assertThat(j.get("measure").asString()).isEqualTo("RR");
        assertThat(j.get("studies")).hasSize(13);
        assertThat(j.get("studies").get(0).get("study").asString()).isEqualTo("Aronson");
        assertThat(j.get("studies").get(0).has("weight")).isTrue();
        JsonNode pooled = j.get("pooled");
        assertRelative(pooled.get("estimate"), -0.71453234836510149);
        assertRelative(pooled.get("se"), 0.17978153178036146);
        assertRelative(pooled.get("piLow"), -1.8666923466070688);
        assertRelative(pooled.get("piHigh"), 0.43762764987686598);
        assertRelative(pooled.get("expEstimate"), Math.exp(-0.71453234836510149));
        JsonNode het = j.get("heterogeneity");
        assertRelative(het.get("tau2"), 0.31324332598089488);
        assertRelative(het.get("tau2Se"), 0.16642578309872516);
        assertRelative(het.get("q"), 152.23300808237329);
        assertThat(het.get("p").asDouble()).isCloseTo(1.9967645908459738e-26, within(2e-30));
        assertRelative(het.get("i2"), 92.221386074965551);
        JsonNode egger = j.get("egger");
        assertRelative(egger.get("statistic"), -0.80332911207010615);
        assertRelative(egger.get("p"), 0.42178453567222768);
        assertRelative(egger.get("limitEstimate"), -0.51043188378949966);
        assertThat(j.get("iterations").asInt()).isPositive();
    }

    // R 4.2.2, metafor 3.8-1: rma(yi, vi, mods = ~ ablat + alloc, data = <BCG log risk ratios>).
    @Test
    void fitsMetaRegressionWithNumericAndCategoricalModerators() {
        Run r = run("stats", "meta", "--data", bcg(), "--measure", "RR", "--ai", "tpos", "--bi", "tneg", "--ci", "cpos",
                "--di", "cneg", "--mods", "ablat,alloc", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode reg = r.json().get("metaRegression");
        assertThat(reg.get("coefficients").get(2).get("term").asString()).isEqualTo("allocrandom");
        assertRelative(reg.get("coefficients").get(1).get("estimate"), -0.027275739102072306);
        assertRelative(reg.get("moderators").get("statistic"), 11.06053399517795);
        assertThat(reg.get("moderators").get("df1").asInt()).isEqualTo(3);
        assertRelative(reg.get("moderators").get("p"), 0.011403008468820997);
        assertRelative(reg.get("r2"), 53.839190266371077);
    }

    // R 4.2.2, metafor 3.8-1: per-level rma(..., subset = alloc == level), QM of mods = ~ alloc, and the FE
    // test between the subgroup estimates.
    @Test
    void reportsBothTestsOfSubgroupDifferences() {
        Run r = run("stats", "meta", "--data", bcg(), "--measure", "RR", "--ai", "tpos", "--bi", "tneg", "--ci", "cpos",
                "--di", "cneg", "--subgroup", "alloc", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode s = r.json().get("subgroups");
        assertThat(s.get("groups")).hasSize(3);
        assertThat(s.get("groups").get(0).get("level").asString()).isEqualTo("alternate");
        assertRelative(s.get("moderatorTest").get("statistic"), 1.7675130417729956);
        assertRelative(s.get("moderatorTest").get("p"), 0.41322769394330977);
        assertRelative(s.get("between").get("statistic"), 1.8614461412311942);
        assertRelative(s.get("between").get("p"), 0.39426852329497952);
    }

    // R 4.2.2, metafor 3.8-1: rma(yi, vi, method = "REML", test = "knha") and rma.mh(measure = "OR") on the
    // illustrative MSC adverse-event counts of docs/examples/msc-ae.csv.
    @Test
    void poolsMscAdverseEventsWithHartungKnappAndMantelHaenszel() {
        Run knha = run("stats", "meta", "--data", msc(), "--measure", "RR", "--ai", "ae_msc", "--n1i", "n_msc",
                "--ci", "ae_ctrl", "--n2i", "n_ctrl", "--study", "study", "--method", "REML", "--test", "knha", "--json");
        assertThat(knha.exitCode()).as(knha.err()).isZero();
        JsonNode p = knha.json().get("pooled");
        assertRelative(p.get("estimate"), 0.65873978848644177);
        assertThat(p.get("df").asInt()).isEqualTo(7);
        assertRelative(p.get("piHigh"), 0.91942362500238184);

        Run mh = run("stats", "meta", "--data", msc(), "--measure", "OR", "--ai", "ae_msc", "--n1i", "n_msc",
                "--ci", "ae_ctrl", "--n2i", "n_ctrl", "--method", "MH", "--json");
        assertThat(mh.exitCode()).as(mh.err()).isZero();
        assertRelative(mh.json().get("pooled").get("estimate"), 1.0283819269916092);
        assertRelative(mh.json().get("cmh").get("statistic"), 16.753111462143124);
        assertThat(mh.json().get("pooled").get("piLow").isNull()).isTrue();
    }

    @Test
    void printsAReadableTableByDefault() {
        Run r = run("stats", "meta", "--data", msc(), "--measure", "RR", "--ai", "ae_msc", "--n1i", "n_msc",
                "--ci", "ae_ctrl", "--n2i", "n_ctrl", "--study", "study", "--subgroup", "cells", "--egger");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Trial D", "Pooled estimate (log RR)", "95% prediction interval",
                "Heterogeneity: Q =", "Subgroups by cells", "Test between subgroups", "Egger's test");
    }

    @Test
    void countsRowsLeftOutForMissingValues(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("trials.csv");
        Files.writeString(f, "ai,n1i,ci,n2i\n3,20,1,20\nNA,15,2,15\n4,30,2,30\n5,25,2,24\n");
        Run r = run("stats", "meta", "--data", f.toString(), "--measure", "OR", "--ai", "ai", "--n1i", "n1i",
                "--ci", "ci", "--n2i", "n2i", "--method", "FE", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get("rowsDropped").asInt()).isEqualTo(1);
        assertThat(r.json().get("droppedRows").get(0).asInt()).isEqualTo(2);
        assertThat(r.json().get("k").asInt()).isEqualTo(3);
    }

    @Test
    void rejectsEventsAboveGroupSizeWithOneLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("trials.csv");
        Files.writeString(f, "ai,n1i,ci,n2i\n3,20,1,20\n25,20,2,20\n");
        Run r = run("stats", "meta", "--data", f.toString(), "--measure", "RR", "--ai", "ai", "--n1i", "n1i",
                "--ci", "ci", "--n2i", "n2i");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("trials.csv row 2: 25 events (column \"ai\") exceed the group size 20 (column \"n1i\")");
    }

    @Test
    void rejectsAnUnknownMeasure() {
        Run r = run("stats", "meta", "--data", bcg(), "--measure", "HR", "--ai", "tpos", "--bi", "tneg", "--ci", "cpos",
                "--di", "cneg");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("measure \"HR\" is not supported; use RR, OR, RD or GEN").doesNotContain("\n");
    }

    @Test
    void givenEffectSizesNeedNoMeasureAsRmaYiVi(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("given.csv");
        Files.writeString(f, "study,yi,vi\nA,-0.89,0.33\nB,-1.59,0.19\nC,-1.35,0.42\nD,-1.44,0.02\nE,-0.22,0.05\n");
        Run withMeasure = run("stats", "meta", "--data", f.toString(), "--measure", "GEN", "--yi", "yi", "--vi", "vi", "--json");
        Run without = run("stats", "meta", "--data", f.toString(), "--yi", "yi", "--vi", "vi", "--json");
        assertThat(without.exitCode()).as(without.err()).isZero();
        assertThat(without.json().get("measure").asString()).isEqualTo("GEN");
        assertThat(without.json().get("pooled")).isEqualTo(withMeasure.json().get("pooled"));
    }

    @Test
    void countsWithoutAMeasureAreAUsageError() {
        Run r = run("stats", "meta", "--data", bcg(), "--ai", "tpos", "--bi", "tneg", "--ci", "cpos", "--di", "cneg");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).contains("--measure RR, OR or RD").doesNotContain("\n");
    }

    @Test
    void rejectsHartungKnappWithMantelHaenszel() {
        Run r = run("stats", "meta", "--data", bcg(), "--measure", "OR", "--ai", "tpos", "--bi", "tneg", "--ci", "cpos",
                "--di", "cneg", "--method", "MH", "--test", "knha");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).contains("DL and REML").doesNotContain("\n");
    }

    @Test
    void rejectsAMissingColumn() {
        Run r = run("stats", "meta", "--data", bcg(), "--measure", "RR", "--ai", "events", "--bi", "tneg", "--ci", "cpos",
                "--di", "cneg");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("column \"events\" not found in bcg.csv").doesNotContain("\n");
    }

    @Test
    void rejectsMissingCountArguments() {
        Run r = run("stats", "meta", "--data", bcg(), "--measure", "RR", "--ai", "tpos", "--ci", "cpos");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("argument bi is missing: name the column that holds it");
    }

    @Test
    void rejectsAnUnknownOptionWithOneLine() {
        Run r = run("stats", "meta", "--data", bcg(), "--measure", "RR", "--model", "x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).contains("--model").doesNotContain("\n");
    }
}
