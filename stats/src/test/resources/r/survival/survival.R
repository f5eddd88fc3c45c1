# Reference values for org.harmonia.stats.survival.
# R 4.2.2, survival 3.5-3. Run from this directory:  Rscript survival.R
# (summary.coxph rounds the Wald statistic to 4 digits, so the unrounded fit$wald.test is written.)
# Writes the input data sets to data/ and reads them back, so R and the Java tests analyse the same CSV
# (text columns become factors with sorted levels, exactly as the Java code orders them).
suppressPackageStartupMessages(library(survival))
stopifnot(as.character(packageVersion("survival")) == "3.5.3")
options(stringsAsFactors = FALSE)

write_data <- function(df, name) write.csv(df, file.path("data", paste0(name, ".csv")), row.names = FALSE, na = "NA")
read_data <- function(name) read.csv(file.path("data", paste0(name, ".csv")), stringsAsFactors = TRUE)

# ---- data sets ---------------------------------------------------------------------------------
aml_df <- survival::aml; aml_df$x <- as.character(aml_df$x)
write_data(aml_df, "aml")
write_data(survival::lung, "lung")
vet <- survival::veteran; vet$celltype <- as.character(vet$celltype)
write_data(vet, "veteran")
write_data(survival::ovarian, "ovarian")

set.seed(20240513)
n <- 40
ties <- data.frame(time = sample(1:8, n, replace = TRUE), status = rbinom(n, 1, 0.7),
                   arm = sample(c("A", "B"), n, replace = TRUE), z = round(rnorm(n), 2))
write_data(ties, "ties")
write_data(data.frame(time = c(3, 5, 5, 8, 10, 12, 4, 6, 9, 11, 15),
                      status = c(1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0),
                      arm = c(rep("A", 6), rep("B", 5))), "allcensored")
write_data(data.frame(time = c(2, 3, 4, 6), status = c(1, 0, 1, 1), arm = c("A", "A", "B", "B")), "tiny")
write_data(data.frame(time = c(5, 5, 5, 5, 7, 9, 5, 5, 8), status = c(1, 1, 1, 1, 0, 0, 1, 0, 0),
                      arm = c(rep("A", 6), rep("B", 3))), "onetime")
# survival reaches exactly 0.5 on a flat segment: print.survfit and quantile.survfit differ here
write_data(data.frame(time = c(1, 2, 3, 4, 1, 2, 3, 4, 5, 6), status = c(1, 1, 0, 0, 1, 1, 1, 1, 1, 1),
                      arm = c(rep("A", 4), rep("B", 6))), "flat")
# every subject of arm B has left the risk set by the landmark at 10
write_data(data.frame(time = c(2, 4, 10, 12, 15, 18, 20, 25, 3, 5, 8, 10),
                      status = c(1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1),
                      arm = c(rep("A", 8), rep("B", 4)), age = c(50, 61, 47, 55, 70, 66, 59, 62, 58, 49, 64, 71)),
           "landmark")

# the example of docs/stats/survival.md (docs/examples/relapse.csv is a copy): months to relapse by arm, one age missing
set.seed(7); n <- 30
arm <- rep(c("MSC", "placebo"), each = n / 2)
age <- round(runif(n, 25, 55))
rate <- ifelse(arm == "MSC", 1 / 30, 1 / 16) * exp(0.02 * (age - 40))
ev <- rexp(n, rate); cens <- runif(n, 6, 48)
relapse <- data.frame(patient = sprintf("P%02d", 1:n), arm, age, months = round(pmin(ev, cens), 1),
                      relapse = as.integer(ev <= cens))
relapse$age[5] <- NA
write.csv(relapse, file.path("data", "relapse.csv"), row.names = FALSE, na = "")

status01 <- function(s) if (max(s, na.rm = TRUE) == 2) s - 1 else s

