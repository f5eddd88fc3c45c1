package org.harmonia.stats.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.harmonia.stats.survival.RReference.assertMatches;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The log-rank test against R 4.2.2, survival 3.5-3: {@code survdiff(Surv(time, status) ~ group)}. */
class LogRankTest {

    static Stream<Arguments> survdiffCases() {
        return Stream.of(
                Arguments.of("aml", "aml", "time", "status", "x"),
                Arguments.of("lung_sex", "lung", "time", "status", "sex"),
                Arguments.of("lung_ecog", "lung", "time", "status", "ph.ecog"),
                Arguments.of("veteran_celltype", "veteran", "time", "status", "celltype"),
                Arguments.of("ovarian_rx", "ovarian", "futime", "fustat", "rx"),
                Arguments.of("ties", "ties", "time", "status", "arm"),
                Arguments.of("allcensored", "allcensored", "time", "status", "arm"),
                Arguments.of("tiny", "tiny", "time", "status", "arm"),
                Arguments.of("onetime", "onetime", "time", "status", "arm"),
                Arguments.of("relapse", "relapse", "months", "relapse", "arm"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("survdiffCases")
    void matchesSurvdiff(String reference, String dataset, String time, String status, String group) {
        SurvivalData data = SurvivalData.fromTable(RReference.data(dataset), time, status, group, List.of());
        assertMatchesReference(LogRank.test(data), reference);
    }

    static void assertMatchesReference(LogRankResult result, String reference) {
        var groups = RReference.rows("logrank_groups.csv", RReference.where("case", reference));
        assertThat(result.groups()).hasSize(groups.size());
        for (Map<String, String> row : groups) {
            LogRankGroup g = result.group(row.get("group"));
            String at = reference + " " + row.get("group") + " ";
            assertThat(g.n()).as(at + "N").isEqualTo(Integer.parseInt(row.get("n")));
            assertMatches(at + "observed", row.get("observed"), g.observed());
            assertMatches(at + "expected", row.get("expected"), g.expected());
            assertMatches(at + "(O-E)^2/E", row.get("oe2e"), g.oMinusESquaredOverE());
            assertMatches(at + "(O-E)^2/V", row.get("oe2v"), g.oMinusESquaredOverV());
        }
        Map<String, String> test = RReference.rows("logrank_tests.csv", RReference.where("case", reference)).get(0);
        assertMatches(reference + " chisq", test.get("chisq"), result.statistic());
        assertThat(result.df()).as(reference + " df").isEqualTo(Integer.parseInt(test.get("df")));
        assertMatches(reference + " p", test.get("p"), result.p());
    }

    @Test
    void rejectsASingleGroup() {
        SurvivalData data = SurvivalData.of(new double[] {1, 2, 3}, new double[] {1, 0, 1}, new String[] {"A", "A", "A"});
        assertThatThrownBy(() -> LogRank.test(data)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("at least two groups");
    }

    @Test
    void rejectsDataWithoutEvents() {
        SurvivalData data = SurvivalData.of(new double[] {1, 2, 3}, new double[] {0, 0, 0}, new String[] {"A", "B", "A"});
        assertThatThrownBy(() -> LogRank.test(data)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("at least one event");
    }
}
