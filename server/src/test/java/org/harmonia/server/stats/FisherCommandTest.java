package org.harmonia.server.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.harmonia.server.stats.TTestCommandTest.assertClose;

import org.harmonia.server.cli.CliErrors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FisherCommandTest {
    private static final String SAFETY = CliRun.example("mesems-safety.csv").toString();

    @Test
    void adverseEventTableFromCountsMatchesR() {
        // R 4.2.2: fisher.test(matrix(c(35, 42, 34, 33), 2)); odds ratio and limits solved to 1e-14 (classical-tests.R)
        CliRun r = CliRun.of("stats", "fisher", "--table", "35,34,42,33", "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode j = r.json();
        assertClose(j, "p", 0.61629224840850305);
        assertClose(j, "estimate", 0.81001872392043939);
        assertClose(j, "ciLow", 0.39835366336628203);
        assertClose(j, "ciHigh", 1.6415590368738864);
        assertThat(j.get("counts").get(1).get(0).asInt()).isEqualTo(42);
    }

    @Test
    void seriousAdverseEventsCrossTabulatedFromTheFileMatchR() {
        // R 4.2.2: fisher.test(matrix(c(0, 7, 69, 68), 2)): 0 of 69 early-MSC vs 7 of 75 delayed-MSC
        JsonNode j = CliRun.of("stats", "fisher", "--data", SAFETY, "--row", "arm", "--col", "sae",
                "--row-levels", "early-MSC,delayed-MSC", "--col-levels", "yes,no", "--json").json();
        assertThat(j.get("rowLevels").get(0).asString()).isEqualTo("early-MSC");
        assertThat(j.get("counts").toString()).isEqualTo("[[0,69],[7,68]]");
        assertClose(j, "p", 0.013946097764059862);
        assertThat(CliRun.number(j.get("estimate"))).isZero();
        assertClose(j, "ciHigh", 0.71859303723374446);
    }

    @Test
    void printsTheTableAndTheTest() {
        CliRun r = CliRun.of("stats", "fisher", "--table", "3,1,1,3", "--alternative", "greater");
        assertThat(r.exitCode()).isZero();
        // R 4.2.2: fisher.test(TeaTasting, alternative = "greater")$p.value = 0.2429
        assertThat(r.out()).contains("p-value = 0.2429", "true odds ratio is greater than 1");
    }

    @Test
    void rejectsNegativeAndFractionalCounts() {
        CliRun negative = CliRun.of("stats", "fisher", "--table", "3,-1,1,3");
        assertThat(negative.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(negative.err().strip()).isEqualTo("count in row 1, column 2 is negative (-1.0)");
        CliRun fraction = CliRun.of("stats", "fisher", "--table", "3,1,1.5,3");
        assertThat(fraction.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(fraction.err().strip()).isEqualTo("count in row 2, column 1 is not a whole number (1.5)");
    }

    @Test
    void rejectsBothOrNeitherInput() {
        CliRun both = CliRun.of("stats", "fisher", "--table", "3,1,1,3", "--data", SAFETY);
        assertThat(both.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(both.err().strip()).isEqualTo("give either --table or --data with --row and --col, not both");
        CliRun neither = CliRun.of("stats", "fisher");
        assertThat(neither.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(neither.err().strip()).isEqualTo("give the table as --table a,b,c,d or as --data FILE --row COLUMN --col COLUMN");
    }

    @Test
    void rejectsALevelThatDoesNotOccur() {
        CliRun r = CliRun.of("stats", "fisher", "--data", SAFETY, "--row", "arm", "--col", "sae", "--col-levels", "yes,No");
        assertThat(r.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("value \"No\" given in --col-levels does not occur in column \"sae\" "
                + "of mesems-safety.csv; its values are: no, yes");
    }

    @Test
    void rejectsAnEmptyRow() {
        CliRun r = CliRun.of("stats", "fisher", "--table", "0,0,4,5");
        assertThat(r.exitCode()).isEqualTo(CliErrors.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("row 1 of the table has no counts; Fisher's exact test is undefined with an empty row");
    }
}
