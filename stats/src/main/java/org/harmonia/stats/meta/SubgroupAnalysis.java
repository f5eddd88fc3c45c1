package org.harmonia.stats.meta;

import java.util.List;

/**
 * Separate analyses per subgroup and two tests of subgroup differences.
 *
 * @param between       Q between subgroups: a common-effect test of the subgroup estimates, each pooled with its
 *                      own tau² (what RevMan and {@code meta} report)
 * @param moderatorTest QM of the mixed-effects model with the subgroup as a categorical moderator and one common
 *                      tau² (what metafor reports for {@code rma(yi, vi, mods = ~ group)}); absent for Mantel–Haenszel
 */
public record SubgroupAnalysis(String column, List<Subgroup> groups, OmnibusTest between, OmnibusTest moderatorTest) {

    public SubgroupAnalysis {
        groups = List.copyOf(groups);
    }
}
