# Reference values for the MESEMS primary analysis as Harmonia runs it (StudyAnalysisGoldenTest).
# A small fixed cohort: 24 patients in three sub-trials, two sequences, GEL counts at W0 (baseline) and
# W4, W12, W24 (some scans missing). R 4.2.2, MASS 7.3-58.2.
#   Rscript primary.R   (from this folder) writes primary-data.csv and primary-expected.csv
library(MASS)
set.seed(20240611)
n <- 24
d <- data.frame(
  subject = sprintf("S%02d", 1:n),
  subTrial = rep(c("italy", "london", "stockholm"), each = 8),
  sequence = rep(c("MSC-PLACEBO", "PLACEBO-MSC"), times = 12),
  W0 = rnbinom(n, size = 0.8, mu = 1.5),
  W4 = rnbinom(n, size = 0.8, mu = 1.2),
  W12 = rnbinom(n, size = 0.8, mu = 1.2),
  W24 = rnbinom(n, size = 0.8, mu = 1.2)
)
d$W12[c(3, 17)] <- NA          # two scans not done
d$W24[c(10)] <- NA
write.csv(d, "primary-data.csv", row.names = FALSE, na = "")
d$y <- rowSums(d[, c("W4", "W12", "W24")], na.rm = TRUE)
d$scans <- rowSums(!is.na(d[, c("W4", "W12", "W24")]))
d$baseline <- d$W0
d$sequence <- relevel(factor(d$sequence), ref = "PLACEBO-MSC")
m <- glm.nb(y ~ sequence + baseline + factor(subTrial) + offset(log(scans)), data = d)
s <- coef(summary(m))
b <- s["sequenceMSC-PLACEBO", ]
ci <- confint.default(m)["sequenceMSC-PLACEBO", ]
out <- data.frame(
  quantity = c("estimate", "se", "p", "rateRatio", "ciLow", "ciHigh", "theta", "n"),
  value = c(b["Estimate"], b["Std. Error"], b["Pr(>|z|)"], exp(b["Estimate"]), exp(ci[1]), exp(ci[2]), m$theta, nrow(d))
)
write.csv(out, "primary-expected.csv", row.names = FALSE)
print(out, digits = 15)
