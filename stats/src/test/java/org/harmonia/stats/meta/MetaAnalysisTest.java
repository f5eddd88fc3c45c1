package org.harmonia.stats.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.harmonia.stats.meta.MetaforReference.assertMatches;
import static org.harmonia.stats.meta.MetaforReference.value;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.data.DataTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetaAnalysisTest {

    // R 4.2.2, metafor 3.8-1: rma(yi, vi, subset = alloc == level, method, test) per level;
    // QM of rma(yi, vi, mods = ~ alloc, method, test); Q between from rma(estimates, sei = ses, method = "FE").
    @ParameterizedTest
    @CsvSource({"bcg.RR.FE.z,alloc", "bcg.RR.DL.z,alloc", "bcg.RR.DL.knha,alloc", "bcg.RR.REML.z,alloc",
            "bcg.RR.REML.knha,alloc", "msc.RR.REML.z,cells", "msc.OR.REML.z,cells"})
    void matchesSubgroupAnalyses(String model, String column) {
        String[] parts = model.split("\\.");
        EffectMeasure measure = EffectMeasure.parse(parts[1]);
        MetaData d = MetaforReference.studies(parts[0], measure, List.of(column));
        MetaSpec spec = new MetaSpec(measure, MetaMethod.parse(parts[2]), MetaTest.parse(parts[3]), List.of(), column, false);
        SubgroupAnalysis s = MetaAnalysis.run(d, spec).subgroups();
        String c = model + ".subgroup." + column;
        for (Subgroup g : s.groups()) {
            String gc = c + "." + g.level();
            assertThat(g.k()).isEqualTo((int) value(gc, "k"));
            assertMatches(gc, "beta[1]", g.pooled().estimate());
            assertMatches(gc, "se[1]", g.pooled().se());
            assertMatches(gc, "pval[1]", g.pooled().p());
            assertMatches(gc, "ci.lb[1]", g.pooled().ciLow());
            assertMatches(gc, "ci.ub[1]", g.pooled().ciHigh());
            assertMatches(gc, "pi.lb", g.pooled().piLow());
            assertMatches(gc, "tau2", g.heterogeneity().tau2());
            assertMatches(gc, "QE", g.heterogeneity().q());
            assertMatches(gc, "I2", g.heterogeneity().i2());
        }
        assertMatches(c, "QM", s.moderatorTest().statistic());
        assertMatches(c, "QMdf[1]", s.moderatorTest().df1());
        assertMatches(c, "QMp", s.moderatorTest().p());
        assertMatches(c, "Qbetween", s.between().statistic());
        assertMatches(c, "Qbetween.df", s.between().df1());
        assertMatches(c, "Qbetween.p", s.between().p());
    }

    // R 4.2.2, metafor 3.8-1: rma.mh(..., subset = alloc == level) and the FE test between their estimates.
    @Test
    void matchesMantelHaenszelSubgroups() {
        MetaData d = MetaforReference.studies("bcg", EffectMeasure.RR, List.of("alloc"));
        MetaSpec spec = new MetaSpec(EffectMeasure.RR, MetaMethod.MH, MetaTest.Z, List.of(), "alloc", false);
        SubgroupAnalysis s = MetaAnalysis.run(d, spec).subgroups();
        for (Subgroup g : s.groups()) {
            String gc = "bcg.RR.MH.subgroup.alloc." + g.level();
            assertMatches(gc, "beta", g.pooled().estimate());
            assertMatches(gc, "se", g.pooled().se());
            assertMatches(gc, "QE", g.heterogeneity().q());
        }
        assertMatches("bcg.RR.MH.subgroup.alloc", "Qbetween", s.between().statistic());
        assertMatches("bcg.RR.MH.subgroup.alloc", "Qbetween.p", s.between().p());
        assertThat(s.moderatorTest()).isNull();
    }

    // R 4.2.2, metafor 3.8-1: rma(yi, vi, data = escalc("RR", ...dat.bcg), method = "REML") from given yi, vi.
    @Test
    void poolsGivenEffectSizesWithMeasureGen() throws IOException {
        StringBuilder csv = new StringBuilder("trial,yi,vi\n");
        for (int i = 1; i <= 13; i++) {
            csv.append(i).append(',').append(value("bcg.RR.escalc", "yi[" + i + "]")).append(',')
                    .append(value("bcg.RR.escalc", "vi[" + i + "]")).append('\n');
        }
        DataTable t = DataTable.readCsv("given.csv", new StringReader(csv.toString()));
        MetaData d = MetaData.read(t, MetaColumns.ofEffects("yi", "vi"), EffectMeasure.GEN, List.of());
        MetaAnalysisResult r = MetaAnalysis.run(d, MetaSpec.pooled(EffectMeasure.GEN, MetaMethod.REML, MetaTest.Z));
        assertMatches("bcg.GEN.REML.z", "beta[1]", r.pooled().estimate());
        assertMatches("bcg.GEN.REML.z", "tau2", r.heterogeneity().tau2());
        assertThat(r.pooled().expEstimate()).isNull();
    }

    // R 4.2.2, metafor 3.8-1: exp of predict(rma(yi, vi, method = "REML")) on the BCG log risk ratios.
    @Test
    void backTransformsRatioMeasures() {
        MetaData d = MetaforReference.studies("bcg", EffectMeasure.RR, List.of());
        PooledEstimate p = MetaAnalysis.run(d, MetaSpec.pooled(EffectMeasure.RR, MetaMethod.REML, MetaTest.Z)).pooled();
        MetaforReference.assertClose("exp estimate", p.expEstimate(), Math.exp(value("bcg.RR.REML.z", "beta[1]")));
        MetaforReference.assertClose("exp ci.lb", p.expCiLow(), Math.exp(value("bcg.RR.REML.z", "ci.lb[1]")));
        MetaforReference.assertClose("exp pi.ub", p.expPiHigh(), Math.exp(value("bcg.RR.REML.z", "pi.ub")));
    }

    @Test
    void dropsAndCountsRowsWithMissingValues() throws IOException {
        DataTable t = DataTable.readCsv("trials.csv", new StringReader("""
                study,ai,n1i,ci,n2i,route
                A,3,20,1,20,it
                B,NA,15,2,15,it
                C,4,30,,30,iv
                D,5,25,2,24,iv
                E,2,18,3,18,
                F,6,40,2,41,it
                """));
        MetaData d = MetaData.read(t, MetaColumns.ofEventsAndTotals("ai", "n1i", "ci", "n2i").withStudy("study"),
                EffectMeasure.RR, List.of("route"));
        assertThat(d.studies()).extracting(Study::label).containsExactly("A", "D", "F");
        assertThat(d.droppedRows()).containsExactly(2, 3, 5);
        MetaAnalysisResult r = MetaAnalysis.run(d, MetaSpec.pooled(EffectMeasure.RR, MetaMethod.FE, MetaTest.Z));
        assertThat(r.rowsDropped()).isEqualTo(3);
        assertThat(r.k()).isEqualTo(3);
    }

    @Test
    void rejectsEventsAboveGroupSize() throws IOException {
        DataTable t = DataTable.readCsv("trials.csv", new StringReader("ai,n1i,ci,n2i\n3,20,1,20\n25,20,2,20\n"));
        assertThatThrownBy(() -> MetaData.read(t, MetaColumns.ofEventsAndTotals("ai", "n1i", "ci", "n2i"),
                EffectMeasure.OR, List.of()))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("trials.csv row 2: 25 events (column \"ai\") exceed the group size 20 (column \"n1i\")");
    }

    @Test
    void rejectsNegativeCountsNamingColumnAndRow() throws IOException {
        DataTable t = DataTable.readCsv("trials.csv", new StringReader("a,b,c,d\n3,17,1,19\n2,18,-1,21\n"));
        assertThatThrownBy(() -> MetaData.read(t, MetaColumns.ofTables("a", "b", "c", "d"), EffectMeasure.RR, List.of()))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("column \"c\" of trials.csv row 2: counts must not be negative, got -1");
    }

    @Test
    void rejectsNonPositiveSamplingVariance() throws IOException {
        DataTable t = DataTable.readCsv("es.csv", new StringReader("yi,vi\n0.1,0.02\n0.3,0\n"));
        assertThatThrownBy(() -> MetaData.read(t, MetaColumns.ofEffects("yi", "vi"), EffectMeasure.GEN, List.of()))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("row 2").hasMessageContaining("vi must be positive, got 0");
    }

    @Test
    void rejectsFewerThanTwoStudies() throws IOException {
        DataTable t = DataTable.readCsv("es.csv", new StringReader("yi,vi\n0.1,0.02\nNA,0.1\n"));
        MetaData d = MetaData.read(t, MetaColumns.ofEffects("yi", "vi"), EffectMeasure.GEN, List.of());
        assertThatThrownBy(() -> MetaAnalysis.run(d, MetaSpec.pooled(EffectMeasure.GEN, MetaMethod.DL, MetaTest.Z)))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("a meta-analysis needs at least 2 studies; es.csv has 1 usable (1 rows left out for missing values)");
    }

    @Test
    void rejectsSubgroupsWithASingleStudy() {
        MetaData d = MetaforReference.studies("bcg", EffectMeasure.RR, List.of("year"));
        MetaSpec spec = new MetaSpec(EffectMeasure.RR, MetaMethod.REML, MetaTest.Z, List.of(), "year", false);
        assertThatThrownBy(() -> MetaAnalysis.run(d, spec))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("has 1 study");
    }

    @Test
    void rejectsHartungKnappForCommonEffectMethods() {
        assertThatThrownBy(() -> MetaSpec.pooled(EffectMeasure.RR, MetaMethod.MH, MetaTest.KNHA))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("DL and REML");
    }

    @Test
    void rejectsCountsWithMeasureGen() {
        assertThatThrownBy(() -> MetaColumns.ofTables("a", "b", "c", "d").required(EffectMeasure.GEN))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("measure GEN takes effect sizes");
    }
}
