package org.harmonia.trial.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A meta-analysis hosted as a study: protocols/msc-it-safety.yaml and its metaAnalysis section. */
class MetaAnalysisProtocolTest {
    private final ProtocolLoader loader = new ProtocolLoader();
    private final Path file = Path.of("..", "protocols", "msc-it-safety.yaml");

    @Test
    void readsTheIntrathecalSafetyMetaAnalysisPlan() {
        Protocol p = loader.load(file);
        MetaAnalysisPlan plan = p.metaAnalysis();
        assertThat(plan.measure()).isEqualTo("RR");
        assertThat(plan.method()).isEqualTo("DL");
        assertThat(plan.zeroCellCorrection()).isEqualTo(0.5);
        assertThat(plan.egger()).isTrue();
        assertThat(plan.outcomeSoc()).isEqualTo("Musculoskeletal and connective tissue disorders");
        assertThat(plan.moderators()).extracting(MetaAnalysisPlan.Moderator::id).containsExactly("preservation", "doses", "condition");
        assertThat(plan.moderator("doses").orElseThrow().reference()).isEqualTo("single");
        assertThat(plan.liveStudies()).singleElement().satisfies(l -> {
            assertThat(l.studyId()).isEqualTo("mesems");
            assertThat(l.experimental()).isEqualTo("MSC-PLACEBO");
            assertThat(l.moderators()).containsEntry("preservation", "cryopreserved");
        });
    }

    @Test
    void aTrialProtocolHasNoMetaAnalysisPlan() {
        assertThat(loader.load(Path.of("..", "protocols", "mesems.yaml")).metaAnalysis()).isNull();
    }

    @Test
    void refusesALiveStudyModeratorValueThatIsNoLevel() throws Exception {
        String text = java.nio.file.Files.readString(file).replace("{preservation: cryopreserved, doses: single, condition: MS}",
                "{preservation: frozen, doses: single, condition: MS}");
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> loader.load("msc-it-safety.yaml", text));
        assertThat(e.problems()).extracting(ProtocolProblem::message).containsExactly("\"frozen\" is not one of: cryopreserved, fresh");
    }

    @Test
    void refusesAnUnknownMeasure() throws Exception {
        String text = java.nio.file.Files.readString(file).replace("measure: RR", "measure: HR");
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> loader.load("msc-it-safety.yaml", text));
        assertThat(e.problems()).extracting(ProtocolProblem::path).containsExactly("metaAnalysis.measure");
    }
}
