# Reference values for the simulator's other tests of the sequence effect (the plan's test: lrt, robust),
# R 4.2.2, MASS 7.3-58.2, sandwich 3.0-2. Run from this directory: Rscript simulation-inference.R
# Reads trials.csv (as simulation-reference.R) and writes analysis-inference.ref, per trial:
#   hc0/se, hc0/p, hc3/se, hc3/p  Wald z with sandwich::vcovHC(fit, type = "HC0" / "HC3")
#   lrt/p                         anova() of glm.nb with and without msc_first (each with its own theta)
suppressPackageStartupMessages({
  library(MASS)
  library(sandwich)
})

fmt <- function(x) formatC(x, digits = 17, format = "g")
lines <- character()
add <- function(key, value) lines <<- c(lines, paste0(key, "\t", fmt(value)))

d <- read.csv("trials.csv", colClasses = c(site = "character"))
d <- d[d$scans_done > 0, ]
d$msc_first <- as.integer(d$sequence == "MSC-PLACEBO")
for (k in setdiff(unique(d$trial), 357)) {
  x <- d[d$trial == k, ]
  control <- glm.control(maxit = 100)
  fit <- glm.nb(total_gel ~ msc_first + baseline_gel + factor(subTrial) + offset(log(scans_done)), data = x, control = control)
  fit0 <- glm.nb(total_gel ~ baseline_gel + factor(subTrial) + offset(log(scans_done)), data = x, control = control)
  b <- coef(fit)[["msc_first"]]
  for (type in c("HC0", "HC3")) {
    se <- sqrt(vcovHC(fit, type = type)["msc_first", "msc_first"])
    add(paste0("trial/", k, "/", tolower(type), "/se"), se)
    add(paste0("trial/", k, "/", tolower(type), "/p"), 2 * pnorm(-abs(b / se)))
  }
  add(paste0("trial/", k, "/lrt/p"), anova(fit0, fit)[2, "Pr(Chi)"])
}
writeLines(lines, "analysis-inference.ref")
