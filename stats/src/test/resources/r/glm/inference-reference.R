# Reference values for the inference options of org.harmonia.stats.glm (harmonia stats glm --test
# wald|lrt|robust): robust sandwich standard errors as sandwich::vcovHC (HC0, HC3), likelihood-ratio tests
# of each coefficient (the model refitted without that design column; glm.nb refits theta, as anova() of
# two glm.nb fits does) and profile-likelihood confidence intervals.
#
# Profile intervals: MASS::confint(fit) interpolates a spline through a grid of profile points. The exact
# interval is the pair of roots of the signed root deviance sign(b - bhat) * sqrt(D(b) - D(bhat)) = -/+
# qnorm(0.975), the other coefficients refitted with b in the offset (for glm.nb, theta fixed at the fit's
# family, as MASS's profile.glm does). This script finds those roots with uniroot at tight tolerance and
# writes them as ciLow/ciHigh; MASS::confint's values are written beside them as ciLowMass/ciHighMass.
#
# Run from this directory: Rscript inference-reference.R
# Output: <name>-<test>.ref, "key<TAB>value" lines at 17 significant digits, and the CSV files it reads.
suppressPackageStartupMessages({
  library(MASS)
  library(sandwich)
})

fmt <- function(x) formatC(x, digits = 17, format = "g")
tight <- glm.control(epsilon = 1e-11, maxit = 100)

header <- function(fit) {
  lines <- character()
  lines <- c(lines, paste0("fit/n\t", fmt(nobs(fit))))
  if (inherits(fit, "negbin")) {
    lines <- c(lines, paste0("fit/theta\t", fmt(fit$theta)))
  }
  lines
}

# Wald tests with the sandwich covariance: z for glm, t on the residual df for lm (as lmtest::coeftest).
write_robust <- function(name, fit, type) {
  v <- vcovHC(fit, type = type)
  est <- coef(fit)
  se <- sqrt(diag(v))
  stat <- est / se
  gaussian <- !inherits(fit, "glm")
  if (gaussian) {
    df <- df.residual(fit)
    p <- 2 * pt(-abs(stat), df)
    q <- qt(0.975, df)
  } else {
    p <- 2 * pnorm(-abs(stat))
    q <- qnorm(0.975)
  }
  lines <- header(fit)
  for (term in names(est)) {
    k <- paste0("coef/", term, "/")
    lines <- c(lines,
               paste0(k, "estimate\t", fmt(est[[term]])),
               paste0(k, "se\t", fmt(se[[term]])),
               paste0(k, "statistic\t", fmt(stat[[term]])),
               paste0(k, "p\t", fmt(p[[term]])),
               paste0(k, "ciLow\t", fmt(est[[term]] - q * se[[term]])),
               paste0(k, "ciHigh\t", fmt(est[[term]] + q * se[[term]])))
  }
  writeLines(lines, paste0(name, "-", tolower(type), ".ref"))
}

offset_of <- function(fit) {
  o <- model.offset(model.frame(fit))
  if (is.null(o)) rep(0, nobs(fit)) else o
}

# The likelihood-ratio statistic for dropping design column j.
lr_column <- function(fit, j) {
  X <- model.matrix(fit)
  y <- model.response(model.frame(fit))
  off <- offset_of(fit)
  Xr <- X[, -j, drop = FALSE]
  if (inherits(fit, "negbin")) {
    reduced <- glm.nb(y ~ 0 + Xr + offset(off))
    2 * (as.numeric(logLik(fit)) - as.numeric(logLik(reduced)))
  } else {
    reduced <- glm.fit(Xr, y, offset = off, family = fit$family)
    reduced$deviance - deviance(fit)
  }
}

