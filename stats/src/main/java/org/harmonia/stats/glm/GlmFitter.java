package org.harmonia.stats.glm;

import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.NoConvergenceException;
import org.harmonia.stats.StatsException;
import org.hipparchus.special.Gamma;

/**
 * Fits a generalised linear model from a prepared design matrix, without formulas or tables: the entry point
 * for simulators that fit the same model shape many thousands of times.
 *
 * <p>The algorithm is R's {@code glm.fit} (IRLS with R's starting values, convergence rule and step halving)
 * and, for the negative binomial, {@code MASS::glm.nb}: a Poisson fit, {@code theta.ml}, then IRLS for the
 * coefficients alternating with Newton steps for theta until both settle. Work arrays are kept between calls,
 * so an instance is cheap to reuse and must not be shared between threads.
 */
public final class GlmFitter {
    private static final double DBL_EPSILON = Math.ulp(1.0);
    private static final double THETA_EPSILON = Math.pow(DBL_EPSILON, 0.25);
    private static final double LOGIT_THRESHOLD = 30;
    /** |eta| beyond this means a fitted probability within 1e-8 of 0 or 1: the signature of separation. */
    private static final double SEPARATION_ETA = 18.42;
    private static final int COUNT_TABLE_LIMIT = 100_000;
    /** Theta beyond which the joint fit stops: the counts carry no overdispersion, the maximum is the Poisson limit. */
    private static final double THETA_DIVERGED = 1e8;
    /** A Newton decrement below this is taken as a full step without line search. */
    private static final double QUADRATIC_REGION = 1e-6;
    /** A step of log theta beyond this while the decrement falls only linearly: theta runs to infinity. */
    private static final double THETA_RUNNING = 0.1;
    /** Information for log theta (given the coefficients' adjustment) below which theta counts as unidentified. */
    private static final double TAU_INFORMATION_LIMIT = 0.01;
    /** Poisson IRLS steps that start the joint fit. */
    private static final int START_ITERATIONS = 3;

    private final GlmControl control;

    private int capacityN = -1;
    private int capacityP = -1;
    private double[] eta;
    private double[] mu;
    private double[] muPrevious;
    private double[] z;
    private double[] w;
    private double[] beta;
    private double[] betaOld;
    private double[] xtwz;
    private double[] chol;
    private double[] deltaBeta;
    private double[] solved;
    private double[] crossTau;
    /** The columns row j of X'WX and X'Wz is summed against: x[0..j], then z. */
    private double[][] partners = new double[0][];
    private int[] countsAbove = new int[0];
    private int maxCount;
    private double sumLogFactorialY;
    private boolean converged;
    private double deviance;
    private double thetaInformation;

    public GlmFitter() {
        this(GlmControl.DEFAULT);
    }

    public GlmFitter(GlmControl control) {
        this.control = control;
    }

    public GlmControl control() {
        return control;
    }

    /**
     * Fits the model. {@code x[j]} is design column j (n values); {@code offset} may be null; {@code intercept}
     * says that column 0 is the intercept (it matters for the null deviance only).
     */
    public GlmFit fit(Family family, double[][] x, double[] y, double[] offset, boolean intercept) {
        check(family, x, y, offset);
        return switch (family) {
            case GAUSSIAN -> leastSquares(x, y, offset, intercept);
            case BINOMIAL, POISSON -> glm(family, x, y, offset, intercept);
            case NEGBIN -> negativeBinomial(x, y, offset, intercept);
        };
    }

    /** Fits a negative binomial model with theta held fixed, as R's {@code glm(family = negative.binomial(theta))}. */
    public GlmFit fitWithTheta(double theta, double[][] x, double[] y, double[] offset, boolean intercept) {
        if (!(theta > 0) || Double.isInfinite(theta)) {
            throw new InvalidDataException("theta must be a positive finite number, not " + theta);
        }
        check(Family.NEGBIN, x, y, offset);
        int n = y.length;
        int p = x.length;
        prepareCounts(y);
        int iterations = irls(Family.NEGBIN, theta, x, y, offset, false);
        requireConverged("negative binomial IRLS", iterations);
        double[] covariance = covariance(p, 1.0);
        double[] coefficients = java.util.Arrays.copyOf(beta, p);
        double dev = deviance;
        double logLik = negbinLogLik(theta, y, mu);
        double[] weights = java.util.Arrays.copyOf(w, n);
        double[] residuals = workingResiduals(Family.NEGBIN, y, n);
        double nullDev = control.nullDeviance() ? nullDeviance(Family.NEGBIN, theta, x, y, offset, intercept) : Double.NaN;
        return new GlmFit(Family.NEGBIN, coefficients, covariance, n, logLik, -2 * logLik + 2 * p, dev, nullDev,
                n - p, 1.0, theta, Double.NaN, iterations, theta, weights, residuals);
    }

