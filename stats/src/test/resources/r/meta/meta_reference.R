# Reference values for org.harmonia.stats.meta, computed with R 4.2.2 and metafor 3.8-1.
# Run from this folder:  Rscript meta_reference.R
# Writes the data sets the tests read (bcg.csv, nielweise2007.csv, msc_ae.csv) and expected.csv
# (long format: case, quantity, value; doubles with 17 significant digits, NA where metafor gives none).
suppressMessages(library(metafor))

bcg <- dat.bcg[, c("trial", "author", "year", "tpos", "tneg", "cpos", "cneg", "ablat", "alloc")]
write.csv(bcg, "bcg.csv", row.names = FALSE)

niel <- dat.nielweise2007[, c("study", "author", "year", "ai", "n1i", "ci", "n2i")]
write.csv(niel, "nielweise2007.csv", row.names = FALSE)

# Illustrative adverse-event counts of small MSC trials (not real trial data): events and group sizes
# under MSC and control, with the cell preparation and dosing covariates of Mesa Bedoya et al. (2024).
msc <- data.frame(
  study = c("Trial A", "Trial B", "Trial C", "Trial D", "Trial E", "Trial F", "Trial G", "Trial H"),
  year = c(2012, 2014, 2016, 2018, 2019, 2020, 2021, 2022),
  ae_msc = c(6, 9, 12, 5, 18, 7, 10, 4),
  n_msc = c(10, 20, 24, 16, 40, 30, 25, 12),
  ae_ctrl = c(2, 5, 6, 0, 8, 4, 7, 3),
  n_ctrl = c(10, 20, 24, 15, 40, 30, 26, 12),
  cells = c("fresh", "cryopreserved", "fresh", "cryopreserved", "fresh", "cryopreserved", "fresh", "cryopreserved"),
  doses = c("single", "single", "multiple", "multiple", "single", "multiple", "multiple", "single"))
write.csv(msc, "msc_ae.csv", row.names = FALSE)

out <- list()
put <- function(case, key, value) {
  value <- as.numeric(value)
  if (length(value) == 0) value <- NA
  out[[length(out) + 1]] <<- data.frame(case = case, quantity = key,
                                         value = ifelse(is.na(value), "NA", trimws(formatC(value, digits = 17, format = "g"))))
}
putv <- function(case, key, values) for (i in seq_along(values)) put(case, paste0(key, "[", i, "]"), values[i])

# A fitted rma.uni model: pooled estimate (or coefficients), heterogeneity, weights, prediction interval.
putRma <- function(case, r) {
  put(case, "k", r$k)
  put(case, "p", r$p)
  putv(case, "beta", r$beta)
  putv(case, "se", r$se)
  putv(case, "zval", r$zval)
  putv(case, "pval", r$pval)
  putv(case, "ci.lb", r$ci.lb)
  putv(case, "ci.ub", r$ci.ub)
  put(case, "tau2", r$tau2)
  put(case, "se.tau2", r$se.tau2)
  put(case, "QE", r$QE)
  put(case, "QEp", r$QEp)
  put(case, "I2", r$I2)
  put(case, "H2", r$H2)
  put(case, "QM", r$QM)
  putv(case, "QMdf", r$QMdf)
  put(case, "QMp", r$QMp)
  put(case, "ddf", ifelse(is.na(r$ddf[1]), NA, r$ddf[1]))
  if (!is.null(r$R2)) put(case, "R2", r$R2)
  putv(case, "weights", weights(r))
  if (r$int.only) {
    pr <- predict(r)
    put(case, "pi.lb", if (is.null(pr$pi.lb)) NA else pr$pi.lb)
    put(case, "pi.ub", if (is.null(pr$pi.ub)) NA else pr$pi.ub)
  }
}

