package org.harmonia.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.harmonia.server.cli.HarmoniaCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code harmonia protocol check|show}, run in-process with captured output. */
class ProtocolCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void checksTheMesemsProtocol() {
        assertThat(run("protocol", "check", "../protocols/mesems.yaml")).isZero();
        assertThat(out.toString()).contains("ok - mesems version 1.3: crossover, 2 arms, 2 sequences, 15 visits, 13 activities, 9 sub-trials");
    }

    @Test
    void checksTheIntrathecalSafetyMetaAnalysisProtocol() {
        assertThat(run("protocol", "check", "msc-it-safety", "--protocols", "../protocols")).isZero();
        assertThat(out.toString()).contains("ok - msc-it-safety version 1");
    }

    @Test
    void checksTheHadassahLongTermProtocol() {
        assertThat(run("protocol", "check", "hadassah", "--protocols", "../protocols")).isZero();
        assertThat(out.toString()).contains("ok - hadassah version 1: single-arm, 1 arms, 1 sequences, 14 visits, 7 activities, 1 sub-trials");
    }

    @Test
    void checksTheUcMscCirrhosisProtocol() {
        assertThat(run("protocol", "check", "uc-msc-cirrhosis", "--protocols", "../protocols")).isZero();
        assertThat(out.toString()).contains("ok - uc-msc-cirrhosis version 1: parallel, 2 arms");
    }

    @Test
    void resolvesAStudyIdInTheProtocolsDirectory() {
        assertThat(run("protocol", "check", "mesems", "--protocols", "../protocols")).isZero();
    }

    @Test
    void reportsEveryProblemOfABrokenFileWithExitCode2() throws Exception {
        String broken = Files.readString(Path.of("../protocols/mesems.yaml"))
                .replace("- {epoch: P2, arm: MSC}", "- {epoch: P3, arm: MSC}")
                .replace("masking: quadruple ", "masking: quintuple ");
        Path file = Files.writeString(dir.resolve("broken.yaml"), broken);
        assertThat(run("protocol", "check", file.toString())).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactlyInAnyOrder(
                file + ":27: design.masking: \"quintuple\" is not one of: none, single, double, triple, quadruple",
                file + ":81: sequences[1].periods[1].epoch: unknown epoch \"P3\"; known: SCREENING, P1, P2");
        assertThat(err.toString()).doesNotContain("Exception");
    }

    @Test
    void showsTheScheduleOfActivitiesAndTheStockholmCriteria() {
        assertThat(run("protocol", "show", "../protocols/mesems.yaml", "--sub-trial", "stockholm")).isZero();
        String text = out.toString();
        assertThat(text).contains("Schedule of activities").contains("W48").contains("study infusion");
        assertThat(text).contains("Eligibility - sub-trial stockholm (its own list, replacing the master's)");
        assertThat(text).contains("rule: years_since(ms_onset_date) between 2 and 10");
        String mri = text.lines().filter(l -> l.startsWith("brain MRI")).findFirst().orElseThrow();
        assertThat(mri.chars().filter(c -> c == 'X').count()).isEqualTo(7);
    }

    @Test
    void refusesAnUnknownSubTrialNamingTheKnownOnes() {
        assertThat(run("protocol", "show", "../protocols/mesems.yaml", "--sub-trial", "oslo")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("no sub-trial \"oslo\" in mesems; sub-trials are: "
                + "italy, andalusia, badalona, canada, copenhagen, london, stockholm, salzburg, toulouse");
    }

    @Test
    void reportsAMissingFile() {
        assertThat(run("protocol", "check", "nowhere/missing.yaml")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("nowhere/missing.yaml:0: file not found");
    }

    private int run(String... args) {
        CommandLine cl = HarmoniaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }
}
