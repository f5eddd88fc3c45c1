# An independent check of the simulator's type I error on the design of the issue's R simulation (docs/simulation.md,
# "Why the simulator's Wald test rejects more often than the R simulation"): trials generated in R, not by Harmonia,
# with the simulator's data-generating model (gamma frailty shared by a patient's baseline and follow-up scans,
# theta 0.5, 1.5 lesions per scan, three scans) on the R design: nine strata of exactly 16 patients, exactly 8:8
# per stratum, no drop-out; analysed as the MESEMS plan says,
# glm.nb(total ~ sequence + baseline + factor(subTrial) + offset(log(3))), Wald test at 5%.
# Rscript null-design-check.R [trials]   (R 4.2.2, MASS 7.3-58.2); writes null-design-check.out
suppressPackageStartupMessages(library(MASS))
args <- commandArgs(trailingOnly = TRUE)
trials <- if (length(args) > 0) as.integer(args[1]) else 2000
set.seed(20261203)
theta <- 0.5; mu <- 1.5; scans <- 3
strata <- 9; per <- 16
p <- numeric(trials); est <- numeric(trials); se <- numeric(trials)
for (k in seq_len(trials)) {
  sub <- rep(seq_len(strata), each = per)
  seq <- unlist(lapply(seq_len(strata), function(s) sample(rep(0:1, per / 2))))
  u <- rgamma(strata * per, shape = theta, rate = theta)
  base <- rpois(strata * per, mu * u)
  total <- rpois(strata * per, scans * mu * u)
  d <- data.frame(total, base, sub = factor(sub), seq)
  m <- suppressWarnings(glm.nb(total ~ seq + base + sub + offset(rep(log(scans), nrow(d))), data = d,
                               control = glm.control(maxit = 100)))
  s <- summary(m)$coefficients
  est[k] <- s["seq", 1]; se[k] <- s["seq", 2]; p[k] <- s["seq", 4]
}
rejected <- sum(p < 0.05)
ci <- binom.test(rejected, trials)$conf.int
out <- c(sprintf("trials\t%d", trials), sprintf("rejected\t%d", rejected), sprintf("typeIError\t%.4f", rejected / trials),
         sprintf("ciLow\t%.4f", ci[1]), sprintf("ciHigh\t%.4f", ci[2]),
         sprintf("empiricalSe\t%.4f", sd(est)), sprintf("meanModelSe\t%.4f", mean(se)))
writeLines(out, "null-design-check.out")
cat(out, sep = "\n")