    private void check(Family family, double[][] x, double[] y, double[] offset) {
        int n = y.length;
        if (n == 0) {
            throw new InvalidDataException("no observations to fit");
        }
        if (x.length == 0) {
            throw new InvalidDataException("the design matrix has no columns");
        }
        for (double[] column : x) {
            if (column.length != n) {
                throw new InvalidDataException("a design column has " + column.length + " values but the response " + n);
            }
        }
        if (offset != null && offset.length != n) {
            throw new InvalidDataException("the offset has " + offset.length + " values but the response " + n);
        }
        if (x.length > n) {
            throw new InvalidDataException(x.length + " coefficients cannot be estimated from " + n + " observations");
        }
        for (int i = 0; i < n; i++) {
            double v = y[i];
            if (!Double.isFinite(v)) {
                throw new InvalidDataException("response value " + (i + 1) + " is not a finite number: " + v);
            }
            if (family.countResponse() && (v < 0 || v != Math.rint(v))) {
                throw new InvalidDataException("response value " + (i + 1) + " is " + v + "; " + family.label()
                        + " needs counts 0, 1, 2, ...");
            }
            if (family == Family.BINOMIAL && v != 0 && v != 1) {
                throw new InvalidDataException("response value " + (i + 1) + " is " + v + "; binomial needs 0 or 1");
            }
        }
        ensureCapacity(n, x.length);
    }

    private void ensureCapacity(int n, int p) {
        if (n > capacityN) {
            eta = new double[n];
            mu = new double[n];
            muPrevious = new double[n];
            z = new double[n];
            w = new double[n];
            crossTau = new double[n];
            capacityN = n;
        }
        if (p > capacityP) {
            beta = new double[p];
            betaOld = new double[p];
            xtwz = new double[p];
            chol = new double[p * p];
            deltaBeta = new double[p];
            solved = new double[p];
            capacityP = p;
        }
    }

    // ---------------------------------------------------------------------------------------------- gaussian

