package org.harmonia.server.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.harmonia.server.cli.CliErrors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TTestCommandTest {
    private static final String SLEEP = CliRun.example("sleep.csv").toString();
    private static final String MTCARS = CliRun.example("mtcars-mpg.csv").toString();

    @Test
    void welchTestOfMpgByTransmissionMatchesR() {
        // R 4.2.2: t.test(mpg[am == 0], mpg[am == 1]) on mtcars
        CliRun r = CliRun.of("stats", "ttest", "--data", MTCARS, "--response", "mpg", "--group", "am", "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("method").asString()).isEqualTo("Welch Two Sample t-test");
        assertThat(j.get("levelX").asString()).isEqualTo("0");
        assertClose(j, "statistic", -3.7671231451449252);
        assertClose(j, "df", 18.332251638400461);
        assertClose(j, "p", 0.0013736383330710284);
        assertClose(j, "ciLow", -11.280194355040161);
        assertClose(j, "ciHigh", -3.2096841874699598);
        assertClose(j, "meanX", 17.147368421052633);
        assertClose(j, "meanY", 24.392307692307693);
        assertClose(j, "se", 1.9232021338597201);
        assertThat(j.get("nX").asInt()).isEqualTo(19);
        assertThat(j.get("nY").asInt()).isEqualTo(13);
    }

    @Test
    void studentTestWithVarEqualMatchesR() {
        // R 4.2.2: t.test(mpg[am == 0], mpg[am == 1], var.equal = TRUE)
        JsonNode j = CliRun.of("stats", "ttest", "--data", MTCARS, "--response", "mpg", "--group", "am",
                "--var-equal", "--json").json();
        assertThat(j.get("method").asString()).isEqualTo("Two Sample t-test");
        assertClose(j, "statistic", -4.1061269831006904);
        assertClose(j, "df", 30);
        assertClose(j, "p", 0.00028502074393506728);
    }

    @Test
    void pairedTestOfSleepBySubjectMatchesR() {
        // R 4.2.2: t.test(extra[group == 1], extra[group == 2], paired = TRUE) on sleep
        JsonNode j = CliRun.of("stats", "ttest", "--data", SLEEP, "--response", "extra", "--group", "group",
                "--paired", "--subject", "patient", "--json").json();
        assertThat(j.get("method").asString()).isEqualTo("Paired t-test");
        assertClose(j, "statistic", -4.0621276833820366);
        assertClose(j, "df", 9);
        assertClose(j, "p", 0.0028328901973842702);
        assertClose(j, "estimate", -1.5800000000000001);
        assertClose(j, "ciLow", -2.4598857632769824);
        assertClose(j, "ciHigh", -0.70011423672301754);
    }

    /** R's sleep data in the wide form: one row per patient, the extra sleep under drug 1 and drug 2. */
    static final String SLEEP_WIDE = "patient,drug1,drug2\n1,0.7,1.9\n2,-1.6,0.8\n3,-0.2,1.1\n4,-1.2,0.1\n5,-0.1,-0.1\n"
            + "6,3.4,4.4\n7,3.7,5.5\n8,0.8,1.6\n9,0.0,4.6\n10,2.0,3.4\n";

    @Test
    void pairedTestFromTwoColumnsEqualsTheLongForm(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // R 4.2.2: t.test(sleep$extra[1:10], sleep$extra[11:20], paired = TRUE), the same numbers as the long form
        java.nio.file.Path f = dir.resolve("sleep-wide.csv");
        java.nio.file.Files.writeString(f, SLEEP_WIDE);
        CliRun run = CliRun.of("stats", "ttest", "--data", f.toString(), "--x", "drug1", "--y", "drug2", "--paired", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode j = run.json();
        assertThat(j.get("method").asString()).isEqualTo("Paired t-test");
        assertThat(j.get("levelX").asString()).isEqualTo("drug1");
        assertClose(j, "statistic", -4.0621276833820366);
        assertClose(j, "p", 0.0028328901973842702);
        assertClose(j, "ciLow", -2.4598857632769824);
        CliRun text = CliRun.of("stats", "ttest", "--data", f.toString(), "--x", "drug1", "--y", "drug2", "--paired");
        assertThat(text.out()).contains("data: drug1 and drug2 (10 pairs of drug1 and drug2)");
    }

    @Test
    void twoColumnsWithTheLongFormAreAUsageError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("sleep-wide.csv");
        java.nio.file.Files.writeString(f, SLEEP_WIDE);
        CliRun r = CliRun.of("stats", "ttest", "--data", f.toString(), "--x", "drug1", "--y", "drug2", "--response", "drug1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("either as --x/--y columns or as --response");
    }

    @Test
    void levelsOptionReversesTheDifference() {
        JsonNode j = CliRun.of("stats", "ttest", "--data", SLEEP, "--response", "extra", "--group", "group",
                "--levels", "2,1", "--paired", "--subject", "patient", "--alternative", "greater", "--json").json();
        assertClose(j, "statistic", 4.0621276833820366);
        assertThat(j.get("alternative").asString()).isEqualTo("greater");
        assertThat(CliRun.number(j.get("ciHigh"))).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void printsAReadableTableByDefault() {
        CliRun r = CliRun.of("stats", "ttest", "--data", MTCARS, "--response", "mpg", "--group", "am");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Welch Two Sample t-test", "t = -3.76712", "p-value = 0.001374",
                "95 percent confidence interval: -11.2802 -3.20968");
    }

    @Test
    void rejectsConstantDataWithOneLine() {
        CliRun constant = CliRun.of("stats", "ttest", "--data", SLEEP, "--response", "group", "--group", "group");
        assertThat(constant.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(constant.err().strip()).isEqualTo("data are essentially constant; a t test is undefined");
    }

    @Test
    void rejectsAGroupColumnWithThreeValues() {
        CliRun r = CliRun.of("stats", "ttest", "--data", MTCARS, "--response", "mpg", "--group", "mpg");
        assertThat(r.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(r.err()).contains("a two-sample test needs exactly 2, choose them with --levels A,B");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void rejectsAMissingResponseColumn() {
        CliRun r = CliRun.of("stats", "ttest", "--data", MTCARS, "--response", "hp", "--group", "am");
        assertThat(r.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("column \"hp\" not found in mtcars-mpg.csv; columns are: car, mpg, am");
    }

    @Test
    void rejectsUnpairableRowsWithoutSubject() {
        CliRun r = CliRun.of("stats", "ttest", "--data", MTCARS, "--response", "mpg", "--group", "am", "--paired");
        assertThat(r.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("--paired without --subject pairs the rows of each group in file order, "
                + "but am = 0 has 19 rows and am = 1 has 13");
    }

    @Test
    void rejectsABadConfidenceLevel() {
        CliRun r = CliRun.of("stats", "ttest", "--data", MTCARS, "--response", "mpg", "--conf-level", "95");
        assertThat(r.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("confidence level 95.0 must lie strictly between 0 and 1");
        CliRun word = CliRun.of("stats", "ttest", "--data", MTCARS, "--response", "mpg", "--mu", "zero");
        assertThat(word.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(word.err().strip()).isEqualTo("--mu \"zero\" is not a number");
    }

    @Test
    void rejectsAnUnknownOptionWithOneLine() {
        CliRun r = CliRun.of("stats", "ttest", "--data", MTCARS, "--respons", "mpg");
        assertThat(r.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("Unknown options: '--respons', 'mpg' (see: harmonia stats ttest --help)");
    }

    static void assertClose(JsonNode j, String key, double expected) {
        double actual = CliRun.number(j.get(key));
        assertThat(Math.abs(actual - expected)).as(key).isLessThanOrEqualTo(1e-6 * Math.abs(expected));
    }
}
