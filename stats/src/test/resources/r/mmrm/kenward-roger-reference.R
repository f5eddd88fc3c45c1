# Kenward-Roger reference values for org.harmonia.stats.mmrm (KenwardRogerTest), from pbkrtest's own code.
# R 4.2.2, nlme 3.1-162, lme4, pbkrtest 0.5.2, emmeans 1.8.4-1, numDeriv. Run from this folder:
#   Rscript kenward-roger-reference.R
# Reads edss.csv and orthodont.csv (written by mmrm-reference.R) and writes <model>-kr.ref ("key<TAB>value").
#
# 1. Compound symmetry is a random intercept: lmer(y ~ ... + (1 | subject), REML) with pbkrtest::vcovAdj (the adjusted
#    covariance), pbkrtest::get_Lb_ddf (each coefficient's df) and emmeans(lmer.df = "kenward-roger") for the
#    least-squares means and differences. lmer is fitted to a tight tolerance so its estimates are the REML maximum.
# 2. Unstructured: there is no KR for gls in R, so pbkrtest's internal vcovAdj_internal(Phi, SigmaG, X) and Lb_ddf,
#    the same code lmer models go through, are called on the gls fit (corSymm + varIdent, REML, finished by Newton
#    steps as in mmrm-reference.R) with the block-diagonal Sigma and its derivatives by each entry of the unstructured
#    matrix; the least-squares means and differences use emmeans' own linear functions (its reference grid).
suppressPackageStartupMessages({
  library(nlme)
  library(lme4)
  library(pbkrtest)
  library(emmeans)
})

out <- function(con, key, value) cat(sprintf("%s\t%.17g\n", key, value), file = con, sep = "")

prepare <- function(data, formula, visit, arm, reference_arm) {
  data <- data[complete.cases(data[, all.vars(formula)]), ]
  data[[visit]] <- factor(data[[visit]])
  data[[arm]] <- factor(data[[arm]], levels = c(reference_arm, setdiff(sort(unique(data[[arm]])), reference_arm)))
  data
}

# Writes coefficient and least-squares-mean rows from linear functions, an adjusted covariance and a df function.
write_kr <- function(con, beta, PhiA, ddf, emm_linfct, emm_grid, diff_linfct, diff_grid, visit, arm) {
  for (j in seq_along(beta)) {
    k <- numeric(length(beta)); k[j] <- 1
    out(con, sprintf("coef/%s/estimate", names(beta)[j]), beta[j])
    out(con, sprintf("coef/%s/se", names(beta)[j]), sqrt(PhiA[j, j]))
    out(con, sprintf("coef/%s/df", names(beta)[j]), ddf(k))
  }
  for (r in seq_len(nrow(emm_linfct))) {
    l <- emm_linfct[r, ]
    est <- sum(l * beta); se <- sqrt(sum(l * (PhiA %*% l))); df <- ddf(l)
    key <- sprintf("lsmean/%s/%s", emm_grid[[visit]][r], emm_grid[[arm]][r])
    out(con, paste0(key, "/estimate"), est); out(con, paste0(key, "/se"), se); out(con, paste0(key, "/df"), df)
    out(con, paste0(key, "/ciLow"), est - qt(0.975, df) * se); out(con, paste0(key, "/ciHigh"), est + qt(0.975, df) * se)
  }
  for (r in seq_len(nrow(diff_linfct))) {
    l <- diff_linfct[r, ]
    est <- sum(l * beta); se <- sqrt(sum(l * (PhiA %*% l))); df <- ddf(l)
    key <- sprintf("diff/%s/%s", diff_grid[[visit]][r], sub(" - .*", "", diff_grid$contrast[r]))
    out(con, paste0(key, "/estimate"), est); out(con, paste0(key, "/se"), se); out(con, paste0(key, "/df"), df)
    out(con, paste0(key, "/statistic"), est / se); out(con, paste0(key, "/p"), 2 * pt(-abs(est / se), df))
    out(con, paste0(key, "/ciLow"), est - qt(0.975, df) * se); out(con, paste0(key, "/ciHigh"), est + qt(0.975, df) * se)
  }
}