# The exact profile-likelihood interval of column j.
profile_ci <- function(fit, j) {
  X <- model.matrix(fit)
  y <- model.response(model.frame(fit))
  off <- offset_of(fit)
  bhat <- coef(fit)[[j]]
  se <- sqrt(diag(vcov(fit)))[[j]]
  d0 <- deviance(fit)
  signed_root <- function(b) {
    d <- glm.fit(X[, -j, drop = FALSE], y, offset = off + b * X[, j], family = fit$family, control = tight)$deviance
    sign(b - bhat) * sqrt(max(d - d0, 0))
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
  c(end(-1), end(1))
}

write_lrt <- function(name, fit) {
  est <- coef(fit)
  se <- sqrt(diag(vcov(fit)))
  mass <- suppressMessages(confint(fit))
  lines <- header(fit)
  for (j in seq_along(est)) {
    term <- names(est)[j]
    k <- paste0("coef/", term, "/")
    ci <- profile_ci(fit, j)
    lines <- c(lines,
               paste0(k, "estimate\t", fmt(est[[j]])),
               paste0(k, "se\t", fmt(se[[j]])))
    # As drop1(), the intercept is not tested: a model without it is rarely one anyone would fit.
    if (term != "(Intercept)") {
      x2 <- lr_column(fit, j)
      lines <- c(lines,
                 paste0(k, "statistic\t", fmt(x2)),
                 paste0(k, "df\t", fmt(1)),
                 paste0(k, "p\t", fmt(pchisq(x2, 1, lower.tail = FALSE))))
    }
    lines <- c(lines,
               paste0(k, "ciLow\t", fmt(ci[1])),
               paste0(k, "ciHigh\t", fmt(ci[2])),
               paste0(k, "ciLowMass\t", fmt(mass[term, 1])),
               paste0(k, "ciHighMass\t", fmt(mass[term, 2])))
  }
  writeLines(lines, paste0(name, "-lrt.ref"))
}

write_all <- function(name, fit, lrt = TRUE) {
  write_robust(name, fit, "HC0")
  write_robust(name, fit, "HC3")
  if (lrt) write_lrt(name, fit)
}

# --- MASS::quine (quine.csv is written by glm-reference.R) -----------------------------------------
write_all("quine-negbin", glm.nb(Days ~ Eth + Sex + Age + Lrn, quine))
write_all("quine-poisson", glm(Days ~ Eth + Sex + Age + Lrn, poisson, quine))

# --- Dobson (1990), An Introduction to Generalized Linear Models, p. 93: the Poisson example of ?glm --
dobson <- data.frame(counts = c(18, 17, 15, 20, 10, 20, 25, 13, 12), outcome = rep(1:3, 3), treatment = rep(1:3, each = 3))
write.csv(dobson, "dobson.csv", row.names = FALSE)
write_all("dobson-poisson", glm(counts ~ factor(outcome) + factor(treatment), poisson, dobson))

# --- MASS::birthwt: logistic and linear (birthwt.csv is written by glm-reference.R) -------------------
write_all("birthwt-binomial", glm(low ~ age + lwt + factor(race) + smoke, binomial, birthwt))
write_all("birthwt-gaussian", lm(bwt ~ age + lwt + factor(race) + smoke, birthwt), lrt = FALSE)

# --- Simulated MESEMS-like primary analysis ------------------------------------------------------------
# 141 patients in seven sub-trials, sequence 1:1 by permuted blocks within sub-trial, new lesions summed over
# up to three scans (some missed), baseline lesion count as covariate, theta 0.5, rate ratio 0.7.
set.seed(20261202)
n <- 141
subTrial <- sample(c("italy", "andalusia", "badalona", "canada", "copenhagen", "london", "stockholm"), n, replace = TRUE,
                   prob = c(0.25, 0.15, 0.1, 0.15, 0.1, 0.15, 0.1))
sequence <- character(n)
for (s in unique(subTrial)) {
  idx <- which(subTrial == s)
  blocks <- unlist(lapply(seq_len(ceiling(length(idx) / 4)), function(i) sample(rep(c("MSC-PLACEBO", "PLACEBO-MSC"), 2))))
  sequence[idx] <- blocks[seq_along(idx)]
}
baseline <- rnbinom(n, size = 0.5, mu = 2)
scans <- sample(c(1, 2, 3, 3, 3, 3), n, replace = TRUE)
mu <- scans * exp(-0.3 + 0.15 * log1p(baseline) + ifelse(sequence == "MSC-PLACEBO", log(0.7), 0))
y <- rnbinom(n, size = 0.5, mu = mu)
mesems <- data.frame(y = y, sequence = sequence, baseline = baseline, subTrial = subTrial, scans = scans)
write.csv(mesems, "mesems-like.csv", row.names = FALSE)
mesems$sequence <- relevel(factor(mesems$sequence), ref = "PLACEBO-MSC")
write_all("mesems-like-negbin", glm.nb(y ~ sequence + baseline + factor(subTrial) + offset(log(scans)), mesems))
