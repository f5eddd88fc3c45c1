# Reference values for org.harmonia.stats.mmrm (MmrmTest).
#
# Fits each model with nlme::gls under REML (unstructured: corSymm + varIdent by visit; compound symmetry:
# corCompSymm; AR(1): corAR1 on the visit index) and takes least-squares means, arm differences and the
# Satterthwaite degrees of freedom from emmeans (mode = "satterthwaite"). Run from this folder:
#   Rscript mmrm-reference.R
# Writes orthodont.csv, edss.csv and one <model>.ref per model ("key<TAB>value" lines).
suppressPackageStartupMessages({
  library(nlme)
  library(emmeans)
})

# 1. nlme's Orthodont (Potthoff and Roy, 1964): distance at ages 8, 10, 12, 14 in 27 children, complete.
orthodont <- data.frame(subject = as.character(Orthodont$Subject), age = Orthodont$age,
                        sex = as.character(Orthodont$Sex), distance = Orthodont$distance)
orthodont <- orthodont[order(orthodont$subject, orthodont$age), ]
write.csv(orthodont, "orthodont.csv", row.names = FALSE)

# 2. A simulated EDSS-like two-arm trial: baseline EDSS, visits at weeks 12 to 48, three sites, drop-out that
# depends on the last observed EDSS (missing at random), a few skipped visits and one subject without baseline.
set.seed(20261202)
n <- 160
weeks <- c(12, 24, 36, 48)
subject <- sprintf("P%03d", seq_len(n))
arm <- rep(c("placebo", "MSC"), length.out = n)
site <- sample(c("Haifa", "Jerusalem", "Stockholm"), n, replace = TRUE)
base <- pmin(6.5, pmax(3, round(rnorm(n, 4.8, 0.9) * 2) / 2))
sd <- c(0.45, 0.55, 0.65, 0.75)
corr <- matrix(c(1, 0.7, 0.55, 0.45,
                 0.7, 1, 0.7, 0.55,
                 0.55, 0.7, 1, 0.7,
                 0.45, 0.55, 0.7, 1), 4)
errors <- matrix(rnorm(n * 4), n) %*% chol(diag(sd) %*% corr %*% diag(sd))
siteEffect <- c(Haifa = 0, Jerusalem = 0.15, Stockholm = -0.1)
effect <- c(-0.05, -0.15, -0.25, -0.35)
rows <- list()
for (i in seq_len(n)) {
  dropped <- FALSE
  last <- base[i]
  for (t in 1:4) {
    y <- 0.2 + 0.95 * base[i] + 0.04 * t + siteEffect[[site[i]]] + (arm[i] == "MSC") * effect[t] + errors[i, t]
    y <- round(y * 2) / 2
    if (t > 1 && !dropped && runif(1) < plogis(-3.4 + 1.2 * (last - base[i]))) dropped <- TRUE
    observed <- !dropped && runif(1) > 0.04
    if (observed) last <- y
    rows[[length(rows) + 1]] <- data.frame(subject = subject[i], arm = arm[i], site = site[i], base = base[i],
                                           week = weeks[t], edss = if (observed) y else NA)
  }
}
edss <- do.call(rbind, rows)
edss$base[edss$subject == "P007"] <- NA
write.csv(edss, "edss.csv", row.names = FALSE, na = "NA")

source("reml-polish.R")

out <- function(con, key, value) cat(sprintf("%s\t%.17g\n", key, value), file = con, sep = "")

