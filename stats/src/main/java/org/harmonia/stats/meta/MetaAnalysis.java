package org.harmonia.stats.meta;

import java.util.ArrayList;
import java.util.List;
import org.harmonia.stats.InvalidDataException;

/** Runs a whole meta-analysis as asked by a {@link MetaSpec}: pooled estimate, then the optional extras. */
public final class MetaAnalysis {

    private MetaAnalysis() {
    }

    public static MetaAnalysisResult run(MetaData data, MetaSpec spec) {
        if (data.measure() != spec.measure()) {
            throw new IllegalArgumentException("data read for " + data.measure() + ", analysis asks for " + spec.measure());
        }
        List<Study> studies = data.studies();
        if (studies.size() < 2) {
            throw new InvalidDataException("a meta-analysis needs at least 2 studies; " + data.source() + " has "
                    + studies.size() + " usable" + (data.droppedRows().isEmpty() ? ""
                            : " (" + data.droppedRows().size() + " rows left out for missing values)"));
        }
        Pooling pooling = pool(studies, spec);

        List<StudyEffect> effects = new ArrayList<>();
        for (int i = 0; i < studies.size(); i++) {
            Study s = studies.get(i);
            EffectSize shown = spec.method() == MetaMethod.MH && s.counts().isDoubleZero() ? null : s.effect();
            effects.add(StudyEffect.of(s, shown, pooling.weights().get(i), spec.measure()));
        }

        RmaFit regression = null;
        if (!spec.mods().isEmpty()) {
            regression = Rma.fit(yi(studies), vi(studies), Moderators.design(studies, spec.mods()), spec.method(),
                    spec.test());
        }
        SubgroupAnalysis subgroups = spec.subgroup() == null ? null : subgroups(studies, spec);
        EggerTest egger = null;
        if (spec.egger()) {
            List<Study> used = spec.method() == MetaMethod.MH
                    ? studies.stream().filter(s -> !s.counts().isDoubleZero()).toList() : studies;
            egger = Egger.test(yi(used), vi(used), spec.method(), spec.test());
        }
        return new MetaAnalysisResult(data.source(), spec.measure(), spec.method(), spec.test(), studies.size(),
                data.droppedRows().size(), data.droppedRows(), effects, pooling.pooled(), pooling.heterogeneity(),
                pooling.iterations(), pooling.cmh(), regression, subgroups, egger);
    }

    /** The pooled result of one set of studies, whatever the method. */
    private record Pooling(PooledEstimate pooled, Heterogeneity heterogeneity, List<Double> weights,
            Integer iterations, OmnibusTest cmh) {
    }

    private static Pooling pool(List<Study> studies, MetaSpec spec) {
        if (spec.method() == MetaMethod.MH) {
            MhFit mh = MantelHaenszel.fit(studies.stream().map(Study::counts).toList(), spec.measure());
            return new Pooling(PooledEstimate.of(mh.estimate(), null, null, null, spec.measure()), mh.heterogeneity(),
                    mh.weights(), null, mh.cmh());
        }
        RmaFit fit = Rma.fit(yi(studies), vi(studies), DesignMatrix.interceptOnly(studies.size()), spec.method(),
                spec.test());
        return new Pooling(PooledEstimate.of(fit.intercept(), fit.df(), fit.piLow(), fit.piHigh(), spec.measure()),
                fit.heterogeneity(), fit.weights(), fit.iterations(), null);
    }

    private static SubgroupAnalysis subgroups(List<Study> studies, MetaSpec spec) {
        String column = spec.subgroup();
        String[] cells = studies.stream().map(s -> s.covariates().get(column)).toArray(String[]::new);
        List<String> levels = Moderators.levels(cells);
        if (levels.size() < 2) {
            throw new InvalidDataException("subgroup column \"" + column + "\" has the single level \"" + levels.get(0)
                    + "\"; subgroup analysis needs at least 2");
        }
        List<Subgroup> groups = new ArrayList<>();
        double[] estimates = new double[levels.size()];
        double[] variances = new double[levels.size()];
        for (int g = 0; g < levels.size(); g++) {
            String level = levels.get(g);
            List<Study> members = studies.stream().filter(s -> s.covariates().get(column).equals(level)).toList();
            if (members.size() < 2) {
                throw new InvalidDataException("subgroup " + column + " = \"" + level + "\" has " + members.size()
                        + " study; every subgroup needs at least 2 to be pooled with its heterogeneity");
            }
            Pooling p = pool(members, spec);
            groups.add(new Subgroup(level, members.size(), p.pooled(), p.heterogeneity()));
            estimates[g] = p.pooled().estimate();
            variances[g] = p.pooled().se() * p.pooled().se();
        }
        Heterogeneity q = Rma.fit(estimates, variances, DesignMatrix.interceptOnly(levels.size()), MetaMethod.FE,
                MetaTest.Z).heterogeneity();
        OmnibusTest between = new OmnibusTest(q.q(), q.df(), null, q.p());
        OmnibusTest moderator = null;
        if (spec.method() != MetaMethod.MH) {
            moderator = Rma.fit(yi(studies), vi(studies), Moderators.design(studies, List.of(column)), spec.method(),
                    spec.test()).moderators();
        }
        return new SubgroupAnalysis(column, groups, between, moderator);
    }

    private static double[] yi(List<Study> studies) {
        return studies.stream().mapToDouble(s -> s.effect().yi()).toArray();
    }

    private static double[] vi(List<Study> studies) {
        return studies.stream().mapToDouble(s -> s.effect().vi()).toArray();
    }
}
