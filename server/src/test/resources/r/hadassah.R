# Reference for HadassahReportTest: the demo cohort of the Hadassah long-term study
# (server/.../openlabel/HadassahDemo.java), analysed as the protocol's plan says (protocols/hadassah.yaml):
# EDSS at baseline (course 1) and at the last visit, paired Wilcoxon signed-rank (R's default: normal approximation
# with continuity correction, since there are ties and zero differences) and paired t-test, median follow-up in
# months (days / (365.25 / 12)), improved / stable / worse by courses > 2 vs <= 2 with Fisher's exact test (2 x 3),
# and age at screening.
baseline <- c(6.5, 7.5, 6.5, 7.5, 7.0, 7.5, 7.5, 7.0, 5.5, 6.0, 7.5, 5.5, 6.5, 6.0, 7.0, 7.0, 7.5, 7.5, 7.0,
              7.0, 6.5, 6.5, 6.5, 5.5)
change <- c(1.0, 0.5, -0.5, 0, 0, 0, -1.5, 0, 0, -0.5, -1, 0, -1, -0.5, -2, 0, -1, 0, 0, -1, 0, -0.5, 0, 0)
courses <- c(1, 1, 1, 2, 2, 2, 3, 2, 2, 3, 3, 6, 4, 4, 4, 6, 5, 7, 7, 5, 8, 5, 8, 9)
followup <- c(200, 240, 300, 380, 420, 500, 560, 610, 700, 620, 700, 1200, 845, 847, 900, 1250, 1000,
              1300, 1350, 1100, 1400, 1150, 1420, 1470)
age <- c(30, 35, 37, 38, 40, 40, 41, 41, 41, 42, 44, 45, 45, 45, 50, 52, 52, 54, 54, 56, 59, 61, 63, 63)
last <- baseline + change
cat(sprintf("age mean %.4f sd %.4f\n", mean(age), sd(age)))
cat(sprintf("baseline mean %.4f sd %.4f min %.1f max %.1f\n", mean(baseline), sd(baseline), min(baseline), max(baseline)))
cat(sprintf("last mean %.4f sd %.4f\n", mean(last), sd(last)))
w <- suppressWarnings(wilcox.test(last, baseline, paired = TRUE))
cat(sprintf("wilcoxon V %.1f p %.6f\n", w$statistic, w$p.value))
t <- t.test(last, baseline, paired = TRUE)
cat(sprintf("t %.6f df %d p %.6f\n", t$statistic, t$parameter, t$p.value))
cat(sprintf("median follow-up months %.4f\n", median(followup / (365.25 / 12))))
category <- factor(ifelse(change < 0, "improved", ifelse(change > 0, "worse", "stable")), levels = c("improved", "stable", "worse"))
print(table(category))
group <- factor(ifelse(courses > 2, "more than 2", "2 or fewer"), levels = c("more than 2", "2 or fewer"))
tab <- table(group, category)
print(tab)
cat(sprintf("fisher 2x3 p %.6f\n", fisher.test(tab)$p.value))
cat(sprintf("fisher 2x2 improved vs not p %.6f\n", fisher.test(table(group, category == "improved"))$p.value))
