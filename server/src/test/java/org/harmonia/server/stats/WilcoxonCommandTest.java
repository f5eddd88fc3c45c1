package org.harmonia.server.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.harmonia.server.stats.TTestCommandTest.assertClose;

import java.nio.file.Files;
import java.nio.file.Path;
import org.harmonia.server.cli.CliErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class WilcoxonCommandTest {

    @Test
    void rankSumOfMpgByTransmissionMatchesR() {
        // R 4.2.2: wilcox.test(mpg[am == 0], mpg[am == 1]) on mtcars (ties: normal approximation)
        JsonNode j = CliRun.of("stats", "wilcoxon", "--data", CliRun.example("mtcars-mpg.csv").toString(),
                "--response", "mpg", "--group", "am", "--json").json();
        assertThat(j.get("method").asString()).isEqualTo("Wilcoxon rank sum test with continuity correction");
        assertThat(j.get("statisticName").asString()).isEqualTo("W");
        assertThat(j.get("exact").asBoolean()).isFalse();
        assertThat(j.get("pMethod").asString()).isEqualTo("normal approximation with continuity correction");
        assertClose(j, "statistic", 42);
        assertClose(j, "p", 0.0018713913331785568);
    }

    @Test
    void pairedSignedRankOfSleepDropsTheZeroAsR() {
        // R 4.2.2: wilcox.test(extra[group == 1], extra[group == 2], paired = TRUE) on sleep
        JsonNode j = CliRun.of("stats", "wilcoxon", "--data", CliRun.example("sleep.csv").toString(),
                "--response", "extra", "--group", "group", "--paired", "--subject", "patient", "--json").json();
        assertThat(j.get("statisticName").asString()).isEqualTo("V");
        assertClose(j, "statistic", 0);
        assertClose(j, "p", 0.0090906980159250559);
        assertThat(j.get("zerosDropped").asInt()).isEqualTo(1);
        assertThat(j.get("n").asInt()).isEqualTo(9);
    }

    @Test
    void pairedSignedRankFromTwoColumnsEqualsTheLongForm(@TempDir Path dir) throws Exception {
        // R 4.2.2: wilcox.test(sleep$extra[1:10], sleep$extra[11:20], paired = TRUE)
        Path f = dir.resolve("sleep-wide.csv");
        Files.writeString(f, TTestCommandTest.SLEEP_WIDE);
        CliRun run = CliRun.of("stats", "wilcoxon", "--data", f.toString(), "--x", "drug1", "--y", "drug2", "--paired", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode j = run.json();
        assertThat(j.get("statisticName").asString()).isEqualTo("V");
        assertClose(j, "statistic", 0);
        assertClose(j, "p", 0.0090906980159250559);
        assertThat(j.get("zerosDropped").asInt()).isEqualTo(1);
    }

    @Test
    void exactRankSumWithoutTies(@TempDir Path dir) throws Exception {
        // R 4.2.2: wilcox.test(c(1.1, 2.3, 3.8), c(4.2, 5.5, 0.4, 6.1), alternative = "less") -> W = 3, p = 0.2
        Path f = dir.resolve("small.csv");
        Files.writeString(f, "arm,y\nA,1.1\nA,2.3\nA,3.8\nB,4.2\nB,5.5\nB,0.4\nB,6.1\n");
        JsonNode j = CliRun.of("stats", "wilcoxon", "--data", f.toString(), "--response", "y", "--group", "arm",
                "--alternative", "less", "--json").json();
        assertThat(j.get("method").asString()).isEqualTo("Wilcoxon rank sum exact test");
        assertThat(j.get("exact").asBoolean()).isTrue();
        assertClose(j, "statistic", 3);
        assertClose(j, "p", 0.2);
    }

    @Test
    void rejectsAnEmptyGroup(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("na.csv");
        Files.writeString(f, "arm,y\nA,1.1\nA,2.3\nB,NA\n");
        CliRun r = CliRun.of("stats", "wilcoxon", "--data", f.toString(), "--response", "y", "--group", "arm");
        assertThat(r.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("the rank sum test needs at least 1 observation in each sample, there are 2 and 0");
    }

    @Test
    void rejectsASubjectSeenInOneGroupOnly(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pairs.csv");
        Files.writeString(f, "id,visit,y\n1,pre,3\n1,post,4\n2,pre,5\n");
        CliRun r = CliRun.of("stats", "wilcoxon", "--data", f.toString(), "--response", "y", "--group", "visit",
                "--paired", "--subject", "id");
        assertThat(r.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("id 2 has no row with visit = post in pairs.csv; a paired test needs both");
    }
}