putEgger <- function(case, r) {
  e <- regtest(r)
  put(case, "egger.zval", e$zval)
  put(case, "egger.pval", e$pval)
  put(case, "egger.ddf", ifelse(is.null(e$ddf) || is.na(e$ddf), NA, e$ddf))
  put(case, "egger.est", e$est)
  put(case, "egger.ci.lb", e$ci.lb)
  put(case, "egger.ci.ub", e$ci.ub)
}

putMh <- function(case, m) {
  put(case, "k", m$k)
  put(case, "k.yi", length(m$yi))
  put(case, "beta", m$beta)
  put(case, "se", m$se)
  put(case, "zval", m$zval)
  put(case, "pval", m$pval)
  put(case, "ci.lb", m$ci.lb)
  put(case, "ci.ub", m$ci.ub)
  put(case, "QE", m$QE)
  put(case, "QEp", m$QEp)
  put(case, "I2", m$I2)
  put(case, "H2", m$H2)
  put(case, "MH", m$MH)
  put(case, "MHp", m$MHp)
  putv(case, "weights", weights(m))
}

# --- BCG vaccine trials (Colditz et al. 1994) ---------------------------------------------------
for (measure in c("RR", "OR", "RD")) {
  es <- escalc(measure, ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
  case <- paste0("bcg.", measure, ".escalc")
  putv(case, "yi", es$yi)
  putv(case, "vi", es$vi)
  for (method in c("FE", "DL", "REML")) {
    for (test in c("z", "knha")) {
      if (method == "FE" && test == "knha") next
      case <- paste("bcg", measure, method, test, sep = ".")
      r <- rma(yi, vi, data = es, method = method, test = test)
      putRma(case, r)
      putEgger(case, r)
    }
  }
  m <- rma.mh(ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg, measure = measure)
  case <- paste("bcg", measure, "MH", sep = ".")
  putMh(case, m)
  putEgger(case, m)
}

es <- escalc("RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
# Meta-regression: numeric moderators, a categorical one, and both kinds together.
putRma("bcg.RR.REML.z.mods.ablat+year", rma(yi, vi, mods = ~ ablat + year, data = es, method = "REML"))
putRma("bcg.RR.REML.knha.mods.ablat+year", rma(yi, vi, mods = ~ ablat + year, data = es, method = "REML", test = "knha"))
putRma("bcg.RR.DL.z.mods.ablat+year", rma(yi, vi, mods = ~ ablat + year, data = es, method = "DL"))
putRma("bcg.RR.FE.z.mods.ablat+year", rma(yi, vi, mods = ~ ablat + year, data = es, method = "FE"))
putRma("bcg.RR.REML.z.mods.alloc", rma(yi, vi, mods = ~ alloc, data = es, method = "REML"))
putRma("bcg.RR.REML.z.mods.ablat+alloc", rma(yi, vi, mods = ~ ablat + alloc, data = es, method = "REML"))

# Subgroups by allocation: one model per subgroup, the mixed-model QM of the moderator alloc
# (common tau^2), and the fixed-effect test between the separately pooled estimates (separate tau^2).
for (method in c("FE", "DL", "REML")) {
  for (test in c("z", "knha")) {
    if (method == "FE" && test == "knha") next
    case <- paste("bcg.RR", method, test, "subgroup.alloc", sep = ".")
    levs <- sort(unique(es$alloc))
    est <- c(); ses <- c()
    for (lv in levs) {
      r <- rma(yi, vi, data = es, subset = alloc == lv, method = method, test = test)
      putRma(paste0(case, ".", lv), r)
      est <- c(est, r$beta[1]); ses <- c(ses, r$se)
    }
    qm <- rma(yi, vi, mods = ~ alloc, data = es, method = method, test = test)
    put(case, "QM", qm$QM); putv(case, "QMdf", qm$QMdf); put(case, "QMp", qm$QMp)
    between <- rma(est, sei = ses, method = "FE")
    put(case, "Qbetween", between$QE); put(case, "Qbetween.df", between$k - 1); put(case, "Qbetween.p", between$QEp)
  }
}
m <- rma.mh(ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg, measure = "RR")
est <- c(); ses <- c()
for (lv in sort(unique(dat.bcg$alloc))) {
  mm <- rma.mh(ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg, measure = "RR", subset = alloc == lv)
  putMh(paste0("bcg.RR.MH.subgroup.alloc.", lv), mm)
  est <- c(est, mm$beta); ses <- c(ses, mm$se)
}
between <- rma(est, sei = ses, method = "FE")
put("bcg.RR.MH.subgroup.alloc", "Qbetween", between$QE)
put("bcg.RR.MH.subgroup.alloc", "Qbetween.df", between$k - 1)
put("bcg.RR.MH.subgroup.alloc", "Qbetween.p", between$QEp)

# Effect sizes given directly (measure GEN).
r <- rma(yi, vi, data = es, method = "REML")
putRma("bcg.GEN.REML.z", r)

# --- Zero cells: antibiotic-impregnated catheters (Niel-Weise et al. 2007) -----------------------
for (measure in c("RR", "OR", "RD")) {
  es0 <- escalc(measure, ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = dat.nielweise2007)
  case <- paste0("niel.", measure, ".escalc")
  putv(case, "yi", es0$yi)
  putv(case, "vi", es0$vi)
  for (method in c("FE", "DL", "REML")) {
    for (test in c("z", "knha")) {
      if (method == "FE" && test == "knha") next
      case <- paste("niel", measure, method, test, sep = ".")
      r <- rma(yi, vi, data = es0, method = method, test = test)
      putRma(case, r)
      putEgger(case, r)
    }
  }
  m <- rma.mh(ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = dat.nielweise2007, measure = measure)
  case <- paste("niel", measure, "MH", sep = ".")
  putMh(case, m)
  putv(case, "yi", m$yi.f)
  putEgger(case, m)
}

# --- Illustrative MSC adverse-event trials ------------------------------------------------------
for (measure in c("RR", "OR")) {
  esm <- escalc(measure, ai = ae_msc, n1i = n_msc, ci = ae_ctrl, n2i = n_ctrl, data = msc)
  case <- paste0("msc.", measure, ".escalc")
  putv(case, "yi", esm$yi)
  putv(case, "vi", esm$vi)
  for (method in c("FE", "DL", "REML")) {
    for (test in c("z", "knha")) {
      if (method == "FE" && test == "knha") next
      case <- paste("msc", measure, method, test, sep = ".")
      r <- rma(yi, vi, data = esm, method = method, test = test)
      putRma(case, r)
      putEgger(case, r)
    }
  }
  m <- rma.mh(ai = ae_msc, n1i = n_msc, ci = ae_ctrl, n2i = n_ctrl, data = msc, measure = measure)
  putMh(paste("msc", measure, "MH", sep = "."), m)
  putRma(paste0("msc.", measure, ".REML.z.mods.cells+doses"),
         rma(yi, vi, mods = ~ cells + doses, data = esm, method = "REML"))
  case <- paste0("msc.", measure, ".REML.z.subgroup.cells")
  est <- c(); ses <- c()
  for (lv in sort(unique(msc$cells))) {
    r <- rma(yi, vi, data = esm, subset = cells == lv, method = "REML")
    putRma(paste0(case, ".", lv), r)
    est <- c(est, r$beta[1]); ses <- c(ses, r$se)
  }
  qm <- rma(yi, vi, mods = ~ cells, data = esm, method = "REML")
  put(case, "QM", qm$QM); putv(case, "QMdf", qm$QMdf); put(case, "QMp", qm$QMp)
  between <- rma(est, sei = ses, method = "FE")
  put(case, "Qbetween", between$QE); put(case, "Qbetween.df", between$k - 1); put(case, "Qbetween.p", between$QEp)
}

write.csv(do.call(rbind, out), "expected.csv", row.names = FALSE, quote = FALSE)
