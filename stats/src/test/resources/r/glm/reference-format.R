# What the glm reference scripts share: numbers at full precision (17 significant digits) and a fit written as
# <name>.ref, one "key<TAB>value" line per number. Sourced by glm-reference.R and negbin-joint-reference.R.

fmt <- function(x) formatC(x, digits = 17, format = "g")

write_ref <- function(name, fit, lrt = NULL) {
  lines <- character()
  add <- function(key, value) lines <<- c(lines, paste0(key, "\t", fmt(value)))
  s <- summary(fit)
  cf <- coef(s)
  gaussian <- inherits(fit, "lm") && !inherits(fit, "glm")
  ci <- if (gaussian) confint(fit) else confint.default(fit)
  for (term in rownames(cf)) {
    add(paste0("coef/", term, "/estimate"), cf[term, 1])
    add(paste0("coef/", term, "/se"), cf[term, 2])
    add(paste0("coef/", term, "/statistic"), cf[term, 3])
    add(paste0("coef/", term, "/p"), cf[term, 4])
    add(paste0("coef/", term, "/ciLow"), ci[term, 1])
    add(paste0("coef/", term, "/ciHigh"), ci[term, 2])
  }
  add("fit/n", nobs(fit))
  add("fit/logLik", as.numeric(logLik(fit)))
  add("fit/aic", AIC(fit))
  add("fit/deviance", deviance(fit))
  add("fit/dfResidual", df.residual(fit))
  if (gaussian) {
    y <- model.response(model.frame(fit))
    add("fit/nullDeviance", sum((y - mean(y))^2))
  } else {
    add("fit/nullDeviance", fit$null.deviance)
    add("fit/iterations", fit$iter)
  }
  if (inherits(fit, "negbin")) {
    add("fit/theta", fit$theta)
    add("fit/thetaSe", fit$SE.theta)
  }
  if (!is.null(lrt)) {
    add("lrt/chiSquare", lrt$chiSquare)
    add("lrt/df", lrt$df)
    add("lrt/p", lrt$p)
  }
  writeLines(lines, paste0(name, ".ref"))
}
