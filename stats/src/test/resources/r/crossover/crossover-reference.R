# Reference values for org.harmonia.stats.crossover, produced with R 4.2.2 and MASS 7.3-58.2.
# Run from this directory: Rscript crossover-reference.R
# Simulates a MESEMS-like 2x2 crossover (20 patients randomised to MSC then placebo, or placebo then MSC;
# two 24-week periods) with a continuous endpoint (MSFC z-score) and a count endpoint (gadolinium-enhancing
# lesions over the period), writes the data as CSV and the R results as "key<TAB>value" lines.
suppressPackageStartupMessages(library(MASS))
fmt <- function(x) formatC(x, digits = 17, format = "g")

set.seed(2014)
patients <- 20
sequence <- rep(c("MSC-placebo", "placebo-MSC"), each = patients / 2)
rows <- list()
for (i in seq_len(patients)) {
  level <- rnorm(1, 0, 0.5)             # patient's own MSFC level
  rate <- exp(rnorm(1, log(4), 0.7))    # patient's own lesion rate per period
  for (period in 1:2) {
    treatment <- if ((sequence[i] == "MSC-placebo") == (period == 1)) "MSC" else "placebo"
    msc <- treatment == "MSC"
    msfc <- level + 0.1 * (period == 2) + ifelse(msc, 0.25, 0) + rnorm(1, 0, 0.3)
    gel <- rnbinom(1, size = 0.8, mu = rate * ifelse(msc, 0.5, 1) * ifelse(period == 2, 0.9, 1))
    rows[[length(rows) + 1]] <- data.frame(patient = sprintf("P%02d", i), period = period,
                                           sequence = sequence[i], treatment = treatment,
                                           msfc = round(msfc, 3), gel = gel)
  }
}
d <- do.call(rbind, rows)
# Patient P07 missed the second MRI and MSFC: a subject with one period, which the analysis excludes.
d$msfc[d$patient == "P07" & d$period == 2] <- NA
d$gel[d$patient == "P07" & d$period == 2] <- NA
write.csv(d, "mesems-crossover.csv", row.names = FALSE, na = "")

lines <- character()
add <- function(key, value) lines <<- c(lines, paste0(key, "\t", fmt(value)))

# Only patients observed in both periods enter the analysis.
complete <- function(d, y) {
  ok <- d[!is.na(d[[y]]), ]
  keep <- names(which(table(ok$patient) == 2))
  ok[ok$patient %in% keep, ]
}

cd <- complete(d, "msfc")
cd$treatment <- relevel(factor(cd$treatment), ref = "placebo")
fit <- lm(msfc ~ factor(patient) + period + treatment, cd)
cf <- coef(summary(fit)); ci <- confint(fit)
for (term in c("treatmentMSC", "period")) {
  add(paste0("gaussian/", term, "/estimate"), cf[term, 1])
  add(paste0("gaussian/", term, "/se"), cf[term, 2])
  add(paste0("gaussian/", term, "/statistic"), cf[term, 3])
  add(paste0("gaussian/", term, "/p"), cf[term, 4])
  add(paste0("gaussian/", term, "/ciLow"), ci[term, 1])
  add(paste0("gaussian/", term, "/ciHigh"), ci[term, 2])
}
add("gaussian/subjects", length(unique(cd$patient)))
add("gaussian/dfResidual", df.residual(fit))
totals <- aggregate(msfc ~ patient + sequence, cd, sum)
tt <- t.test(msfc ~ sequence, totals, var.equal = TRUE)
add("carryover/meanTotal/MSC-placebo", tt$estimate[1])
add("carryover/meanTotal/placebo-MSC", tt$estimate[2])
add("carryover/difference", tt$estimate[1] - tt$estimate[2])
add("carryover/statistic", tt$statistic)
add("carryover/df", tt$parameter)
add("carryover/p", tt$p.value)
add("carryover/ciLow", tt$conf.int[1])
add("carryover/ciHigh", tt$conf.int[2])
add("carryover/se", tt$stderr)
cell <- aggregate(msfc ~ sequence + period, cd, mean)
for (k in seq_len(nrow(cell))) add(paste0("cellMean/", cell$sequence[k], "/", cell$period[k]), cell$msfc[k])

cn <- complete(d, "gel")
# Patients with no lesion in either period carry no information on the treatment effect: their own
# effect has no finite estimate (it tends to minus infinity) and their likelihood contribution tends to
# zero, so they are left out of the count model, as the Java analysis does.
zero <- names(which(tapply(cn$gel, cn$patient, sum) == 0))
nb_all <- glm.nb(gel ~ factor(patient) + period + relevel(factor(treatment), ref = "placebo"), cn)
cn <- cn[!(cn$patient %in% zero), ]
add("negbin/subjects", length(unique(cn$patient)))
add("negbin/zeroSubjects", length(zero))
cn$treatment <- relevel(factor(cn$treatment), ref = "placebo")
nb <- glm.nb(gel ~ factor(patient) + period + treatment, cn)
cf <- coef(summary(nb)); ci <- confint.default(nb)
for (term in c("treatmentMSC", "period")) {
  add(paste0("negbin/", term, "/estimate"), cf[term, 1])
  add(paste0("negbin/", term, "/se"), cf[term, 2])
  add(paste0("negbin/", term, "/statistic"), cf[term, 3])
  add(paste0("negbin/", term, "/p"), cf[term, 4])
  add(paste0("negbin/", term, "/ciLow"), ci[term, 1])
  add(paste0("negbin/", term, "/ciHigh"), ci[term, 2])
}
add("negbin/theta", nb$theta)
add("negbin/thetaSe", nb$SE.theta)
add("negbin/logLik", as.numeric(logLik(nb)))
writeLines(lines, "mesems-crossover.ref")
print(summary(nb)$coefficients[c("treatmentMSC","period"),]); print(nb$theta)
# With the all-zero patients kept, glm.nb gives the same treatment effect (their effects run off to -30 or so).
print(coef(nb_all)[length(coef(nb_all))] - coef(nb)["treatmentMSC"])
