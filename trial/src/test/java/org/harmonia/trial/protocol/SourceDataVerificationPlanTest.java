package org.harmonia.trial.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.harmonia.trial.protocol.SourceDataVerificationPlan.Selection;
import org.junit.jupiter.api.Test;

/** The MESEMS monitoring plan: screening and primary-endpoint records in full, a stable 20% of the rest per site. */
class SourceDataVerificationPlanTest {
    static final Protocol MESEMS = new ProtocolLoader().load(MesemsProtocolTest.MESEMS);
    static final SourceDataVerificationPlan PLAN = MESEMS.sourceDataVerification();

    @Test
    void mesemsVerifiesScreeningAndThePrimaryEndpointsInFull() {
        assertThat(PLAN.fullVisits()).containsExactly("SCR");
        assertThat(PLAN.fullEndpoints()).containsExactly("EP-GEL", "EP-SAFETY");
        assertThat(PLAN.samplePercent()).isEqualTo(20);
        assertThat(PLAN.select(MESEMS, "07", "SCR", "ms_history", "S1/SCR/ms_history")).isEqualTo(Selection.FULL);
        assertThat(PLAN.select(MESEMS, "07", "SCR", "laboratory", "S1/SCR/laboratory")).isEqualTo(Selection.FULL);
        assertThat(PLAN.select(MESEMS, "07", "W12", "mri", "S1/W12/mri")).isEqualTo(Selection.FULL);
        assertThat(PLAN.select(MESEMS, "07", null, "adverse_event", "S1/adverse_event/5")).isEqualTo(Selection.FULL);
        // the week-28 MRI serves a secondary endpoint only: sampled like the rest
        assertThat(PLAN.select(MESEMS, "07", "W28", "mri", "S1/W28/mri")).isNotEqualTo(Selection.FULL);
    }

    @Test
    void theSampleIsAboutTwentyPercentAtEachSiteAndTheSameOnEveryDraw() {
        for (String site : List.of("01", "07")) {
            int sampled = 0;
            int n = 5000;
            for (int i = 0; i < n; i++) {
                Selection s = PLAN.select(MESEMS, site, "W8", "edss", "S" + i + "/W8/edss");
                if (s == Selection.SAMPLED) {
                    sampled++;
                }
                assertThat(PLAN.select(MESEMS, site, "W8", "edss", "S" + i + "/W8/edss")).isEqualTo(s);
            }
            // binomial(5000, 0.2): mean 1000, sd 28.3; +/- 5 sd
            assertThat(sampled).isBetween(859, 1141);
        }
    }

    @Test
    void theDrawDependsOnStudySiteAndRecordOnly() {
        double a = SourceDataVerificationPlan.draw("mesems", "07", "S1/W8/edss");
        assertThat(a).isEqualTo(SourceDataVerificationPlan.draw("mesems", "07", "S1/W8/edss")).isBetween(0.0, 1.0);
        assertThat(a).isNotEqualTo(SourceDataVerificationPlan.draw("mesems", "01", "S1/W8/edss"));
        assertThat(a).isNotEqualTo(SourceDataVerificationPlan.draw("other", "07", "S1/W8/edss"));
    }

    @Test
    void aPlanNamingUnknownVisitsFormsOrEndpointsOrABadPercentageIsRefused() throws Exception {
        String text = Files.readString(MesemsProtocolTest.MESEMS)
                .replace("    visits: [SCR]\n", "    visits: [SCR, W99]\n    forms: [mri, blood_pressure]\n    activities: [eligibility]\n")
                .replace("    endpoints: [EP-GEL, EP-SAFETY]\n", "    endpoints: [EP-NONE]\n")
                .replace("  samplePercent: 20\n", "  samplePercent: 120\n");
        assertThatThrownBy(() -> new ProtocolLoader().load("mesems.yaml", text)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.problems()).extracting(ProtocolProblem::message).contains(
                        "no visit \"W99\" in this protocol", "no form \"blood_pressure\" in this protocol",
                        "no endpoint \"EP-NONE\" in this protocol", "must be a whole percentage from 0 to 100, not 120")
                        .anyMatch(m -> m.contains("activities")));
    }

    @Test
    void withoutAPlanNothingIsSelected() {
        assertThat(SourceDataVerificationPlan.NONE.select(MESEMS, "07", "SCR", "ms_history", "k")).isEqualTo(Selection.NOT_SELECTED);
        assertThatThrownBy(() -> new SourceDataVerificationPlan(List.of(), List.of(), List.of(), 101))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
