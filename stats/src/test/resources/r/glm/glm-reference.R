# Reference values for org.harmonia.stats.glm, produced with R 4.2.2 and MASS 7.3-58.2.
# Run from this directory: Rscript glm-reference.R
# Writes the data sets as CSV (what the Java tests read) and, per model, a file <name>.ref with one
# "key<TAB>value" line per number at full precision (17 significant digits).
suppressPackageStartupMessages(library(MASS))

source("reference-format.R")

# Likelihood-ratio test as anova() reports it: anova.negbin for negative binomial fits (each model with
# its own theta), the deviance difference for Poisson and binomial, and 2 * difference in log-likelihood
# for the gaussian linear model.
lrt_of <- function(full, reduced) {
  if (inherits(full, "negbin")) {
    a <- anova(reduced, full)
    list(chiSquare = a[2, "LR stat."], df = a[2, "   df"], p = a[2, "Pr(Chi)"],
         pUpper = pchisq(a[2, "LR stat."], a[2, "   df"], lower.tail = FALSE))
  } else if (inherits(full, "glm")) {
    a <- anova(reduced, full, test = "Chisq")
    list(chiSquare = a[2, "Deviance"], df = a[2, "Df"], p = a[2, "Pr(>Chi)"])
  } else {
    x2 <- 2 * (as.numeric(logLik(full)) - as.numeric(logLik(reduced)))
    df <- df.residual(reduced) - df.residual(full)
    list(chiSquare = x2, df = df, p = pchisq(x2, df, lower.tail = FALSE))
  }
}

# --- MASS::quine -------------------------------------------------------------------------------
write.csv(quine, "quine.csv", row.names = FALSE)
nb_main <- glm.nb(Days ~ Eth + Sex + Age + Lrn, quine)
nb_noLrn <- glm.nb(Days ~ Eth + Sex + Age, quine)
write_ref("quine-negbin", nb_main, lrt_of(nb_main, nb_noLrn))
nb_inter <- glm.nb(Days ~ Eth * Sex + Age + Lrn + Eth:Lrn, quine)
nb_inter0 <- glm.nb(Days ~ Eth + Sex + Age + Lrn + Eth:Lrn, quine)
write_ref("quine-negbin-interactions", nb_inter, lrt_of(nb_inter, nb_inter0))
pois_main <- glm(Days ~ Eth + Sex + Age + Lrn, poisson, quine)
pois_noAge <- glm(Days ~ Eth + Sex + Lrn, poisson, quine)
write_ref("quine-poisson", pois_main, lrt_of(pois_main, pois_noAge))
pois_inter <- glm(Days ~ Eth * Sex * Lrn, poisson, quine)
write_ref("quine-poisson-interactions", pois_inter)

# --- MASS::birthwt -----------------------------------------------------------------------------
write.csv(birthwt, "birthwt.csv", row.names = FALSE)
bin <- glm(low ~ age + lwt + factor(race) + smoke, binomial, birthwt)
bin0 <- glm(low ~ age + lwt + smoke, binomial, birthwt)
write_ref("birthwt-binomial", bin, lrt_of(bin, bin0))
ols <- lm(bwt ~ age + lwt + factor(race) + smoke, birthwt)
ols0 <- lm(bwt ~ age + lwt + smoke, birthwt)
write_ref("birthwt-gaussian", ols, lrt_of(ols, ols0))

# --- MASS::Insurance (Poisson and negative binomial with an offset) ------------------------------
ins <- data.frame(District = as.integer(Insurance$District), Group = as.integer(Insurance$Group),
                  Age = as.integer(Insurance$Age), Holders = Insurance$Holders, Claims = Insurance$Claims)
write.csv(ins, "insurance.csv", row.names = FALSE)
ins_pois <- glm(Claims ~ factor(District) + factor(Group) + Age + offset(log(Holders)), poisson, ins)
ins_pois0 <- glm(Claims ~ factor(District) + Age + offset(log(Holders)), poisson, ins)
write_ref("insurance-poisson", ins_pois, lrt_of(ins_pois, ins_pois0))

# --- Generated: a MESEMS-sized two-arm trial of new lesion counts over three scans ---------------
set.seed(20240611)
n <- 144
arm <- rep(c("placebo", "MSC"), each = n / 2)
scans <- rep(3, n)
mu <- ifelse(arm == "MSC", 1.0, 1.5) * scans
lesions <- rnbinom(n, size = 0.5, mu = mu)
trial <- data.frame(id = seq_len(n), arm = arm, scans = scans, lesions = lesions)
write.csv(trial, "lesions.csv", row.names = FALSE)
trial$arm <- relevel(factor(trial$arm), ref = "placebo")
les_nb <- glm.nb(lesions ~ arm + offset(log(scans)), trial)
les_nb0 <- glm.nb(lesions ~ 1 + offset(log(scans)), trial)
write_ref("lesions-negbin", les_nb, lrt_of(les_nb, les_nb0))
les_pois <- glm(lesions ~ arm + offset(log(scans)), poisson, trial)
write_ref("lesions-poisson", les_pois)

# --- Generated edge cases ------------------------------------------------------------------------
# Tiny n: six rows, one numeric covariate.
tiny <- data.frame(x = c(0.5, 1.2, 2.0, 2.9, 3.3, 4.1), y = c(1, 0, 3, 2, 6, 9))
write.csv(tiny, "tiny.csv", row.names = FALSE)
write_ref("tiny-poisson", glm(y ~ x, poisson, tiny))

# Missing values (NA in the response and in a covariate), a level of g seen only in a row that is
# dropped (R drops unused levels), a numeric-by-factor interaction, and a column not in the model
# whose NAs must not drop rows.
set.seed(7)
m <- 40
g <- rep(c("a", "b", "c"), length.out = m)
x <- round(runif(m, 0, 2), 3)
y <- rnbinom(m, size = 2, mu = exp(0.3 + 0.4 * x + ifelse(g == "b", 0.5, ifelse(g == "c", -0.2, 0))))
unused <- rep(0, m); unused[c(3, 9)] <- NA
g[17] <- "d"; y[17] <- NA
x[5] <- NA
y[22] <- NA
mixed <- data.frame(y = y, x = x, g = g, unused = unused)
write.csv(mixed, "missing.csv", row.names = FALSE, na = "NA")
mixed_fit <- glm(y ~ x * g, poisson, mixed)
write_ref("missing-poisson", mixed_fit)
# Separate slopes: x:g without x as a main effect codes g by indicators inside the interaction.
write_ref("missing-poisson-slopes", glm(y ~ g + x:g, poisson, mixed))
write_ref("missing-negbin", glm.nb(y ~ x + g, mixed))

# Large theta: counts that are not overdispersed drive theta up; the NB fit approaches the Poisson.
set.seed(11)
p <- 200
z <- runif(p)
cnt <- rpois(p, exp(1 + z))
write.csv(data.frame(z = z, count = cnt), "equidispersed.csv", row.names = FALSE)
write_ref("equidispersed-poisson", glm(count ~ z, poisson, data.frame(z = z, count = cnt)))
