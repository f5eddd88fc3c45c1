package org.harmonia.stats.meta;

import java.util.List;
import java.util.Objects;
import org.harmonia.stats.InvalidDataException;

/**
 * What to run: the measure, the pooling method and test, optional moderators for a meta-regression, an optional
 * subgroup column, and whether to run Egger's test.
 */
public record MetaSpec(EffectMeasure measure, MetaMethod method, MetaTest test, List<String> mods, String subgroup,
        boolean egger) {

    public MetaSpec {
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(test, "test");
        mods = List.copyOf(mods);
        if (test == MetaTest.KNHA && !method.randomEffects()) {
            throw new InvalidDataException("the Hartung–Knapp adjustment (test knha) is for random-effects methods DL and REML, not "
                    + method);
        }
        if (method == MetaMethod.MH && !measure.fromCounts()) {
            throw new InvalidDataException("Mantel–Haenszel pools 2×2 counts; measure GEN has none");
        }
        if (method == MetaMethod.MH && !mods.isEmpty()) {
            throw new InvalidDataException("meta-regression (mods) needs method FE, DL or REML, not MH");
        }
        if (subgroup != null && mods.contains(subgroup)) {
            throw new InvalidDataException("column \"" + subgroup + "\" is given both as moderator and as subgroup");
        }
    }

    /** A plain pooled analysis without moderators, subgroups or Egger's test. */
    public static MetaSpec pooled(EffectMeasure measure, MetaMethod method, MetaTest test) {
        return new MetaSpec(measure, method, test, List.of(), null, false);
    }
}
