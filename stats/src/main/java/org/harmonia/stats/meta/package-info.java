/**
 * Meta-analysis of two-arm studies in the vocabulary of R's metafor: effect sizes ({@code escalc}),
 * inverse-variance and Mantel–Haenszel pooling, random effects (DerSimonian–Laird, REML) with the
 * Hartung–Knapp adjustment, heterogeneity, prediction intervals, Egger's test, meta-regression and subgroups.
 */
package org.harmonia.stats.meta;
