# Reference values for org.harmonia.stats.tests (t tests, Wilcoxon, Fisher, chi-square, risk measures).
# R 4.2.2, metafor 3.8-1. Run from this directory:  Rscript classical-tests.R
# Writes classical-tests.csv with columns case,key,value; vectors are space separated, numbers carry
# 17 significant digits so the Java tests can compare to 1e-6 relative.
suppressPackageStartupMessages(library(metafor))

rows <- list()
put <- function(case, key, value) {
  if (is.logical(value)) v <- tolower(as.character(value))
  else if (is.numeric(value)) v <- paste(format(as.numeric(value), digits = 17, scientific = FALSE, trim = TRUE), collapse = " ")
  else v <- paste(value, collapse = " ")
  v <- gsub("Inf", "Infinity", v, fixed = TRUE)
  rows[[length(rows) + 1]] <<- data.frame(case = case, key = key, value = v)
}

# ---------------------------------------------------------------- t tests
ttest_case <- function(case, x, y = NULL, paired = FALSE, var.equal = FALSE, alternative = "two.sided",
                       conf.level = 0.95, mu = 0) {
  r <- if (is.null(y)) t.test(x, mu = mu, alternative = alternative, conf.level = conf.level)
       else t.test(x, y, paired = paired, var.equal = var.equal, alternative = alternative,
                   conf.level = conf.level, mu = mu)
  put(case, "x", x)
  if (!is.null(y)) put(case, "y", y)
  put(case, "paired", paired); put(case, "varEqual", var.equal); put(case, "alternative", alternative)
  put(case, "confLevel", conf.level); put(case, "mu", mu)
  put(case, "method", trimws(r$method))
  put(case, "statistic", unname(r$statistic)); put(case, "df", unname(r$parameter))
  put(case, "pValue", r$p.value); put(case, "confLow", r$conf.int[1]); put(case, "confHigh", r$conf.int[2])
  put(case, "stdErr", r$stderr)
  if (is.null(y) || paired) put(case, "estimate", unname(r$estimate))
  else { put(case, "meanX", unname(r$estimate[1])); put(case, "meanY", unname(r$estimate[2])) }
}
sleep1 <- sleep$extra[sleep$group == 1]; sleep2 <- sleep$extra[sleep$group == 2]
mpg0 <- mtcars$mpg[mtcars$am == 0]; mpg1 <- mtcars$mpg[mtcars$am == 1]
ttest_case("t.sleep.paired", sleep1, sleep2, paired = TRUE)
ttest_case("t.sleep.paired.less", sleep1, sleep2, paired = TRUE, alternative = "less")
ttest_case("t.sleep.paired.greater90", sleep1, sleep2, paired = TRUE, alternative = "greater", conf.level = 0.9)
ttest_case("t.mtcars.welch", mpg0, mpg1)
ttest_case("t.mtcars.welch.greater", mpg0, mpg1, alternative = "greater")
ttest_case("t.mtcars.welch.less99", mpg0, mpg1, alternative = "less", conf.level = 0.99)
ttest_case("t.mtcars.student", mpg0, mpg1, var.equal = TRUE)
ttest_case("t.mtcars.student.less", mpg0, mpg1, var.equal = TRUE, alternative = "less")
ttest_case("t.mtcars.welch.mu", mpg0, mpg1, mu = -5)
ttest_case("t.sleep.one", sleep1, mu = 0.5)
ttest_case("t.tiny.welch", c(1.1, 2.3), c(4.0, 5.9))
ttest_case("t.tiny.student", c(1.1, 2.3), c(4.0, 5.9, 5.2), var.equal = TRUE)
ttest_case("t.one.constant.y", c(1.5, 2.5, 3.0, 4.1), c(2, 2, 2))

