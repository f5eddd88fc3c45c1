# Reference values for the joint Newton fit of the negative binomial model (GlmFitter, NegBinAlgorithm.JOINT_NEWTON),
# produced with R 4.2.2 and MASS 7.3-58.2. Run from this directory: Rscript negbin-joint-reference.R
#
# Hard cases for the fit, each written as a CSV data set and as <name>.ref (the format of glm-reference.R), with
# glm.nb at its default control (what R users get) and, as <name>-tight.ref, glm.nb iterated to
# glm.control(epsilon = 1e-14, maxit = 200): the maximum itself, which the joint fit must reach to 1e-8.
suppressPackageStartupMessages(library(MASS))

source("reference-format.R")

both <- function(name, formula, data) {
  write_ref(name, glm.nb(formula, data))
  write_ref(paste0(name, "-tight"), glm.nb(formula, data, control = glm.control(epsilon = 1e-14, maxit = 200)))
}

# Small theta: strongly overdispersed counts (theta 0.15), most of them zero, a few very large.
set.seed(101)
n <- 80
arm <- rep(c("placebo", "MSC"), each = n / 2)
x <- round(rnorm(n), 4)
y <- rnbinom(n, size = 0.15, mu = exp(1 + 0.3 * x - 0.5 * (arm == "MSC")))
small <- data.frame(arm = arm, x = x, y = y)
write.csv(small, "nb-small-theta.csv", row.names = FALSE)
small$arm <- relevel(factor(small$arm), ref = "placebo")
both("nb-small-theta", y ~ arm + x, small)

# Offsets that vary: follow-up of 1 to 6 scans, rate 0.8 per scan, and a site factor.
set.seed(202)
n <- 120
scans <- sample(1:6, n, replace = TRUE)
site <- rep(c("s1", "s2", "s3", "s4"), length.out = n)
trt <- sample(0:1, n, replace = TRUE)
y <- rnbinom(n, size = 1.3, mu = scans * 0.8 * exp(-0.4 * trt + c(s1 = 0, s2 = 0.3, s3 = -0.2, s4 = 0.5)[site]))
off <- data.frame(site = site, trt = trt, scans = scans, y = y)
write.csv(off, "nb-offsets.csv", row.names = FALSE)
both("nb-offsets", y ~ trt + factor(site) + offset(log(scans)), off)

# Separation-like: every count in group "c" is zero, so its coefficient has no finite maximum (it runs towards
# minus infinity) and glm.nb stops where the deviance no longer changes; the other coefficients are finite.
set.seed(303)
n <- 60
g <- rep(c("a", "b", "c"), each = n / 3)
y <- rnbinom(n, size = 2, mu = ifelse(g == "a", 3, 5))
y[g == "c"] <- 0
sep <- data.frame(g = g, y = y)
write.csv(sep, "nb-separation.csv", row.names = FALSE)
write_ref("nb-separation", glm.nb(y ~ g, sep))

# The MESEMS-like trial of glm-reference.R's companion (mesems-like.csv), where glm.nb alternates slowly.
ml <- read.csv("mesems-like.csv")
ml$sequence <- relevel(factor(ml$sequence), ref = "PLACEBO-MSC")
both("nb-mesems-like", y ~ sequence + baseline + factor(subTrial) + offset(log(scans)), ml)

# Theta towards infinity: Poisson counts (equidispersed.csv of glm-reference.R) have no overdispersion; glm.nb
# warns (theta.ml "iteration limit reached", or the alternation limit) and returns a huge theta.
eq <- read.csv("equidispersed.csv")
w <- character()
f <- withCallingHandlers(glm.nb(count ~ z, eq), warning = function(e) { w <<- c(w, conditionMessage(e)); invokeRestart("muffleWarning") })
writeLines(c(paste0("fit/theta\t", fmt(f$theta)), paste0("fit/iterations\t", fmt(f$iter)),
             paste0("coef/z/estimate\t", fmt(coef(f)[["z"]])), paste0("warnings\t", length(w))),
           "nb-equidispersed.ref")
cat("equidispersed warnings:", w, sep = "\n")
