# Reference values for org.harmonia.trial.simulation, produced with R 4.2.2 and MASS 7.3-58.2.
# Run from this directory: Rscript simulation-reference.R
# Reads trials.csv (simulated MESEMS trials written by SimulationReferenceData) and writes:
#   analysis.ref  the pre-specified primary analysis of each trial, glm.nb on the full analysis set:
#                 total_gel ~ sequence + baseline_gel + factor(subTrial) + offset(log(scans_done)),
#                 sequence coded 1 for MSC first (reference: placebo first); Wald z test of the sequence
#   binom.ref     exact (Clopper-Pearson) 95% intervals of binom.test for a few success counts
# One "key<TAB>value" line per number at full precision (17 significant digits).
suppressPackageStartupMessages(library(MASS))

fmt <- function(x) formatC(x, digits = 17, format = "g")
lines <- character()
add <- function(key, value) lines <<- c(lines, paste0(key, "\t", fmt(value)))

d <- read.csv("trials.csv", colClasses = c(site = "character"))
d <- d[d$scans_done > 0, ]
d$msc_first <- as.integer(d$sequence == "MSC-PLACEBO")
for (k in unique(d$trial)) {
  x <- d[d$trial == k, ]
  # maxit = 100 as the simulator: with the raw baseline count as covariate the alternation of glm.nb
  # converges slowly; R's default of 25 stops some data sets early with "alternation limit reached".
  fit <- glm.nb(total_gel ~ msc_first + baseline_gel + factor(subTrial) + offset(log(scans_done)),
                data = x, control = glm.control(maxit = 100))
  cf <- coef(summary(fit))
  add(paste0("trial/", k, "/estimate"), cf["msc_first", 1])
  add(paste0("trial/", k, "/se"), cf["msc_first", 2])
  add(paste0("trial/", k, "/p"), cf["msc_first", 4])
  add(paste0("trial/", k, "/theta"), fit$theta)
  add(paste0("trial/", k, "/n"), nrow(x))
}
writeLines(lines, "analysis.ref")

lines <- character()
for (case in list(c(0, 100), c(5, 2000), c(128, 2000), c(1305, 2000), c(7458, 10000), c(10000, 10000))) {
  ci <- binom.test(case[1], case[2])$conf.int
  add(paste0("binom/", case[1], "/", case[2], "/low"), ci[1])
  add(paste0("binom/", case[1], "/", case[2], "/high"), ci[2])
}
writeLines(lines, "binom.ref")
