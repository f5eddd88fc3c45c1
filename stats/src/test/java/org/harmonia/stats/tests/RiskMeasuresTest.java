package org.harmonia.stats.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RiskMeasuresTest {

    static List<String> cases() {
        return RReference.names("r.");
    }

    /**
     * R 4.2.2 by hand, variances checked against metafor 3.8-1 escalc(measure = "RR" | "OR", add = 1/2) and
     * escalc(measure = "RD", add = 0): MESEMS any AE 35/69 vs 42/75, SAE 0/69 vs 7/75, dat.bcg Aronson 1948,
     * a group in which every patient had the event (see classical-tests.R).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesEscalcAndHandComputation(String name) {
        RReference r = RReference.of(name);
        double[] t = r.vector("table");
        RiskResult k = RiskMeasures.compute(ContingencyTable.ofCounts(new double[][] {{t[0], t[1]}, {t[2], t[3]}}),
                r.number("confLevel"));
        assertThat(k.continuityCorrected()).isEqualTo(r.flag("corrected"));
        r.assertClose("risk1", k.risk1());
        r.assertClose("risk2", k.risk2());
        r.assertClose("rr", k.riskRatio().estimate());
        r.assertClose("logRrVar", k.riskRatio().variance());
        r.assertClose("rrLow", k.riskRatio().confInt().lower());
        r.assertClose("rrHigh", k.riskRatio().confInt().upper());
        r.assertClose("rd", k.riskDifference().estimate());
        r.assertClose("rdVar", k.riskDifference().variance());
        r.assertClose("rdLow", k.riskDifference().confInt().lower());
        r.assertClose("rdHigh", k.riskDifference().confInt().upper());
        r.assertClose("or", k.oddsRatio().estimate());
        r.assertClose("logOrVar", k.oddsRatio().variance());
        r.assertClose("orLow", k.oddsRatio().confInt().lower());
        r.assertClose("orHigh", k.oddsRatio().confInt().upper());
    }

    @Test
    void rejectsAGroupWithoutPatients() {
        ContingencyTable t = new ContingencyTable(List.of("MSC", "placebo"), List.of("AE", "no AE"),
                new long[][] {{3, 4}, {0, 0}});
        assertThatThrownBy(() -> RiskMeasures.compute(t, 0.95))
                .isInstanceOf(InvalidDataException.class).hasMessage("group placebo has no patients; its risk is undefined");
    }

    @Test
    void rejectsTablesThatAreNotTwoByTwo() {
        assertThatThrownBy(() -> RiskMeasures.compute(ContingencyTable.of(new long[][] {{1, 2, 3}, {4, 5, 6}}), 0.95))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("2 x 2");
    }
}