compound_symmetry <- function(name, formula, data, subject, visit, arm, reference_arm) {
  data <- prepare(data, formula, visit, arm, reference_arm)
  f <- update(formula, as.formula(paste(". ~ . + (1 |", subject, ")")))
  fit <- lmer(f, data = data, REML = TRUE,
              control = lmerControl(optimizer = "nloptwrap",
                                    optCtrl = list(xtol_abs = 1e-14, ftol_abs = 1e-16, xtol_rel = 1e-14, maxeval = 1e5)))
  Phi <- as.matrix(vcov(fit))
  PhiA <- vcovAdj(fit)
  ddf <- function(l) get_Lb_ddf(fit, matrix(l, nrow = 1))
  emm <- emmeans(fit, as.formula(paste("~", arm, "|", visit)), lmer.df = "kenward-roger")
  d <- contrast(emm, "trt.vs.ctrl", adjust = "none")
  # emmeans' own KR numbers, to show the hand-made rows above are what emmeans prints
  s <- as.data.frame(summary(emm))
  con <- file(paste0(name, "-kr.ref"), "w")
  on.exit(close(con))
  out(con, "fit/logLik", as.numeric(logLik(fit)))
  write_kr(con, fixef(fit), as.matrix(PhiA), ddf, emm@linfct, emm@grid, d@linfct, d@grid, visit, arm)
  for (r in seq_len(nrow(s))) {
    out(con, sprintf("emmeans/%s/%s/se", s[[visit]][r], s[[arm]][r]), s$SE[r])
    out(con, sprintf("emmeans/%s/%s/df", s[[visit]][r], s[[arm]][r]), s$df[r])
  }
}

source("reml-polish.R")  # control and polish(), as for mmrm-reference.R

unstructured <- function(name, formula, data, subject, visit, arm, reference_arm) {
  data <- prepare(data, formula, visit, arm, reference_arm)
  data$.subject <- data[[subject]]
  data$.visit <- data[[visit]]
  data$.index <- as.integer(data$.visit)
  data <- data[order(data$.subject, data$.index), ]
  fit <- eval(bquote(gls(.(formula), data = data, correlation = corSymm(form = ~ .index | .subject),
                         weights = varIdent(form = ~ 1 | .visit), method = "REML", control = control)))
  fit <- polish(fit, formula, data)
  complete <- names(which(table(data$.subject) == nlevels(data$.visit)))[1]
  S <- as.matrix(getVarCov(fit, individual = complete))
  T <- nrow(S)
  idx <- split(seq_len(nrow(data)), factor(data$.subject, levels = unique(data$.subject)))
  N <- nrow(data)
  Sigma <- matrix(0, N, N)
  for (rows in idx) Sigma[rows, rows] <- S[data$.index[rows], data$.index[rows]]
  G <- list()
  for (a in 1:T) for (b in 1:a) {
    E <- matrix(0, T, T); E[a, b] <- 1; E[b, a] <- 1
    M <- matrix(0, N, N)
    for (rows in idx) M[rows, rows] <- E[data$.index[rows], data$.index[rows]]
    G[[length(G) + 1]] <- M
  }
  X <- model.matrix(formula, data)
  Phi <- vcov(fit)
  PhiA <- pbkrtest:::vcovAdj_internal(Phi, list(Sigma = Sigma, G = G, n.ggamma = length(G)), X)
  ddf <- function(l) pbkrtest:::Lb_ddf(matrix(l, nrow = 1), Phi, PhiA)
  emm <- emmeans(fit, as.formula(paste("~", arm, "|", visit)), mode = "df.error", data = data)
  d <- contrast(emm, "trt.vs.ctrl", adjust = "none")
  con <- file(paste0(name, "-kr.ref"), "w")
  on.exit(close(con))
  out(con, "fit/logLik", as.numeric(logLik(fit)))
  write_kr(con, coef(fit), as.matrix(PhiA), ddf, emm@linfct, emm@grid, d@linfct, d@grid, visit, arm)
}

edss <- read.csv("edss.csv")
orthodont <- read.csv("orthodont.csv")
compound_symmetry("edss-cs", edss ~ week * arm + base, edss, "subject", "week", "arm", "placebo")
compound_symmetry("orthodont-cs", distance ~ age * sex, orthodont, "subject", "age", "sex", "Female")
unstructured("edss-us", edss ~ week * arm + base, edss, "subject", "week", "arm", "placebo")
unstructured("orthodont-us", distance ~ age * sex, orthodont, "subject", "age", "sex", "Female")
cat(R.version.string, "lme4", format(packageVersion("lme4")), "pbkrtest", format(packageVersion("pbkrtest")),
    "emmeans", format(packageVersion("emmeans")), "nlme", format(packageVersion("nlme")), "\n")