# ---- Kaplan-Meier --------------------------------------------------------------------------------
km_rows <- list(); med_rows <- list()
km_case <- function(case, df, time, status, group = NULL, conf.type = "log") {
  d <- data.frame(t = df[[time]], s = df[[status]])
  if (!is.null(group)) d$g <- df[[group]]
  d <- na.omit(d)
  fit <- if (is.null(group)) survfit(Surv(t, s) ~ 1, data = d, conf.type = conf.type)
         else survfit(Surv(t, s) ~ g, data = d, conf.type = conf.type)
  strata <- if (is.null(fit$strata)) rep("", length(fit$time))
            else rep(sub("^g=", "", names(fit$strata)), fit$strata)
  km_rows[[length(km_rows) + 1]] <<- data.frame(case = case, conf_type = conf.type, strata = strata,
    time = fit$time, n_risk = fit$n.risk, n_event = fit$n.event, n_censor = fit$n.censor, surv = fit$surv,
    std_err = fit$std.err, se_surv = fit$std.err * fit$surv, lower = fit$lower, upper = fit$upper)
  tab <- summary(fit)$table
  if (!is.matrix(tab)) tab <- matrix(tab, nrow = 1, dimnames = list("", names(tab)))
  q <- quantile(fit, probs = c(0.25, 0.5, 0.75))
  qm <- function(m) if (is.matrix(m)) m else matrix(m, nrow = 1)
  med_rows[[length(med_rows) + 1]] <<- data.frame(case = case, conf_type = conf.type,
    strata = if (is.null(fit$strata)) "" else sub("^g=", "", rownames(tab)),
    records = tab[, "records"], events = tab[, "events"], median = tab[, "median"],
    lcl = tab[, "0.95LCL"], ucl = tab[, "0.95UCL"],
    q25 = qm(q$quantile)[, 1], q25_lower = qm(q$lower)[, 1], q25_upper = qm(q$upper)[, 1],
    q50 = qm(q$quantile)[, 2], q50_lower = qm(q$lower)[, 2], q50_upper = qm(q$upper)[, 2],
    q75 = qm(q$quantile)[, 3], q75_lower = qm(q$lower)[, 3], q75_upper = qm(q$upper)[, 3])
}

aml <- read_data("aml"); lung <- read_data("lung"); veteran <- read_data("veteran")
ovarian <- read_data("ovarian"); ties <- read_data("ties"); allcens <- read_data("allcensored")
relapse <- read_data("relapse"); tiny <- read_data("tiny"); onetime <- read_data("onetime"); flat <- read_data("flat"); lm <- read_data("landmark")

for (ct in c("log", "log-log", "plain")) km_case("aml", aml, "time", "status", "x", ct)
km_case("aml_pooled", aml, "time", "status")
km_case("lung_sex", lung, "time", "status", "sex")
km_case("lung_ecog", lung, "time", "status", "ph.ecog")
km_case("veteran_celltype", veteran, "time", "status", "celltype")
km_case("ovarian_rx", ovarian, "futime", "fustat", "rx")
km_case("ties", ties, "time", "status", "arm")
km_case("ties", ties, "time", "status", "arm", "log-log")
km_case("allcensored", allcens, "time", "status", "arm")
km_case("tiny", tiny, "time", "status", "arm")
km_case("onetime", onetime, "time", "status", "arm")
km_case("flat", flat, "time", "status", "arm")
km_case("flat", flat, "time", "status", "arm", "plain")
km_case("relapse", relapse, "months", "relapse", "arm")

# ---- log-rank ----------------------------------------------------------------------------------
lr_groups <- list(); lr_tests <- list()
logrank_case <- function(case, df, time, status, group) {
  d <- na.omit(data.frame(t = df[[time]], s = df[[status]], g = df[[group]]))
  sd <- survdiff(Surv(t, s) ~ g, data = d)
  o <- sd$obs; e <- sd$exp; v <- diag(sd$var)
  lr_groups[[length(lr_groups) + 1]] <<- data.frame(case = case, group = sub("^g=", "", names(sd$n)),
    n = as.vector(sd$n), observed = o, expected = e, oe2e = (o - e)^2 / e, oe2v = (o - e)^2 / v)
  lr_tests[[length(lr_tests) + 1]] <<- data.frame(case = case, chisq = sd$chisq,
    df = sum(e > 0) - 1, p = pchisq(sd$chisq, sum(e > 0) - 1, lower.tail = FALSE))
}
logrank_case("aml", aml, "time", "status", "x")
logrank_case("lung_sex", lung, "time", "status", "sex")
logrank_case("lung_ecog", lung, "time", "status", "ph.ecog")
logrank_case("veteran_celltype", veteran, "time", "status", "celltype")
logrank_case("ovarian_rx", ovarian, "futime", "fustat", "rx")
logrank_case("ties", ties, "time", "status", "arm")
logrank_case("allcensored", allcens, "time", "status", "arm")
logrank_case("tiny", tiny, "time", "status", "arm")
logrank_case("onetime", onetime, "time", "status", "arm")
logrank_case("relapse", relapse, "months", "relapse", "arm")