    private GlmFit leastSquares(double[][] x, double[] y, double[] offset, boolean intercept) {
        int n = y.length;
        int p = x.length;
        int df = n - p;
        if (df < 1) {
            throw new InvalidDataException("a linear model with " + p + " coefficients needs more than " + p
                    + " observations to estimate the residual variance; there are " + n);
        }
        for (int i = 0; i < n; i++) {
            z[i] = offset == null ? y[i] : y[i] - offset[i];
            w[i] = 1.0;
        }
        solveWeighted(x, p, n);
        double rss = 0;
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            double fitted = 0;
            for (int j = 0; j < p; j++) {
                fitted += x[j][i] * beta[j];
            }
            double r = z[i] - fitted;
            residuals[i] = r;
            rss += r * r;
        }
        double sigma2 = rss / df;
        double logLik = 0.5 * (-n * (Math.log(2 * Math.PI) + 1 - Math.log(n) + Math.log(rss)));
        double nullDev = 0;
        if (intercept) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += z[i];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                nullDev += (z[i] - mean) * (z[i] - mean);
            }
        } else {
            for (int i = 0; i < n; i++) {
                nullDev += z[i] * z[i];
            }
        }
        return new GlmFit(Family.GAUSSIAN, java.util.Arrays.copyOf(beta, p), covariance(p, sigma2), n, logLik,
                -2 * logLik + 2 * (p + 1), rss, nullDev, df, sigma2, Double.NaN, Double.NaN, 1, Double.NaN,
                java.util.Arrays.copyOf(w, n), residuals);
    }

    // ------------------------------------------------------------------------------------ poisson, binomial

    private GlmFit glm(Family family, double[][] x, double[] y, double[] offset, boolean intercept) {
        int n = y.length;
        int p = x.length;
        int iterations = irls(family, Double.NaN, x, y, offset, false);
        if (family == Family.BINOMIAL) {
            requireNoSeparation(n);
        }
        requireConverged(family.label() + " IRLS", iterations);
        double[] covariance = covariance(p, 1.0);
        double[] coefficients = java.util.Arrays.copyOf(beta, p);
        double dev = deviance;
        double logLik = family == Family.POISSON ? poissonLogLik(y, mu) : binomialLogLik(y, mu);
        double[] weights = java.util.Arrays.copyOf(w, n);
        double[] residuals = workingResiduals(family, y, n);
        double nullDev = Double.NaN;
        if (control.nullDeviance()) {
            if (offset != null && intercept) {
                // As glm(): refit the intercept alone with the offset, starting from the full model's fitted values.
                for (int i = 0; i < n; i++) {
                    eta[i] = link(family, mu[i]);
                }
                int it = irls(family, Double.NaN, new double[][] {x[0]}, y, offset, true);
                requireConverged(family.label() + " IRLS for the null deviance", it);
                nullDev = deviance;
            } else {
                nullDev = nullDeviance(family, Double.NaN, x, y, offset, intercept);
            }
        }
        return new GlmFit(family, coefficients, covariance, n, logLik, -2 * logLik + 2 * p, dev, nullDev, n - p,
                1.0, Double.NaN, Double.NaN, iterations, Double.NaN, weights, residuals);
    }

    private void requireNoSeparation(int n) {
        int count = 0;
        int first = -1;
        for (int i = 0; i < n; i++) {
            if (Math.abs(eta[i]) > SEPARATION_ETA) {
                count++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (count > 0) {
            throw new InvalidDataException("perfect separation: fitted probabilities are numerically 0 or 1 in " + count
                    + " observation(s) (the first is observation " + (first + 1) + "), so some coefficients diverge to "
                    + "infinity and have no finite maximum-likelihood estimate; a covariate or combination of covariates "
                    + "predicts the outcome exactly");
        }
    }

    private void requireConverged(String what, int iterations) {
        if (!converged) {
            throw new NoConvergenceException(what, iterations);
        }
    }

    // ------------------------------------------------------------------------------------ negative binomial

    private GlmFit negativeBinomial(double[][] x, double[] y, double[] offset, boolean intercept) {
        if (control.negBin() == NegBinAlgorithm.JOINT_NEWTON) {
            GlmFit joint = jointNewton(x, y, offset, intercept);
            if (joint != null) {
                return joint;
            }
        }
        return alternating(x, y, offset, intercept);
    }

    /** MASS::glm.nb's alternation, iterate for iterate. */
    private GlmFit alternating(double[][] x, double[] y, double[] offset, boolean intercept) {
        int n = y.length;
        int p = x.length;
        int maxit = control.maxIterations();
        double epsilon = control.epsilon();
        prepareCounts(y);
        int it = irls(Family.POISSON, Double.NaN, x, y, offset, false);
        requireConverged("initial Poisson IRLS of the negative binomial fit", it);
        double theta = thetaMl(y, mu, n);
        double d1 = Math.sqrt(2 * Math.max(1, n - p));
        double del = 1;
        double lm = negbinLogLik(theta, y, mu);
        double lm0 = lm + 2 * d1;
        double thetaOfFit = theta;
        int iter = 0;
        while (++iter <= maxit && Math.abs(lm0 - lm) / d1 + Math.abs(del) > epsilon) {
            for (int i = 0; i < n; i++) {
                eta[i] = Math.log(mu[i]);
                muPrevious[i] = mu[i];
            }
            int inner = irls(Family.NEGBIN, theta, x, y, offset, true);
            requireConverged("negative binomial IRLS (theta " + theta + ")", inner);
            thetaOfFit = theta;
            // MASS::glm.nb updates theta from the fitted values before this refit; kept for identical results.
            theta = thetaMl(y, muPrevious, n);
            del = thetaOfFit - theta;
            lm0 = lm;
            lm = negbinLogLik(theta, y, mu);
        }
        if (iter > maxit) {
            throw new NoConvergenceException("negative binomial fit (alternating IRLS for beta and Newton for theta)", maxit);
        }
        double thetaSe = Math.sqrt(1 / thetaInformation);
        double[] covariance = covariance(p, 1.0);
        double[] coefficients = java.util.Arrays.copyOf(beta, p);
        double dev = deviance;
        double[] weights = java.util.Arrays.copyOf(w, n);
        double[] residuals = workingResiduals(Family.NEGBIN, y, n);
        double nullDev = Double.NaN;
        if (control.nullDeviance()) {
            if (offset != null && intercept) {
                int itNull = irls(Family.NEGBIN, theta, new double[][] {x[0]}, y, offset, false);
                requireConverged("negative binomial IRLS for the null deviance", itNull);
                nullDev = deviance;
            } else {
                nullDev = nullDeviance(Family.NEGBIN, thetaOfFit, x, y, offset, intercept);
            }
        }
        return new GlmFit(Family.NEGBIN, coefficients, covariance, n, lm, -2 * lm + 2 * p + 2, dev, nullDev, n - p,
                1.0, theta, thetaSe, iter - 1, thetaOfFit, weights, residuals);
    }

    /**
     * Newton-Raphson on the full log-likelihood in (beta, tau = log theta), started from three Poisson IRLS steps and
     * theta.ml on their fitted values (glm.nb's start, not taken to convergence). Each step solves the exact Hessian
     * through the coefficients' block, X'DX with D = (theta + y) mu theta / (theta + mu)^2 (positive definite
     * whatever the data), and the Schur complement for tau; where that complement is not positive (far from the
     * maximum in tau) it is replaced by a positive one, which keeps the step an ascent direction. A backtracking
     * line search on the log-likelihood takes each step, tau moving at most by 1 (theta by a factor e); once the
     * Newton decrement g'(-H)^-1 g (twice the increase the step promises) is under 1e-6, steps are taken in full.
     *
     * <p>Converged when the decrement falls below epsilon^2 (the estimates are then within rounding of the
     * maximum), or below epsilon while it falls only linearly: a coefficient running to infinity, as where every
     * count it covers is zero (glm.nb stops such a coefficient where its deviance stops changing, Newton a few steps
     * further; both values are arbitrary, the other estimates are the same limit). Returns {@code null}, for glm.nb's
     * alternation to decide, when the iteration limit is reached, no step increases the likelihood, the design is
     * singular, or theta is not determined: it passes {@value #THETA_DIVERGED}, keeps growing while the decrement
     * falls linearly, or ends with an information for log theta under {@value #TAU_INFORMATION_LIMIT} (no
     * overdispersion: the likelihood rises towards the Poisson limit, theta infinite, and glm.nb returns the large
     * theta where theta.ml's iteration limit stops it).
     */
    private GlmFit jointNewton(double[][] x, double[] y, double[] offset, boolean intercept) {
        int n = y.length;
        int p = x.length;
        prepareCounts(y);
        double theta;
        try {
            // A start, not an answer: three Poisson IRLS steps put the coefficients close enough for Newton.
            irls(Family.POISSON, Double.NaN, x, y, offset, false, START_ITERATIONS);
            theta = thetaMl(y, mu, n);
        } catch (StatsException e) {
            return null;
        }
        double tau = Math.log(theta);
        double ll = negbinLogLik(theta, y, mu);
        double tolerance = control.epsilon() * control.epsilon();
        int iteration = 0;
        boolean done = false;
        double previousDecrement = Double.POSITIVE_INFINITY;
        double tauInformation = Double.NaN;
        while (!done) {
            if (++iteration > control.maxIterations() || !(theta < THETA_DIVERGED)) {
                return null;
            }
            // Pieces of the gradient and Hessian, observation by observation.
            double thetaScore = 0;
            double thetaCurvature = 0;
            for (int i = 0; i < n; i++) {
                double m = mu[i];
                double yi = y[i];
                double tm = theta + m;
                double r = (theta + yi) / tm;
                w[i] = r * m * theta / tm;
                // z = (dl/deta) / w, so that the cross products give X' dl/deta
                z[i] = (yi - m) / (r * m);
                crossTau[i] = theta * m * (yi - m) / (tm * tm);
                thetaScore -= Math.log(tm) + r;
                thetaCurvature += (r - 2) / tm;
            }
            double[] gamma = gammaSums(theta, y, n);
            double dTheta = gamma[0] + n * (Math.log(theta) + 1) + thetaScore;
            double d2Theta = -gamma[1] + n / theta + thetaCurvature;
            double gTau = theta * dTheta;
            double hTau = theta * theta * d2Theta + gTau;
            try {
                crossProducts(x, p, n);
                factorCrossProducts(p);
            } catch (InvalidDataException e) {
                return null;
            }
            double[] gBeta = java.util.Arrays.copyOf(xtwz, p);
            double[] e = new double[p];
            for (int j = 0; j < p; j++) {
                double[] column = x[j];
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += column[i] * crossTau[i];
                }
                e[j] = sum;
            }
            cholSolve(gBeta, solved, p);
            double[] v = new double[p];
            cholSolve(e, v, p);
            double eu = 0;
            double ev = 0;
            for (int j = 0; j < p; j++) {
                eu += e[j] * solved[j];
                ev += e[j] * v[j];
            }
            double schur = -hTau - ev;
            tauInformation = schur;
            if (!(schur > 1e-10 * (Math.abs(hTau) + ev))) {
                schur = Math.abs(hTau) + ev > 0 ? Math.abs(hTau) + ev : 1;
            }
            double deltaTau = (gTau + eu) / schur;
            double decrement = gTau * deltaTau;
            for (int j = 0; j < p; j++) {
                deltaBeta[j] = solved[j] + v[j] * deltaTau;
                decrement += gBeta[j] * deltaBeta[j];
            }
            if (!Double.isFinite(decrement)) {
                return null;
            }
            System.arraycopy(beta, 0, betaOld, 0, p);
            double tauOld = tau;
            if (decrement < QUADRATIC_REGION) {
                // Close enough for Newton's quadratic convergence: the full step needs no line search, whose
                // comparison of log-likelihoods would be lost in their rounding by now.
                for (int j = 0; j < p; j++) {
                    beta[j] = betaOld[j] + deltaBeta[j];
                }
                tau = tauOld + deltaTau;
                theta = Math.exp(tau);
                updateFit(Family.NEGBIN, x, offset, n, p);
                ll = negbinLogLik(theta, y, mu);
                // Done at epsilon^2; or below epsilon once the decrement stops falling quadratically, which means a
                // coefficient drifting to infinity (all counts zero where it applies: the fitted values there shrink
                // by a factor e per step, down to the floor of DBL_EPSILON) or the rounding floor of the sums.
                boolean linear = decrement >= tolerance && decrement < control.epsilon() && decrement > previousDecrement / 4;
                if (linear && deltaTau > THETA_RUNNING) {
                    // theta itself is running to infinity: no overdispersion; glm.nb's alternation has R's answer
                    return null;
                }
                done = decrement < tolerance || linear;
                previousDecrement = decrement;
                continue;
            }
            double t = Math.abs(deltaTau) > 1 ? 1 / Math.abs(deltaTau) : 1;
            boolean accepted = false;
            for (int halving = 0; halving < 40 && !accepted; halving++, t /= 2) {
                for (int j = 0; j < p; j++) {
                    beta[j] = betaOld[j] + t * deltaBeta[j];
                }
                tau = tauOld + t * deltaTau;
                double thetaTrial = Math.exp(tau);
                updateFit(Family.NEGBIN, x, offset, n, p);
                double llTrial = negbinLogLik(thetaTrial, y, mu);
                if (llTrial >= ll + 1e-4 * t * decrement) {
                    accepted = true;
                    theta = thetaTrial;
                    ll = llTrial;
                }
            }
            previousDecrement = decrement;
            if (!accepted) {
                return null;
            }
        }
        if (!(tauInformation > TAU_INFORMATION_LIMIT)) {
            // log theta is barely determined (SE above 10, theta uncertain by a factor beyond e^10): the likelihood
            // is flat towards theta = infinity, the Poisson limit; glm.nb's alternation gives R's answer
            return null;
        }
        // Reported as glm.nb reports them: the coefficients' covariance from the IRLS weights mu theta / (theta + mu)
        // (theta held fixed, the expected information), the deviance and weights at theta.
        for (int i = 0; i < n; i++) {
            double m = mu[i];
            w[i] = m * theta / (theta + m);
            z[i] = 0;
        }
        try {
            crossProducts(x, p, n);
            factorCrossProducts(p);
        } catch (InvalidDataException e) {
            return null;
        }
        double[] covariance = covariance(p, 1.0);
        double[] coefficients = java.util.Arrays.copyOf(beta, p);
        double dev = devianceOf(Family.NEGBIN, theta, y, n);
        double[] weights = java.util.Arrays.copyOf(w, n);
        double[] residuals = workingResiduals(Family.NEGBIN, y, n);
        // glm.nb's SE of theta is theta.ml's information at its last-but-one Newton iterate on the final fitted
        // values; computed the same way so the reported SE is R's.
        double thetaSe;
        try {
            thetaMl(y, mu, n);
            thetaSe = Math.sqrt(1 / thetaInformation);
        } catch (StatsException e) {
            thetaSe = Double.NaN;
        }
        deviance = dev;
        double nullDev = Double.NaN;
        if (control.nullDeviance()) {
            if (offset != null && intercept) {
                for (int i = 0; i < n; i++) {
                    eta[i] = link(Family.NEGBIN, mu[i]);
                }
                int itNull = irls(Family.NEGBIN, theta, new double[][] {x[0]}, y, offset, false);
                requireConverged("negative binomial IRLS for the null deviance", itNull);
                nullDev = deviance;
            } else {
                nullDev = nullDeviance(Family.NEGBIN, theta, x, y, offset, intercept);
            }
        }
        return new GlmFit(Family.NEGBIN, coefficients, covariance, n, ll, -2 * ll + 2 * p + 2, dev, nullDev, n - p,
                1.0, theta, thetaSe, iteration, theta, weights, residuals);
    }

    /**
     * sum_i [digamma(theta + y_i) - digamma(theta)] and sum_i [trigamma(theta) - trigamma(theta + y_i)], from the
     * table of counts when it exists.
     */
    private double[] gammaSums(double theta, double[] y, int n) {
        double digammaSum = 0;
        double trigammaSum = 0;
        if (largeCounts()) {
            double dt = Gamma.digamma(theta);
            double tt = Gamma.trigamma(theta);
            for (int i = 0; i < n; i++) {
                digammaSum += Gamma.digamma(theta + y[i]) - dt;
                trigammaSum += tt - Gamma.trigamma(theta + y[i]);
            }
        } else {
            for (int k = 0; k < maxCount; k++) {
                double inv = 1 / (theta + k);
                double c = countsAbove[k] * inv;
                digammaSum += c;
                trigammaSum += c * inv;
            }
        }
        return new double[] {digammaSum, trigammaSum};
    }

    private void prepareCounts(double[] y) {
        int max = 0;
        for (double v : y) {
            max = Math.max(max, (int) Math.min(v, Integer.MAX_VALUE));
        }
        maxCount = max;
        if (max > COUNT_TABLE_LIMIT) {
            sumLogFactorialY = 0;
            for (double v : y) {
                sumLogFactorialY += Gamma.logGamma(v + 1);
            }
            return;
        }
        if (countsAbove.length < max) {
            countsAbove = new int[max];
        }
        java.util.Arrays.fill(countsAbove, 0, max, 0);
        // countsAbove[k] = #{i : y_i > k}; turns sums of digamma/trigamma/lgamma differences into one short loop.
        for (double v : y) {
            int c = (int) v;
            if (c > 0) {
                countsAbove[c - 1]++;
            }
        }
        for (int k = max - 2; k >= 0; k--) {
            countsAbove[k] += countsAbove[k + 1];
        }
        double s = 0;
        for (int k = 0; k < max; k++) {
            s += countsAbove[k] * Math.log(k + 1.0);
        }
        sumLogFactorialY = s;
    }

    private boolean largeCounts() {
        return maxCount > COUNT_TABLE_LIMIT;
    }

    /** MASS::theta.ml: Newton-Raphson on the profile score for theta, from the moment estimate. */
    private double thetaMl(double[] y, double[] m, int n) {
        int limit = control.maxIterations();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = y[i] / m[i] - 1;
            s += d * d;
        }
        double t0 = n / s;
        int it = 0;
        double del = 1;
        double info = Double.NaN;
        while (++it < limit && Math.abs(del) > THETA_EPSILON) {
            t0 = Math.abs(t0);
            double digammaSum = 0;
            double trigammaSum = 0;
            if (largeCounts()) {
                double dt = Gamma.digamma(t0);
                double tt = Gamma.trigamma(t0);
                for (int i = 0; i < n; i++) {
                    digammaSum += Gamma.digamma(t0 + y[i]) - dt;
                    trigammaSum += tt - Gamma.trigamma(t0 + y[i]);
                }
            } else {
                for (int k = 0; k < maxCount; k++) {
                    double inv = 1 / (t0 + k);
                    double c = countsAbove[k] * inv;
                    digammaSum += c;
                    trigammaSum += c * inv;
                }
            }
            double score = digammaSum + n * (Math.log(t0) + 1);
            info = trigammaSum - n / t0;
            for (int i = 0; i < n; i++) {
                double mt = m[i] + t0;
                double r = (y[i] + t0) / mt;
                score -= Math.log(mt) + r;
                info += (2 - r) / mt;
            }
            del = score / info;
            t0 += del;
        }
        if (!Double.isFinite(t0)) {
            throw new NoConvergenceException("maximum-likelihood estimation of theta", it);
        }
        if (t0 < 0) {
            throw new InvalidDataException("the negative binomial theta is estimated below zero; the counts show no "
                    + "usable overdispersion information for this model");
        }
        thetaInformation = info;
        return t0;
    }

    private double negbinLogLik(double theta, double[] y, double[] m) {
        int n = y.length;
        double s = 0;
        if (largeCounts()) {
            double lt = Gamma.logGamma(theta);
            for (int i = 0; i < n; i++) {
                s += Gamma.logGamma(theta + y[i]) - lt;
            }
        } else {
            for (int k = 0; k < maxCount; k++) {
                s += countsAbove[k] * Math.log(theta + k);
            }
        }
        s += n * theta * Math.log(theta) - sumLogFactorialY;
        for (int i = 0; i < n; i++) {
            double yi = y[i];
            s += (yi == 0 ? 0 : yi * Math.log(m[i])) - (theta + yi) * Math.log(theta + m[i]);
        }
        return s;
    }

    private static double poissonLogLik(double[] y, double[] m) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (y[i] == 0 ? 0 : y[i] * Math.log(m[i])) - m[i] - Gamma.logGamma(y[i] + 1);
        }
        return s;
    }

    private static double binomialLogLik(double[] y, double[] m) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += y[i] == 1 ? Math.log(m[i]) : Math.log1p(-m[i]);
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------------ IRLS

    private static double link(Family family, double m) {
        return switch (family) {
            case GAUSSIAN -> m;
            case BINOMIAL -> Math.log(m / (1 - m));
            case POISSON, NEGBIN -> Math.log(m);
        };
    }

    private static double startingMean(Family family, double y) {
        return switch (family) {
            case GAUSSIAN -> y;
            case BINOMIAL -> (y + 0.5) / 2;
            case POISSON -> y + 0.1;
            case NEGBIN -> y == 0 ? 1.0 / 6 : y;
        };
    }

    private double nullDeviance(Family family, double theta, double[][] x, double[] y, double[] offset, boolean intercept) {
        int n = y.length;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += y[i];
        }
        mean /= n;
        for (int i = 0; i < n; i++) {
            mu[i] = intercept ? mean : inverseLink(family, offset == null ? 0 : offset[i]);
        }
        return devianceOf(family, theta, y, n);
    }

    private static double inverseLink(Family family, double e) {
        return switch (family) {
            case GAUSSIAN -> e;
            case BINOMIAL -> {
                // R's C_logit_linkinv: keeps fitted probabilities off 0 and 1.
                double t = e < -LOGIT_THRESHOLD ? DBL_EPSILON : e > LOGIT_THRESHOLD ? 1 / DBL_EPSILON : Math.exp(e);
                yield t / (1 + t);
            }
            case POISSON, NEGBIN -> Math.max(Math.exp(e), DBL_EPSILON);
        };
    }

    /**
     * Iteratively reweighted least squares as R's glm.fit; returns the iterations used and leaves the estimates in
     * {@code beta}, the fitted values in {@code eta}/{@code mu}, the final deviance in {@code deviance} and the
     * Cholesky factor of the last X'WX in {@code chol}.
     */
    private int irls(Family family, double theta, double[][] x, double[] y, double[] offset, boolean etaGiven) {
        return irls(family, theta, x, y, offset, etaGiven, control.maxIterations());
    }

    private int irls(Family family, double theta, double[][] x, double[] y, double[] offset, boolean etaGiven, int maxit) {
        int n = y.length;
        int p = x.length;
        if (etaGiven) {
            for (int i = 0; i < n; i++) {
                mu[i] = inverseLink(family, eta[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                mu[i] = startingMean(family, y[i]);
                eta[i] = link(family, mu[i]);
            }
        }
        double devOld = devianceOf(family, theta, y, n);
        boolean haveOld = false;
        converged = false;
        for (int iter = 1; iter <= maxit; iter++) {
            workingResponse(family, theta, y, offset, n);
            solveWeighted(x, p, n);
            updateFit(family, x, offset, n, p);
            double dev = devianceOf(family, theta, y, n);
            if (!Double.isFinite(dev)) {
                if (!haveOld) {
                    throw new InvalidDataException("no valid set of coefficients was found for the " + family.label()
                            + " model: the first step gave an infinite deviance");
                }
                int halvings = 0;
                while (!Double.isFinite(dev)) {
                    if (++halvings > maxit) {
                        throw new NoConvergenceException(family.label() + " IRLS step halving", maxit);
                    }
                    for (int j = 0; j < p; j++) {
                        beta[j] = (beta[j] + betaOld[j]) / 2;
                    }
                    updateFit(family, x, offset, n, p);
                    dev = devianceOf(family, theta, y, n);
                }
            }
            deviance = dev;
            if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < control.epsilon()) {
                converged = true;
                return iter;
            }
            devOld = dev;
            System.arraycopy(beta, 0, betaOld, 0, p);
            haveOld = true;
        }
        return maxit;
    }

    /** (y - mu) / (d mu / d eta) at the current fit, as R's {@code residuals(fit, "working")}. */
    private double[] workingResiduals(Family family, double[] y, int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double e = eta[i];
            double me = switch (family) {
                case POISSON, NEGBIN -> Math.max(Math.exp(e), DBL_EPSILON);
                case BINOMIAL -> {
                    if (e > LOGIT_THRESHOLD || e < -LOGIT_THRESHOLD) {
                        yield DBL_EPSILON;
                    }
                    double opexp = 1 + Math.exp(e);
                    yield Math.exp(e) / (opexp * opexp);
                }
                case GAUSSIAN -> 1.0;
            };
            r[i] = (y[i] - mu[i]) / me;
        }
        return r;
    }

    /**
     * The deviance of a model with no coefficients left to estimate: the linear predictor is the offset alone.
     * The profile likelihood of a one-coefficient model needs it.
     */
    double devianceAtOffset(Family family, double theta, double[] y, double[] offset) {
        int n = y.length;
        ensureCapacity(n, 1);
        for (int i = 0; i < n; i++) {
            eta[i] = offset[i];
            mu[i] = inverseLink(family, offset[i]);
        }
        return devianceOf(family, theta, y, n);
    }

    private void workingResponse(Family family, double theta, double[] y, double[] offset, int n) {
        switch (family) {
            case POISSON, NEGBIN -> {
                boolean nb = family == Family.NEGBIN;
                for (int i = 0; i < n; i++) {
                    double m = mu[i];
                    double me = Math.max(Math.exp(eta[i]), DBL_EPSILON);
                    double variance = nb ? m + m * m / theta : m;
                    z[i] = eta[i] - (offset == null ? 0 : offset[i]) + (y[i] - m) / me;
                    w[i] = me * me / variance;
                }
            }
            case BINOMIAL -> {
                for (int i = 0; i < n; i++) {
                    double e = eta[i];
                    double m = mu[i];
                    double me;
                    if (e > LOGIT_THRESHOLD || e < -LOGIT_THRESHOLD) {
                        me = DBL_EPSILON;
                    } else {
                        double opexp = 1 + Math.exp(e);
                        me = Math.exp(e) / (opexp * opexp);
                    }
                    z[i] = e - (offset == null ? 0 : offset[i]) + (y[i] - m) / me;
                    w[i] = me * me / (m * (1 - m));
                }
            }
            case GAUSSIAN -> {
                for (int i = 0; i < n; i++) {
                    z[i] = y[i] - (offset == null ? 0 : offset[i]);
                    w[i] = 1;
                }
            }
        }
    }

    private void updateFit(Family family, double[][] x, double[] offset, int n, int p) {
        for (int i = 0; i < n; i++) {
            eta[i] = offset == null ? 0 : offset[i];
        }
        for (int j = 0; j < p; j++) {
            double b = beta[j];
            double[] column = x[j];
            for (int i = 0; i < n; i++) {
                eta[i] += column[i] * b;
            }
        }
        for (int i = 0; i < n; i++) {
            mu[i] = inverseLink(family, eta[i]);
        }
    }

    private double devianceOf(Family family, double theta, double[] y, int n) {
        double s = 0;
        switch (family) {
            case POISSON -> {
                for (int i = 0; i < n; i++) {
                    double yi = y[i];
                    double m = mu[i];
                    s += yi > 0 ? yi * Math.log(yi / m) - (yi - m) : m;
                }
            }
            case NEGBIN -> {
                for (int i = 0; i < n; i++) {
                    double yi = y[i];
                    double m = mu[i];
                    s += yi * Math.log(Math.max(1, yi) / m) - (yi + theta) * Math.log((yi + theta) / (m + theta));
                }
            }
            case BINOMIAL -> {
                for (int i = 0; i < n; i++) {
                    s -= y[i] == 1 ? Math.log(mu[i]) : Math.log1p(-mu[i]);
                }
            }
            case GAUSSIAN -> {
                for (int i = 0; i < n; i++) {
                    double r = y[i] - mu[i];
                    s += r * r / 2;
                }
            }
        }
        return 2 * s;
    }

    /** Solves (X'WX) beta = X'Wz by Cholesky, keeping the factor for the covariance. */
    private void solveWeighted(double[][] x, int p, int n) {
        crossProducts(x, p, n);
        factorCrossProducts(p);
        for (int j = 0; j < p; j++) {
            double s = xtwz[j];
            for (int k = 0; k < j; k++) {
                s -= chol[j * p + k] * beta[k];
            }
            beta[j] = s / chol[j * p + j];
        }
        for (int j = p - 1; j >= 0; j--) {
            double s = beta[j];
            for (int k = j + 1; k < p; k++) {
                s -= chol[k * p + j] * beta[k];
            }
            beta[j] = s / chol[j * p + j];
        }
    }

    /** X'WX (lower triangle, into {@code chol}) and X'Wz (into {@code xtwz}) from the current {@code w} and {@code z}. */
    private void crossProducts(double[][] x, int p, int n) {
        if (partners.length < p + 1) {
            partners = new double[p + 1][];
        }
        for (int j = 0; j < p; j++) {
            double[] xj = x[j];
            // Row j needs sum_i x_j w x_k for k <= j (into chol) and sum_i x_j w z (into xtwz): j + 2 sums over
            // the observations, taken four at a time so they do not wait on one another. Each sum still adds
            // its terms in observation order, so the result is bit for bit that of one sum at a time.
            int count = j + 2;
            System.arraycopy(x, 0, partners, 0, j + 1);
            partners[j + 1] = z;
            int m = 0;
            for (; m + 4 <= count; m += 4) {
                double[] x0 = partners[m];
                double[] x1 = partners[m + 1];
                double[] x2 = partners[m + 2];
                double[] x3 = partners[m + 3];
                double t0 = 0;
                double t1 = 0;
                double t2 = 0;
                double t3 = 0;
                for (int i = 0; i < n; i++) {
                    double a = xj[i] * w[i];
                    t0 += a * x0[i];
                    t1 += a * x1[i];
                    t2 += a * x2[i];
                    t3 += a * x3[i];
                }
                storeCrossProduct(j, m, p, t0);
                storeCrossProduct(j, m + 1, p, t1);
                storeCrossProduct(j, m + 2, p, t2);
                storeCrossProduct(j, m + 3, p, t3);
            }
            for (; m + 2 <= count; m += 2) {
                double[] x0 = partners[m];
                double[] x1 = partners[m + 1];
                double t0 = 0;
                double t1 = 0;
                for (int i = 0; i < n; i++) {
                    double a = xj[i] * w[i];
                    t0 += a * x0[i];
                    t1 += a * x1[i];
                }
                storeCrossProduct(j, m, p, t0);
                storeCrossProduct(j, m + 1, p, t1);
            }
            for (; m < count; m++) {
                double[] x0 = partners[m];
                double t0 = 0;
                for (int i = 0; i < n; i++) {
                    t0 += xj[i] * w[i] * x0[i];
                }
                storeCrossProduct(j, m, p, t0);
            }
        }
    }

    /** Replaces the lower triangle of X'WX in {@code chol} by its Cholesky factor; a singular matrix is an error. */
    private void factorCrossProducts(int p) {
        for (int j = 0; j < p; j++) {
            double diagonal = chol[j * p + j];
            for (int k = 0; k < j; k++) {
                double s = chol[j * p + k];
                for (int m = 0; m < k; m++) {
                    s -= chol[j * p + m] * chol[k * p + m];
                }
                chol[j * p + k] = s / chol[k * p + k];
            }
            double d = diagonal;
            for (int m = 0; m < j; m++) {
                d -= chol[j * p + m] * chol[j * p + m];
            }
            if (!(d > 1e-12 * diagonal) || !(diagonal > 0)) {
                throw new InvalidDataException("the design matrix is singular: column " + (j + 1)
                        + " is a linear combination of the columns before it (aliased), or its weights vanished");
            }
            chol[j * p + j] = Math.sqrt(d);
        }
    }

    /** Solves L L' out = rhs with the factor in {@code chol}. */
    private void cholSolve(double[] rhs, double[] out, int p) {
        for (int j = 0; j < p; j++) {
            double s = rhs[j];
            for (int k = 0; k < j; k++) {
                s -= chol[j * p + k] * out[k];
            }
            out[j] = s / chol[j * p + j];
        }
        for (int j = p - 1; j >= 0; j--) {
            double s = out[j];
            for (int k = j + 1; k < p; k++) {
                s -= chol[k * p + j] * out[k];
            }
            out[j] = s / chol[j * p + j];
        }
    }

    private void storeCrossProduct(int j, int m, int p, double value) {
        if (m <= j) {
            chol[j * p + m] = value;
        } else {
            xtwz[j] = value;
        }
    }

    /** (X'WX)^-1 times the dispersion, from the Cholesky factor of the last IRLS step. */
    private double[] covariance(int p, double dispersion) {
        double[] inverseL = new double[p * p];
        for (int j = 0; j < p; j++) {
            inverseL[j * p + j] = 1 / chol[j * p + j];
            for (int i = j + 1; i < p; i++) {
                double s = 0;
                for (int k = j; k < i; k++) {
                    s -= chol[i * p + k] * inverseL[k * p + j];
                }
                inverseL[i * p + j] = s / chol[i * p + i];
            }
        }
        double[] cov = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = i; k < p; k++) {
                    s += inverseL[k * p + i] * inverseL[k * p + j];
                }
                cov[i * p + j] = s * dispersion;
                cov[j * p + i] = s * dispersion;
            }
        }
        return cov;
    }
}
