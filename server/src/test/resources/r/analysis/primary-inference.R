# Reference values for the MESEMS primary analysis when the plan chooses another test
# (StudyAnalysisGoldenTest): test: lrt (glm.nb with and without sequence, each with its own theta, as
# anova(); profile-likelihood interval with theta held, found as the roots of the signed root deviance as
# MASS::confint's profile does it without its spline interpolation) and test: robust with the default HC3
# (sandwich::vcovHC), and the score statistic of test: rerandomisation (the null model refitted with its theta
# held, anova(..., test = "Rao", dispersion = 1)). R 4.2.2, MASS 7.3-58.2, sandwich 3.0-2. Same cohort as primary.R.
#   Rscript primary-inference.R   (from this folder) writes primary-inference-expected.csv
suppressPackageStartupMessages({
  library(MASS)
  library(sandwich)
})
d <- read.csv("primary-data.csv")
d$y <- rowSums(d[, c("W4", "W12", "W24")], na.rm = TRUE)
d$scans <- rowSums(!is.na(d[, c("W4", "W12", "W24")]))
d$baseline <- d$W0
d$sequence <- relevel(factor(d$sequence), ref = "PLACEBO-MSC")
m <- glm.nb(y ~ sequence + baseline + factor(subTrial) + offset(log(scans)), data = d)
m0 <- glm.nb(y ~ baseline + factor(subTrial) + offset(log(scans)), data = d)
lr <- anova(m0, m)
term <- "sequenceMSC-PLACEBO"

X <- model.matrix(m)
j <- which(colnames(X) == term)
off <- log(d$scans)
bhat <- coef(m)[[j]]
se <- sqrt(vcov(m)[j, j])
signed_root <- function(b) {
  f <- glm.fit(X[, -j], d$y, offset = off + b * X[, j], family = m$family,
               control = glm.control(epsilon = 1e-11, maxit = 100))
  sign(b - bhat) * sqrt(max(f$deviance - deviance(m), 0))
}
z <- qnorm(0.975)
end <- function(direction) {
  inner <- bhat
  outer <- bhat + direction * z * se
  while (abs(signed_root(outer)) < z) {
    inner <- outer
    outer <- outer + direction * se
  }
  uniroot(function(b) signed_root(b) - direction * z, sort(c(inner, outer)), tol = 1e-13)$root
}
profile <- c(end(-1), end(1))

hc3 <- sqrt(vcovHC(m, type = "HC3")[j, j])

# The score statistic of the re-randomisation test: the null model's theta held fixed, anova(..., test = "Rao").
fam0 <- negative.binomial(m0$theta)
g0 <- glm(y ~ baseline + factor(subTrial) + offset(log(scans)), family = fam0, data = d)
g1 <- glm(y ~ sequence + baseline + factor(subTrial) + offset(log(scans)), family = fam0, data = d)
rao <- anova(g0, g1, test = "Rao", dispersion = 1)

out <- data.frame(
  quantity = c("lrtChiSquare", "lrtP", "lrtCiLow", "lrtCiHigh", "hc3Se", "hc3P", "hc3CiLow", "hc3CiHigh", "scoreStatistic", "scoreP"),
  value = c(lr[2, "LR stat."], lr[2, "Pr(Chi)"], exp(profile[1]), exp(profile[2]),
            hc3, 2 * pnorm(-abs(bhat / hc3)), exp(bhat - z * hc3), exp(bhat + z * hc3), rao$Rao[2], rao[["Pr(>Chi)"]][2])
)
write.csv(out, "primary-inference-expected.csv", row.names = FALSE)
print(out, digits = 15)