# ---- Cox ---------------------------------------------------------------------------------------
cox_coef <- list(); cox_tests <- list()
cox_case <- function(case, formula, df, ties) {
  fit <- coxph(as.formula(formula), data = df, ties = ties)
  s <- summary(fit)
  cf <- s$coefficients; ci <- s$conf.int
  cox_coef[[length(cox_coef) + 1]] <<- data.frame(case = case, ties = ties, term = rownames(cf),
    coef = cf[, "coef"], hr = cf[, "exp(coef)"], se = cf[, "se(coef)"], z = cf[, "z"], p = cf[, "Pr(>|z|)"],
    lower = ci[, "lower .95"], upper = ci[, "upper .95"])
  cox_tests[[length(cox_tests) + 1]] <<- data.frame(case = case, ties = ties, formula = formula,
    n = fit$n, nevent = fit$nevent, dropped = length(fit$na.action), iter = fit$iter,
    loglik_null = fit$loglik[1], loglik = fit$loglik[2],
    lr = s$logtest[["test"]], lr_df = s$logtest[["df"]], lr_p = s$logtest[["pvalue"]],
    wald = fit$wald.test, wald_p = pchisq(fit$wald.test, s$waldtest[["df"]], lower.tail = FALSE),
    score = s$sctest[["test"]], score_p = s$sctest[["pvalue"]],
    concordance = s$concordance[["C"]], concordance_se = s$concordance[["se(C)"]])
}
for (tm in c("efron", "breslow")) {
  cox_case("aml", "Surv(time, status) ~ x", aml, tm)
  cox_case("lung", "Surv(time, status) ~ age + sex + ph.ecog", lung, tm)
  cox_case("lung_wtloss", "Surv(time, status) ~ age + sex + ph.ecog + wt.loss", lung, tm)
  cox_case("lung_factor", "Surv(time, status) ~ age + factor(ph.ecog)", lung, tm)
  cox_case("veteran", "Surv(time, status) ~ trt + celltype + karno", veteran, tm)
  cox_case("ovarian", "Surv(futime, fustat) ~ age + factor(rx)", ovarian, tm)
  cox_case("ties", "Surv(time, status) ~ arm + z", ties, tm)
  cox_case("onetime", "Surv(time, status) ~ arm", onetime, tm)
  cox_case("relapse", "Surv(months, relapse) ~ arm + age", relapse, tm)
}

# ---- landmark ----------------------------------------------------------------------------------
# Convention: a subject is kept when time > L (still followed after L); time restarts at L.
lm_counts <- list()
landmark_case <- function(case, df, time, status, group, L, formula_rhs) {
  d <- na.omit(data.frame(t = df[[time]], s = status01(df[[status]]), g = df[[group]]))
  keep <- d$t > L
  lm_counts[[length(lm_counts) + 1]] <<- data.frame(case = case, landmark = L, n = nrow(d), kept = sum(keep),
    events_before = sum(!keep & d$s == 1), censored_before = sum(!keep & d$s == 0))
  dl <- d[keep, ]; dl$t <- dl$t - L
  km_case(case, dl, "t", "s", "g")
  if (length(unique(dl$g)) > 1) {
    logrank_case(case, dl, "t", "s", "g")
    for (tm in c("efron", "breslow")) cox_case(case, "Surv(t, s) ~ g", dl, tm)
  }
}
landmark_case("landmark_veteran_30", veteran, "time", "status", "trt", 30)
landmark_case("landmark_lung_180", lung, "time", "status", "sex", 180)
landmark_case("landmark_aml_13", aml, "time", "status", "x", 13)
landmark_case("landmark_edge_10", lm, "time", "status", "arm", 10)
landmark_case("landmark_relapse_13", relapse, "months", "relapse", "arm", 13)

out <- function(rows, name) write.csv(do.call(rbind, rows), paste0(name, ".csv"), row.names = FALSE, na = "NA")
out(km_rows, "km"); out(med_rows, "km_median"); out(lr_groups, "logrank_groups"); out(lr_tests, "logrank_tests")
out(cox_coef, "cox_coef"); out(cox_tests, "cox_tests"); out(lm_counts, "landmark_counts")
