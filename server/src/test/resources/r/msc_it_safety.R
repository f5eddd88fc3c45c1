# Reference for MetaAnalysisReportTest: the calibrated nine trials of the msc-it-safety demo
# (server/.../metaanalysis/MetaAnalysisDemo.java), analysed as Mesa Bedoya et al. 2024 describe:
# DerSimonian-Laird random-effects risk ratios, 0.5 added to trials with a zero cell (metafor's defaults),
# Egger's regression test, one random-effects meta-regression per moderator (first level = reference).
library(metafor)
d <- data.frame(
  trial = paste0("T", 1:9),
  ai = c(3, 6, 18, 8, 18, 6, 6, 8, 5),   n1i = c(11, 37, 38, 36, 51, 35, 29, 20, 12),
  ci = c(3, 0, 15, 6, 7, 5, 4, 5, 5),    n2i = c(19, 24, 51, 27, 38, 39, 29, 22, 22),
  anyE = c(5, 18, 35, 22, 49, 28, 29, 15, 5), anyC = c(5, 10, 15, 8, 25, 17, 25, 17, 6),
  preservation = factor(c(rep("fresh", 4), rep("cryopreserved", 5)), levels = c("cryopreserved", "fresh")),
  doses = factor(c(rep("single", 4), rep("multiple", 5)), levels = c("single", "multiple")))
cat("patients", sum(d$n1i + d$n2i), "\n")
msk <- escalc("RR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = d)
m <- rma(yi, vi, data = msk, method = "DL")
cat(sprintf("msk RR %.6f ciLow %.6f ciHigh %.6f p %.6g Q %.6f I2 %.6f tau2 %.6f\n",
            exp(m$b), exp(m$ci.lb), exp(m$ci.ub), m$pval, m$QE, m$I2, m$tau2))
e <- regtest(m, model = "rma", predictor = "sei")
cat(sprintf("egger z %.6f p %.6f\n", e$zval, e$pval))
any <- escalc("RR", ai = anyE, n1i = n1i, ci = anyC, n2i = n2i, data = d)
for (mod in c("preservation", "doses")) {
  r <- rma(yi, vi, mods = as.formula(paste("~", mod)), data = any, method = "DL")
  cat(sprintf("any %s RR %.6f ciLow %.6f ciHigh %.6f p %.6f tau2 %.6f\n", mod, exp(r$b[2]), exp(r$ci.lb[2]),
              exp(r$ci.ub[2]), r$pval[2], r$tau2))
}