# ---------------------------------------------------------------- Wilcoxon
wilcox_case <- function(case, x, y = NULL, paired = FALSE, alternative = "two.sided", mu = 0, correct = TRUE) {
  r <- suppressWarnings(if (is.null(y)) wilcox.test(x, mu = mu, alternative = alternative, correct = correct)
       else wilcox.test(x, y, paired = paired, alternative = alternative, mu = mu, correct = correct))
  put(case, "x", x)
  if (!is.null(y)) put(case, "y", y)
  put(case, "paired", paired); put(case, "alternative", alternative); put(case, "mu", mu)
  put(case, "correct", correct)
  put(case, "method", r$method); put(case, "statisticName", names(r$statistic))
  put(case, "statistic", unname(r$statistic)); put(case, "pValue", r$p.value)
}
set.seed(20240611)
distinct <- function(n, scale = 1) sample(1:(40 * n), n) / 10 * scale
wilcox_case("w.sleep.paired", sleep1, sleep2, paired = TRUE)          # ties and a zero difference
wilcox_case("w.mtcars.ranksum", mpg0, mpg1)                           # ties
wilcox_case("w.mtcars.ranksum.less", mpg0, mpg1, alternative = "less")
wilcox_case("w.mtcars.ranksum.nocorrect", mpg0, mpg1, correct = FALSE)
a10 <- distinct(10) - 2; b12 <- distinct(12)
wilcox_case("w.signed.exact10", a10)
wilcox_case("w.signed.exact10.greater", a10, alternative = "greater")
wilcox_case("w.signed.exact10.less", a10, mu = 1, alternative = "less")
wilcox_case("w.ranksum.exact", a10, b12)
wilcox_case("w.ranksum.exact.greater", a10, b12, alternative = "greater")
wilcox_case("w.ranksum.exact.less", a10, b12, alternative = "less")
wilcox_case("w.ranksum.exact.mu", a10, b12, mu = -1.05)
x49 <- distinct(49) - 9; y49 <- distinct(49) - 4.05; y50 <- c(y49, 1000.05)
wilcox_case("w.signed.exact49", x49)
wilcox_case("w.signed.normal50", c(x49, 33.33))
wilcox_case("w.signed.paired49", x49, y49, paired = TRUE)
wilcox_case("w.ranksum.exact49x49", x49, y49)
wilcox_case("w.ranksum.normal49x50", x49, y50)
wilcox_case("w.ranksum.normal49x50.greater", x49, y50, alternative = "greater")
wilcox_case("w.ranksum.exact3x49", c(-1.11, 3.33, 7.77), y49)
wilcox_case("w.signed.zeros", c(0, 0, 1.5, -0.5, 2.5, 3.5, -4.5, 6))
wilcox_case("w.signed.ties", c(1, 1, 2, -2, 3, 4, 5, -6, 7))
wilcox_case("w.signed.ties.nocorrect", c(1, 1, 2, -2, 3, 4, 5, -6, 7), correct = FALSE)
wilcox_case("w.signed.tiny1", c(2.5))
wilcox_case("w.ranksum.tiny", c(1.5), c(2.5, 0.5))
wilcox_case("w.ranksum.ties", c(1, 2, 2, 3, 5), c(2, 3, 4, 4, 6, 8))

