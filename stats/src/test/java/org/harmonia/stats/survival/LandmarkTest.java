package org.harmonia.stats.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Landmark analysis against R 4.2.2, survival 3.5-3: {@code d <- subset(d, time > L); d$time <- d$time - L}, then
 * survfit, survdiff and coxph on {@code d}.
 */
class LandmarkTest {

    static Stream<Arguments> landmarkCases() {
        return Stream.of(
                Arguments.of("landmark_veteran_30", "veteran", "time", "status", "trt", 30.0, true),
                Arguments.of("landmark_lung_180", "lung", "time", "status", "sex", 180.0, true),
                Arguments.of("landmark_aml_13", "aml", "time", "status", "x", 13.0, false),
                Arguments.of("landmark_edge_10", "landmark", "time", "status", "arm", 10.0, false),
                Arguments.of("landmark_relapse_13", "relapse", "months", "relapse", "arm", 13.0, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("landmarkCases")
    void matchesRAfterTheLandmark(String reference, String dataset, String time, String status, String group, double at,
            boolean numericGroup) {
        SurvivalData data = SurvivalData.fromTable(RReference.data(dataset), time, status, group, List.of());
        LandmarkSet set = Landmark.at(data, at);
        Map<String, String> counts = RReference.rows("landmark_counts.csv", RReference.where("case", reference)).get(0);
        assertThat(set.n()).isEqualTo(Integer.parseInt(counts.get("n")));
        assertThat(set.kept()).isEqualTo(Integer.parseInt(counts.get("kept")));
        assertThat(set.eventsBefore()).isEqualTo(Integer.parseInt(counts.get("events_before")));
        assertThat(set.censoredBefore()).isEqualTo(Integer.parseInt(counts.get("censored_before")));

        KaplanMeierTest.assertMatchesReference(KaplanMeier.fit(set.data(), ConfType.LOG, 0.95), reference, "log");
        if (set.data().groups().size() > 1) {
            LogRankTest.assertMatchesReference(LogRank.test(set.data()), reference);
            for (Ties ties : Ties.values()) {
                CoxFit fit = CoxRegression.fitByGroup(set.data(), "g", numericGroup, ties);
                CoxRegressionTest.assertMatchesReference(fit, reference, ties.rName());
            }
        }
    }

    @Test
    void reportsAGroupThatTheLandmarkExcludesWhole() {
        SurvivalData data = SurvivalData.fromTable(RReference.data("landmark"), "time", "status", "arm", List.of());
        LandmarkSet set = Landmark.at(data, 10);
        assertThat(set.groupsExcluded()).containsExactly("B");
        assertThat(set.data().groups()).containsExactly("A");
        assertThatThrownBy(() -> LogRank.test(set.data())).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("at least two groups");
    }

    @Test
    void excludesSubjectsWhoseTimeIsExactlyTheLandmark() {
        SurvivalData data = SurvivalData.of(new double[] {5, 5, 6}, new double[] {1, 0, 1}, null);
        LandmarkSet set = Landmark.at(data, 5);
        assertThat(set.kept()).isEqualTo(1);
        assertThat(set.eventsBefore()).isEqualTo(1);
        assertThat(set.censoredBefore()).isEqualTo(1);
        assertThat(set.data().time(0)).isEqualTo(1.0);
    }

    @Test
    void rejectsALandmarkAfterEveryone() {
        SurvivalData data = SurvivalData.of(new double[] {1, 2}, new double[] {1, 0}, null);
        assertThatThrownBy(() -> Landmark.at(data, 2)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("no subject");
    }
}
