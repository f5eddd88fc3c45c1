package org.harmonia.stats.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.harmonia.stats.meta.MetaforReference.assertMatches;

import java.util.List;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EscalcTest {

    // R 4.2.2, metafor 3.8-1: escalc(measure, ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg), and
    // escalc(measure, ai, n1i, ci, n2i, data=dat.nielweise2007) with zero cells and the double-zero Yucel 2004.
    @ParameterizedTest
    @CsvSource({"bcg,RR", "bcg,OR", "bcg,RD", "niel,RR", "niel,OR", "niel,RD", "msc,RR", "msc,OR"})
    void matchesEscalc(String data, EffectMeasure measure) {
        MetaData d = MetaforReference.studies(data, measure, List.of());
        String c = data + "." + measure + ".escalc";
        for (int i = 0; i < d.studies().size(); i++) {
            EffectSize e = d.studies().get(i).effect();
            assertMatches(c, "yi[" + (i + 1) + "]", e.yi());
            assertMatches(c, "vi[" + (i + 1) + "]", e.vi());
        }
    }

    @Test
    void addsHalfToEveryCellOfTablesWithAZeroCellOnly() {
        EffectSize zero = Escalc.compute(EffectMeasure.OR, new TwoByTwo(0, 10, 3, 7));
        assertThat(zero.yi()).isCloseTo(Math.log((0.5 / 10.5) / (3.5 / 7.5)), within(1e-12));
        EffectSize none = Escalc.compute(EffectMeasure.OR, new TwoByTwo(1, 9, 3, 7));
        assertThat(none.yi()).isCloseTo(Math.log((1.0 / 9) / (3.0 / 7)), within(1e-12));
    }

    @Test
    void keepsDoubleZeroTablesAsEscalcDoesByDefault() {
        EffectSize e = Escalc.compute(EffectMeasure.RR, new TwoByTwo(0, 118, 0, 105));
        assertThat(e.yi()).isCloseTo(Math.log(0.5 / 119) - Math.log(0.5 / 106), within(1e-12));
    }

    @Test
    void rejectsNegativeCounts() {
        assertThatThrownBy(() -> new TwoByTwo(-1, 10, 2, 8))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("ai must not be negative");
    }

    @Test
    void rejectsNonPositiveVariance() {
        assertThatThrownBy(() -> new EffectSize(0.2, 0))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("vi must be a positive");
    }
}