# ---------------------------------------------------------------- Fisher 2x2
# fisher.test finds the conditional MLE and its confidence limits with uniroot's default tolerance
# (about 1.2e-4, absolute, on the odds ratio or its inverse, whichever is below 1), so its values can be
# off in the fifth digit, and far more for large odds ratios (f.tiny.p: upper limit 8047 against 7086). The same equations solved to
# tol = 1e-14 are the reference; fisher.test's own values are kept as rEstimate/rConfLow/rConfHigh.
fisher_exact <- function(t, alternative, conf.level) {
  m <- sum(t[, 1]); n <- sum(t[, 2]); k <- sum(t[1, ]); x <- t[1, 1]
  lo <- max(0, k - n); hi <- min(k, m); support <- lo:hi
  logdc <- dhyper(support, m, n, k, log = TRUE)
  dn <- function(ncp) { d <- logdc + log(ncp) * support; d <- exp(d - max(d)); d / sum(d) }
  mn <- function(ncp) { if (ncp == 0) return(lo); if (ncp == Inf) return(hi); sum(support * dn(ncp)) }
  pn <- function(q, ncp, upper = FALSE) {
    if (ncp == 1) return(if (upper) phyper(x - 1, m, n, k, lower.tail = FALSE) else phyper(x, m, n, k))
    if (ncp == 0) return(as.numeric(if (upper) q <= lo else q >= lo))
    if (ncp == Inf) return(as.numeric(if (upper) q <= hi else q >= hi))
    sum(dn(ncp)[if (upper) support >= q else support <= q])
  }
  tol <- 1e-14
  est <- if (x == lo) 0 else if (x == hi) Inf else {
    mu <- mn(1)
    if (mu > x) uniroot(function(t) mn(t) - x, c(0, 1), tol = tol)$root
    else if (mu < x) 1 / uniroot(function(t) mn(1 / t) - x, c(.Machine$double.eps, 1), tol = tol)$root
    else 1
  }
  ncpU <- function(alpha) {
    if (x == hi) return(Inf)
    p <- pn(x, 1)
    if (p < alpha) uniroot(function(t) pn(x, t) - alpha, c(0, 1), tol = tol)$root
    else if (p > alpha) 1 / uniroot(function(t) pn(x, 1 / t) - alpha, c(.Machine$double.eps, 1), tol = tol)$root
    else 1
  }
  ncpL <- function(alpha) {
    if (x == lo) return(0)
    p <- pn(x, 1, upper = TRUE)
    if (p > alpha) uniroot(function(t) pn(x, t, upper = TRUE) - alpha, c(0, 1), tol = tol)$root
    else if (p < alpha) 1 / uniroot(function(t) pn(x, 1 / t, upper = TRUE) - alpha, c(.Machine$double.eps, 1), tol = tol)$root
    else 1
  }
  ci <- switch(alternative, less = c(0, ncpU(1 - conf.level)), greater = c(ncpL(1 - conf.level), Inf),
               two.sided = c(ncpL((1 - conf.level) / 2), ncpU((1 - conf.level) / 2)))
  list(estimate = est, ci = ci)
}
fisher_case <- function(case, t, alternative = "two.sided", conf.level = 0.95) {
  r <- fisher.test(t, alternative = alternative, conf.level = conf.level)
  e <- fisher_exact(t, alternative, conf.level)
  put(case, "table", as.vector(t(t)))
  put(case, "alternative", alternative); put(case, "confLevel", conf.level)
  put(case, "pValue", r$p.value)
  put(case, "estimate", e$estimate); put(case, "confLow", e$ci[1]); put(case, "confHigh", e$ci[2])
  put(case, "rEstimate", unname(r$estimate)); put(case, "rConfLow", r$conf.int[1]); put(case, "rConfHigh", r$conf.int[2])
}
tea <- matrix(c(3, 1, 1, 3), 2)                         # fisher.test help: TeaTasting
convictions <- matrix(c(2, 10, 15, 3), 2)              # fisher.test help: Convictions
ae <- matrix(c(35, 42, 34, 33), 2)                     # MESEMS: >= 1 AE, 35 of 69 vs 42 of 75
sae <- matrix(c(0, 7, 69, 68), 2)                      # MESEMS: SAE, 0 of 69 vs 7 of 75
fisher_case("f.tea", tea)
fisher_case("f.tea.greater", tea, "greater")
fisher_case("f.convictions.less", convictions, "less")
fisher_case("f.convictions", convictions)
fisher_case("f.mesems.ae", ae)
fisher_case("f.mesems.ae.greater90", ae, "greater", 0.9)
fisher_case("f.mesems.sae", sae)
fisher_case("f.mesems.sae.less", sae, "less")
fisher_case("f.upper.corner", matrix(c(5, 2, 0, 6), 2))
fisher_case("f.symmetric", matrix(c(4, 4, 4, 4), 2))   # two-sided sum hinges on the 1e-7 tolerance
fisher_case("f.skewed", matrix(c(10, 2, 3, 15), 2))
fisher_case("f.large", matrix(c(1200, 1100, 800, 950), 2))
fisher_case("f.huge", matrix(c(120000, 110000, 80000, 95000), 2))
fisher_case("f.tiny.p", matrix(c(60, 3, 2, 70), 2))

