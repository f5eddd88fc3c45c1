# What the MMRM reference scripts share: gls's control, and the Newton steps that finish a gls fit at the REML
# maximum. Sourced by mmrm-reference.R and kenward-roger-reference.R.
suppressPackageStartupMessages(library(nlme))

# natural = FALSE keeps apVar on the parameters emmeans differentiates, so its analytical Satterthwaite route applies
control <- glsControl(maxIter = 500, msMaxIter = 500, tolerance = 1e-10, msTol = 1e-12, natural = FALSE)

# gls's optimiser (nlminb) stops about 1e-10 short of the REML maximum, which leaves coefficients off by up to 1e-5
# relative, and its apVar comes from fdHess, whose finite differences move Satterthwaite df by up to 0.6% (a
# complete, balanced Orthodont gives 25.16 df where the exact answer is 25). Both are repaired with nlme's own
# REML log-likelihood (glsApVar.fullGlsLogLik, the function apVar differentiates): Newton steps with numDeriv's
# Richardson-extrapolated gradient and Hessian, then the estimates from glsEstimate and apVar from the same Hessian.
polish <- function(fit, formula, data) {
  st <- fit$modelStruct
  X <- model.matrix(formula, data)
  y <- data[[all.vars(formula)[1]]]
  N <- nrow(X)
  p <- ncol(X)
  conLin <- list(Xy = cbind(X, y), dims = list(N = N, p = p, REML = 1L), logLik = 0, sigma = 0, fixedSigma = FALSE)
  attr(st, "fixedSigma") <- FALSE
  f <- function(par) nlme:::glsApVar.fullGlsLogLik(par, st, conLin, conLin$dims, N - p)
  pars <- c(coef(st), lSigma = log(fit$sigma))
  for (i in 1:4) pars <- pars - solve(numDeriv::hessian(f, pars), numDeriv::grad(f, pars))
  coef(st) <- pars[-length(pars)]
  est <- glsEstimate(st, conLin)
  fit$modelStruct <- st
  fit$coefficients <- est$beta
  fit$sigma <- est$sigma
  varBeta <- crossprod(est$sigma * est$varBeta)
  dimnames(varBeta) <- list(names(est$beta), names(est$beta))
  fit$varBeta <- varBeta
  fit$logLik <- est$logLik
  apVar <- solve(-numDeriv::hessian(f, pars))
  dimnames(apVar) <- list(names(pars), names(pars))
  attr(apVar, "Pars") <- pars
  attr(apVar, "natural") <- FALSE
  fit$apVar <- apVar
  fit
}
