# Reference for MscNpReportTest: the demo cohort of the MSC-NP phase I study
# (server/.../openlabel/MscNpDemo.java), analysed as its plan says (protocols/msc-np.yaml): EDSS at baseline
# (injection 1) and at the last visit (two years after injection 3; 3 months after it for the two who left),
# paired Wilcoxon signed-rank and t-test; improved / stable / worse by ambulatory status (baseline EDSS above 6.5 or
# not) with Fisher's exact test; the timed 25-foot walk of the 10 ambulatory patients.
baseline <- c(4.0, 5.0, 5.5, 6.0, 6.5, 6.0, 4.5, 6.0, 6.5, 5.5, 7.0, 7.5, 8.0, 7.0, 8.0, 8.5, 7.5, 7.0, 8.0, 7.5)
change <- c(-1.0, -0.5, -0.5, -0.5, -0.5, -1.0, 0, 0, 0.5, 0, -0.5, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0, 0)
phenotype <- c("SPMS", "SPMS", "SPMS", "SPMS", "SPMS", "SPMS", "PPMS", "PPMS", "SPMS", "SPMS",
               "SPMS", "SPMS", "SPMS", "SPMS", "PPMS", "SPMS", "SPMS", "SPMS", "SPMS", "SPMS")
last <- baseline + change
cat(sprintf("baseline mean %.4f sd %.4f; last mean %.4f sd %.4f\n", mean(baseline), sd(baseline), mean(last), sd(last)))
w <- suppressWarnings(wilcox.test(last, baseline, paired = TRUE))
cat(sprintf("edss wilcoxon V %.1f p %.6f\n", w$statistic, w$p.value))
t <- t.test(last, baseline, paired = TRUE)
cat(sprintf("edss t %.6f df %d p %.6f\n", t$statistic, t$parameter, t$p.value))
category <- factor(ifelse(change < 0, "improved", ifelse(change > 0, "worse", "stable")), levels = c("improved", "stable", "worse"))
group <- factor(ifelse(baseline > 6.5, "non-ambulatory", "ambulatory"), levels = c("non-ambulatory", "ambulatory"))
tab <- table(group, category)
print(tab)
cat(sprintf("fisher 2x3 p %.6f\n", fisher.test(tab)$p.value))
print(table(phenotype, category))
walk <- c(6.2, 7.8, 9.5, 12.4, 16.0, 10.8, 8.1, 11.6, 18.5, 9.0)
walkChange <- c(-0.25, -0.30, 0.08, 0.12, 0.35, -0.22, 0.05, 0.18, 0.40, 0.10)
# rounded half up to a tenth as the demo does (Java Math.round), not to even as R round() does
walkLast <- floor(walk * (1 + walkChange) * 10 + 0.5) / 10
cat("walk last", walkLast, "\n")
cat(sprintf("walk baseline mean %.4f sd %.4f; last mean %.4f sd %.4f; faster %d of %d\n", mean(walk), sd(walk),
            mean(walkLast), sd(walkLast), sum(walkLast < walk), length(walk)))

ww <- suppressWarnings(wilcox.test(walkLast, walk, paired = TRUE))  # ties in the differences: normal approximation
cat(sprintf("walk wilcoxon V %.1f p %.6f\n", ww$statistic, ww$p.value))