reference <- function(name, formula, data, subject, visit, arm, structure, reference_arm = NULL) {
  data <- data[complete.cases(data[, all.vars(formula)]), ]
  data$.subject <- data[[subject]]
  data[[visit]] <- factor(data[[visit]])
  data$.visit <- data[[visit]]
  data$.index <- as.integer(data$.visit)
  if (!is.null(arm)) data[[arm]] <- factor(data[[arm]], levels = c(reference_arm, setdiff(sort(unique(data[[arm]])), reference_arm)))
  data <- data[order(data$.subject, data$.index), ]
  correlation <- switch(structure,
                        us = corSymm(form = ~ .index | .subject),
                        cs = corCompSymm(form = ~ 1 | .subject),
                        ar1 = corAR1(form = ~ .index | .subject))
  weights <- if (structure == "us") varIdent(form = ~ 1 | .visit) else NULL
  # the formula goes into the call itself: emmeans re-evaluates the call's model when it differentiates
  # (and names no weights when there are none, which emmeans would try to recover)
  fit <- if (is.null(weights)) {
    eval(bquote(gls(.(formula), data = data, correlation = correlation, method = "REML", control = control)))
  } else {
    eval(bquote(gls(.(formula), data = data, correlation = correlation, weights = weights, method = "REML",
                    control = control)))
  }
  fit <- polish(fit, formula, data)
  con <- file(paste0(name, ".ref"), "w")
  on.exit(close(con))
  out(con, "fit/logLik", as.numeric(logLik(fit)))
  out(con, "fit/aic", AIC(fit))
  out(con, "fit/observations", nrow(data))
  out(con, "fit/subjects", length(unique(data$.subject)))
  # the covariance matrix of a subject seen at every visit
  complete <- names(which(table(data$.subject) == nlevels(data$.visit)))[1]
  v <- getVarCov(fit, individual = complete)
  for (a in seq_len(nrow(v))) for (b in seq_len(ncol(v))) out(con, sprintf("sigma/%d/%d", a, b), v[a, b])
  specs <- if (is.null(arm)) as.formula(paste("~", visit)) else as.formula(paste("~", arm, "|", visit))
  emm <- emmeans(fit, specs, mode = "satterthwaite", data = data)
  beta <- coef(fit)
  se <- sqrt(diag(vcov(fit)))
  for (j in seq_along(beta)) {
    k <- numeric(length(beta))
    k[j] <- 1
    out(con, sprintf("coef/%s/estimate", names(beta)[j]), beta[j])
    out(con, sprintf("coef/%s/se", names(beta)[j]), se[j])
    out(con, sprintf("coef/%s/df", names(beta)[j]), emm@dffun(k, emm@dfargs))
  }
  s <- as.data.frame(summary(emm))
  for (r in seq_len(nrow(s))) {
    key <- if (is.null(arm)) sprintf("lsmean/%s", s[[visit]][r]) else sprintf("lsmean/%s/%s", s[[visit]][r], s[[arm]][r])
    out(con, paste0(key, "/estimate"), s$emmean[r])
    out(con, paste0(key, "/se"), s$SE[r])
    out(con, paste0(key, "/df"), s$df[r])
    out(con, paste0(key, "/ciLow"), s$lower.CL[r])
    out(con, paste0(key, "/ciHigh"), s$upper.CL[r])
  }
  if (!is.null(arm)) {
    d <- as.data.frame(summary(contrast(emm, "trt.vs.ctrl", adjust = "none"), infer = TRUE))
    for (r in seq_len(nrow(d))) {
      key <- sprintf("diff/%s/%s", d[[visit]][r], sub(" - .*", "", d$contrast[r]))
      out(con, paste0(key, "/estimate"), d$estimate[r])
      out(con, paste0(key, "/se"), d$SE[r])
      out(con, paste0(key, "/df"), d$df[r])
      out(con, paste0(key, "/statistic"), d$t.ratio[r])
      out(con, paste0(key, "/p"), d$p.value[r])
      out(con, paste0(key, "/ciLow"), d$lower.CL[r])
      out(con, paste0(key, "/ciHigh"), d$upper.CL[r])
    }
  }
  invisible(fit)
}

for (s in c("us", "cs", "ar1")) {
  reference(paste0("orthodont-", s), distance ~ age * sex, orthodont, "subject", "age", "sex", s, reference_arm = "Female")
  reference(paste0("edss-", s), edss ~ week * arm + base, edss, "subject", "week", "arm", s, reference_arm = "placebo")
}
# other factors averaged in the least-squares means, a covariate interacting with visit
reference("edss-site-us", edss ~ base + site + week * arm + base:week, edss, "subject", "week", "arm", "us",
          reference_arm = "placebo")
# the MESEMS plan's secondary EDSS analysis has two post-baseline visits (weeks 24 and 48); the report runs it
reference("edss-24-48-us", edss ~ week * arm + base, edss[edss$week %in% c(24, 48), ], "subject", "week", "arm", "us",
          reference_arm = "placebo")
# and with the plan's covariance: compound-symmetry (with two visits AR(1) is the same model)
reference("edss-24-48-cs", edss ~ week * arm + base, edss[edss$week %in% c(24, 48), ], "subject", "week", "arm", "cs",
          reference_arm = "placebo")
cat(R.version.string, "nlme", format(packageVersion("nlme")), "emmeans", format(packageVersion("emmeans")), "\n")