# ---------------------------------------------------------------- chi-square
chisq_case <- function(case, t, correct) {
  r <- suppressWarnings(chisq.test(t, correct = correct))
  put(case, "rows", nrow(t)); put(case, "table", as.vector(t(t))); put(case, "correct", correct)
  put(case, "method", r$method)
  put(case, "statistic", unname(r$statistic)); put(case, "df", unname(r$parameter)); put(case, "pValue", r$p.value)
  put(case, "expected", as.vector(t(r$expected)))
  put(case, "lowExpected", any(r$expected < 5))
}
job <- matrix(c(1, 2, 1, 0, 3, 3, 6, 1, 10, 10, 14, 9, 6, 7, 12, 11), 4, 4)  # fisher.test help: Job satisfaction
party <- rbind(c(762, 327, 468), c(484, 239, 477))                           # chisq.test help: M
chisq_case("c.mesems.ae.yates", ae, TRUE)
chisq_case("c.mesems.ae.plain", ae, FALSE)
chisq_case("c.mesems.sae.yates", sae, TRUE)
chisq_case("c.tea.yates", tea, TRUE)
chisq_case("c.small.deviation.yates", matrix(c(10, 10, 10, 11), 2), TRUE)   # |O - E| < 0.5
chisq_case("c.job", job, TRUE)                                               # Yates never applies to r x c
chisq_case("c.party", party, FALSE)
chisq_case("c.huge.yates", matrix(c(120000, 110000, 80000, 95000), 2), TRUE)

# ---------------------------------------------------------------- risk ratio, risk difference, odds ratio
# By hand: RR = (a/n1)/(c/n2), var log RR = 1/a - 1/n1 + 1/c - 1/n2; OR = ad/(bc), var log OR = 1/a+1/b+1/c+1/d;
# when a cell is 0, 1/2 is added to all four cells for RR and OR (escalc's add = 1/2, to = "only0").
# RD = a/n1 - c/n2, var = p1(1-p1)/n1 + p2(1-p2)/n2, never corrected (escalc add = 0).
risk_case <- function(case, a, b, c, d, conf.level = 0.95) {
  z <- qnorm(1 - (1 - conf.level) / 2)
  zero <- any(c(a, b, c, d) == 0)
  k <- if (zero) 0.5 else 0
  A <- a + k; B <- b + k; C <- c + k; D <- d + k
  logrr <- log((A / (A + B)) / (C / (C + D))); vrr <- 1 / A - 1 / (A + B) + 1 / C - 1 / (C + D)
  logor <- log(A * D / (B * C)); vor <- 1 / A + 1 / B + 1 / C + 1 / D
  p1 <- a / (a + b); p2 <- c / (c + d); rd <- p1 - p2; vrd <- p1 * (1 - p1) / (a + b) + p2 * (1 - p2) / (c + d)
  erR <- escalc(measure = "RR", ai = a, bi = b, ci = c, di = d)
  erO <- escalc(measure = "OR", ai = a, bi = b, ci = c, di = d)
  erD <- escalc(measure = "RD", ai = a, bi = b, ci = c, di = d, add = 0)
  stopifnot(all.equal(erR$yi[1], logrr), all.equal(erR$vi[1], vrr), all.equal(erO$yi[1], logor),
            all.equal(erO$vi[1], vor), all.equal(erD$yi[1], rd), all.equal(erD$vi[1], vrd))
  put(case, "table", c(a, b, c, d)); put(case, "confLevel", conf.level); put(case, "corrected", zero)
  put(case, "risk1", p1); put(case, "risk2", p2)
  put(case, "rr", exp(logrr)); put(case, "logRrVar", erR$vi[1])
  put(case, "rrLow", exp(logrr - z * sqrt(vrr))); put(case, "rrHigh", exp(logrr + z * sqrt(vrr)))
  put(case, "rd", rd); put(case, "rdVar", erD$vi[1])
  put(case, "rdLow", rd - z * sqrt(vrd)); put(case, "rdHigh", rd + z * sqrt(vrd))
  put(case, "or", exp(logor)); put(case, "logOrVar", erO$vi[1])
  put(case, "orLow", exp(logor - z * sqrt(vor))); put(case, "orHigh", exp(logor + z * sqrt(vor)))
}
risk_case("r.mesems.ae", 35, 34, 42, 33)
risk_case("r.mesems.sae", 0, 69, 7, 68)
risk_case("r.mesems.ae.90", 35, 34, 42, 33, 0.9)
bcg <- dat.bcg[1, ]                                      # metafor::dat.bcg, Aronson 1948
risk_case("r.bcg.aronson", bcg$tpos, bcg$tneg, bcg$cpos, bcg$cneg)
risk_case("r.all.events", 12, 0, 9, 3)

out <- do.call(rbind, rows)
write.csv(out, "classical-tests.csv", row.names = FALSE)
