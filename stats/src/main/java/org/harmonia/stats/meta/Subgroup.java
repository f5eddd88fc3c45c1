package org.harmonia.stats.meta;

/** The pooled estimate and heterogeneity within one level of the subgroup column. */
public record Subgroup(String level, int k, PooledEstimate pooled, Heterogeneity heterogeneity) {
}
