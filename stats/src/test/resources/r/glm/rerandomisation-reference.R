# Reference values for the re-randomisation test of org.harmonia.stats.glm (ScoreTest, RerandomisationTest).
#
# 1. The score (Rao) statistic of adding the compared term to the null model, as anova(m0, m1, test = "Rao")
#    computes it with dispersion 1. For the negative binomial, theta is estimated by glm.nb on the null model and
#    both models are then refitted as glm(family = negative.binomial(theta)), the null model's weights being what
#    one fit of a re-randomisation test uses. Written as <name>-score.ref.
# 2. A small trial of 12 patients (small-trial.csv, Poisson counts with a covariate) under complete randomisation
#    (each patient a fair coin): the EXACT re-randomisation p-value from all 2^12 = 4096 allocations, the share
#    with a score statistic at least the observed one (statistics within a relative 1e-9 count as ties).
# 3. The MESEMS-like data (mesems-like.csv, negative binomial with baseline and sub-trial) under complete
#    randomisation: the re-randomisation p-value from 400,000 allocations drawn in R (set.seed(20261203)), whose
#    Monte Carlo SE (about 0.0006 near p = 0.02) is far below Harmonia's at 10,000.
#
# Run from this directory: Rscript rerandomisation-reference.R (R 4.2.2, MASS 7.3-58.2)
suppressPackageStartupMessages(library(MASS))
fmt <- function(x) formatC(x, digits = 17, format = "g")
tight <- glm.control(epsilon = 1e-8, maxit = 25)

# The statistic for many allocations at once (columns of Z), from the null fit only, as ScoreTest computes it.
score_many <- function(m0, Z, rao = FALSE) {
  X <- model.matrix(m0)
  w <- m0$weights
  r <- m0$residuals
  rt <- lm.wfit(X, r, w)$residuals
  inv <- solve(crossprod(X * sqrt(w)))
  U <- colSums(Z * (w * rt))
  B <- crossprod(X * w, Z)
  V <- colSums(w * Z^2) - colSums(B * (inv %*% B))
  # R's anova adds the null fit's remainder (intercept-only minus X regression of r), constant in z
  C <- sum(w * (r - sum(w * r) / sum(w))^2) - sum(w * rt^2)
  ifelse(V > 1e-10 * colSums(w * Z^2), U^2 / V, 0) + if (rao) C else 0
}

rao <- function(name, data, f0, f1, family) {
  if (identical(family, "negbin")) {
    th <- glm.nb(f0, data = data)$theta
    fam <- negative.binomial(th)
  } else {
    fam <- family
    th <- NA
  }
  m0 <- glm(f0, family = fam, data = data, control = tight)
  m1 <- glm(f1, family = fam, data = data, control = tight)
  a <- anova(m0, m1, test = "Rao", dispersion = 1)
  lines <- c(paste0("n\t", nobs(m0)),
             paste0("statistic\t", fmt(a$Rao[2])),
             paste0("p\t", fmt(a[["Pr(>Chi)"]][2])))
  if (!is.na(th)) lines <- c(lines, paste0("theta\t", fmt(th)))
  writeLines(lines, paste0(name, "-score.ref"))
  invisible(m0)
}

quine <- read.csv("quine.csv", stringsAsFactors = FALSE)
birthwt <- read.csv("birthwt.csv", stringsAsFactors = FALSE)
mesems <- read.csv("mesems-like.csv", stringsAsFactors = FALSE)
mesems$sequence <- factor(mesems$sequence, levels = c("PLACEBO-MSC", "MSC-PLACEBO"))

m0 <- rao("mesems-like-negbin", mesems, y ~ baseline + factor(subTrial) + offset(log(scans)),
          y ~ sequence + baseline + factor(subTrial) + offset(log(scans)), "negbin")
rao("quine-poisson", quine, Days ~ Sex + Age + Lrn, Days ~ Eth + Sex + Age + Lrn, poisson)
rao("quine-negbin", quine, Days ~ Sex + Age + Lrn, Days ~ Eth + Sex + Age + Lrn, "negbin")
rao("birthwt-binomial", birthwt, low ~ age + lwt + factor(race) + ptl + ht + ui, low ~ age + lwt + factor(race) + smoke + ptl + ht + ui, binomial)

# The check of score_many against anova's Rao on the observed allocation.
z_obs <- as.numeric(mesems$sequence == "MSC-PLACEBO")
stopifnot(abs(score_many(m0, matrix(z_obs), rao = TRUE) - anova(m0, glm(y ~ sequence + baseline + factor(subTrial) + offset(log(scans)),
  family = m0$family, data = mesems, control = tight), test = "Rao", dispersion = 1)$Rao[2]) < 1e-8)

# 2. The small trial, every allocation enumerated.
set.seed(12)
small <- data.frame(patient = 1:12, x = round(rnorm(12, 5, 2), 1), group = rep(c("A", "B"), 6))
small$y <- rpois(12, exp(0.2 + 0.15 * small$x + 0.45 * (small$group == "B")))
write.csv(small, "small-trial.csv", row.names = FALSE, quote = FALSE)
s0 <- glm(y ~ x, family = poisson, data = small, control = tight)
obs <- score_many(s0, matrix(as.numeric(small$group == "B")))
rao_small <- anova(s0, glm(y ~ x + group, family = poisson, data = small, control = tight), test = "Rao")$Rao[2]
all_z <- t(as.matrix(expand.grid(rep(list(0:1), 12))))
all_s <- score_many(s0, all_z)
exact <- mean(all_s >= obs * (1 - 1e-9))
writeLines(c(paste0("statistic\t", fmt(rao_small)),
             paste0("allocations\t", ncol(all_z)),
             paste0("atLeastAsExtreme\t", sum(all_s >= obs * (1 - 1e-9))),
             paste0("exactP\t", fmt(exact))), "small-trial-exact.ref")

# 3. MESEMS-like data, complete randomisation, 400,000 allocations in chunks.
set.seed(20261203)
obs <- score_many(m0, matrix(z_obs))
M <- 400000
hits <- 0
for (chunk in 1:40) {
  Z <- matrix(rbinom(nrow(mesems) * 10000, 1, 0.5), nrow = nrow(mesems))
  hits <- hits + sum(score_many(m0, Z) >= obs * (1 - 1e-9))
}
writeLines(c(paste0("statistic\t", fmt(obs)),
             paste0("rerandomisations\t", M),
             paste0("atLeastAsExtreme\t", hits),
             paste0("p\t", fmt(hits / M))), "mesems-like-complete-randomisation.ref")
