package org.harmonia.trial.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.trial.protocol.Randomisation;
import org.harmonia.trial.protocol.RandomisationMethod;
import org.junit.jupiter.api.Test;

class SimulationScenarioTest {
    private final SimulationScenario mesems = SimulationScenario.fromProtocol(Mesems.protocol());

    @Test
    void mesemsDefaultsComeFromTheProtocol() {
        assertThat(mesems.studyId()).isEqualTo("mesems");
        assertThat(mesems.patients()).isEqualTo(144);
        assertThat(mesems.scans()).as("MRI at weeks 4, 12 and 24").isEqualTo(3);
        assertThat(mesems.experimentalSequenceId()).isEqualTo("MSC-PLACEBO");
        assertThat(mesems.randomisation().method()).isEqualTo(RandomisationMethod.PERMUTED_BLOCKS);
        assertThat(mesems.randomisation().blockSizes()).containsExactly(2, 4);
        assertThat(mesems.subTrials()).hasSize(9).allSatisfy(s -> assertThat(s.share()).isEqualTo(1.0 / 9));
        assertThat(mesems.subTrials().get(0).siteIds()).containsExactly("01");
        assertThat(mesems.rateRatio()).isEqualTo(1.0);
        assertThat(mesems.placeboMean()).isEqualTo(1.5);
        assertThat(mesems.baselineMean()).isEqualTo(1.5);
        assertThat(mesems.theta()).isEqualTo(0.5);
        assertThat(mesems.alpha()).isEqualTo(0.05);
        assertThat(mesems.requireBenefit()).isFalse();
    }

    @Test
    void withMeanSetsThePlaceboAndTheBaselineMean() {
        SimulationScenario s = mesems.withMean(3).withBaselineMean(2);
        assertThat(s.placeboMean()).isEqualTo(3);
        assertThat(s.baselineMean()).isEqualTo(2);
    }

    @Test
    void sharesNameSubTrialsAndTheOthersRecruitNobody() {
        SimulationScenario s = mesems.withShares(Map.of("italy", 0.5, "london", 0.5));
        assertThat(s.subTrials()).filteredOn(t -> t.share() > 0).extracting(RecruitingSubTrial::id).containsExactly("italy", "london");
    }

    @Test
    void rejectsSharesThatDoNotSumToOne() {
        assertThatThrownBy(() -> mesems.withShares(Map.of("italy", 0.5, "london", 0.4)))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("must sum to 1; they sum to 0.9");
    }

    @Test
    void rejectsSharesOfAnUnknownSubTrial() {
        assertThatThrownBy(() -> mesems.withShares(Map.of("italy", 0.5, "oslo", 0.5)))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("unknown sub-trial oslo");
    }

    @Test
    void rejectsANegativeShare() {
        assertThatThrownBy(() -> mesems.withShares(Map.of("italy", 1.5, "london", -0.5)))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("share of sub-trial italy must be between 0 and 1");
    }

    @Test
    void rejectsANegativeOrZeroMean() {
        assertThatThrownBy(() -> mesems.withMean(-1)).isInstanceOf(InvalidDataException.class)
                .hasMessage("the placebo mean (lesions per scan) must be a positive number; got -1.0");
        assertThatThrownBy(() -> mesems.withBaselineMean(0)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("baseline mean");
        assertThatThrownBy(() -> mesems.withMean(Double.NaN)).isInstanceOf(InvalidDataException.class);
    }

    @Test
    void rejectsARateRatioOfZeroOrBelow() {
        assertThatThrownBy(() -> mesems.withRateRatio(0)).isInstanceOf(InvalidDataException.class)
                .hasMessage("the rate ratio must be a positive number; got 0.0");
        assertThatThrownBy(() -> mesems.withRateRatio(-0.5)).isInstanceOf(InvalidDataException.class);
        assertThatThrownBy(() -> mesems.withRateRatio(Double.POSITIVE_INFINITY)).isInstanceOf(InvalidDataException.class);
    }

    @Test
    void rejectsABadThetaDropoutAlphaOrSize() {
        assertThatThrownBy(() -> mesems.withTheta(0)).isInstanceOf(InvalidDataException.class).hasMessageContaining("theta");
        assertThatThrownBy(() -> mesems.withDropout(1)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("drop-out probability per scan must be at least 0 and below 1");
        assertThatThrownBy(() -> mesems.withDropout(-0.1)).isInstanceOf(InvalidDataException.class);
        assertThatThrownBy(() -> mesems.withAlpha(0)).isInstanceOf(InvalidDataException.class).hasMessageContaining("alpha");
        assertThatThrownBy(() -> mesems.withAlpha(1)).isInstanceOf(InvalidDataException.class);
        assertThatThrownBy(() -> mesems.withPatients(1)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("number of patients must be between 2");
        assertThatThrownBy(() -> mesems.withScans(0)).isInstanceOf(InvalidDataException.class);
    }

    @Test
    void rejectsAnAllocationOverFactorsSimulatedPatientsDoNotHave() {
        Randomisation bySex = new Randomisation(RandomisationMethod.MINIMISATION, List.of(), List.of(), List.of("subTrial", "sex"), 0.8);
        assertThatThrownBy(() -> mesems.withRandomisation(bySex)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("minimises over \"sex\"");
    }

    @Test
    void rejectsAnUnrandomisedDesignOrInvalidBlocks() {
        assertThatThrownBy(() -> mesems.withRandomisation(Randomisation.none())).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("does not randomise");
        Randomisation odd = new Randomisation(RandomisationMethod.PERMUTED_BLOCKS, List.of(3), List.of("subTrial"), List.of(), null);
        assertThatThrownBy(() -> mesems.withRandomisation(odd)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("block size 3 is not a multiple of the allocation ratio total 2");
    }
}
