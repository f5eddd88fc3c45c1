package org.harmonia.stats.survival;

/** The Cox log partial likelihood with its score vector and information matrix, under Efron's or Breslow's ties. */
final class PartialLikelihood {
    private final double[] time;
    private final int[] status;
    private final double[][] z;
    private final Integer[] descending;
    private final boolean efron;

    /** Value, gradient and negative Hessian at one coefficient vector. */
    record Value(double logLik, double[] score, double[][] information) {
    }

    PartialLikelihood(double[] time, int[] status, double[][] z, Integer[] descending, boolean efron) {
        this.time = time;
        this.status = status;
        this.z = z;
        this.descending = descending;
        this.efron = efron;
    }

    Value evaluate(double[] beta) {
        int n = time.length;
        int p = beta.length;
        double logLik = 0;
        double[] u = new double[p];
        double[][] imat = new double[p][p];
        double s0 = 0;
        double[] s1 = new double[p];
        double[][] s2 = new double[p][p];
        int pos = 0;
        while (pos < n) {
            double t = time[descending[pos]];
            double e0 = 0;
            double[] e1 = new double[p];
            double[][] e2 = new double[p][p];
            int deaths = 0;
            double etaSum = 0;
            double[] xSum = new double[p];
            // the risk set at t grows by everyone whose time is t (the risk set is time >= t)
            while (pos < n && time[descending[pos]] == t) {
                int i = descending[pos++];
                double eta = 0;
                for (int j = 0; j < p; j++) {
                    eta += beta[j] * z[i][j];
                }
                double r = Math.exp(eta);
                s0 += r;
                for (int j = 0; j < p; j++) {
                    s1[j] += r * z[i][j];
                    for (int k = 0; k <= j; k++) {
                        s2[j][k] += r * z[i][j] * z[i][k];
                    }
                }
                if (status[i] == 1) {
                    deaths++;
                    etaSum += eta;
                    e0 += r;
                    for (int j = 0; j < p; j++) {
                        xSum[j] += z[i][j];
                        e1[j] += r * z[i][j];
                        for (int k = 0; k <= j; k++) {
                            e2[j][k] += r * z[i][j] * z[i][k];
                        }
                    }
                }
            }
            if (deaths == 0) {
                continue;
            }
            logLik += etaSum;
            for (int j = 0; j < p; j++) {
                u[j] += xSum[j];
            }
            for (int m = 0; m < deaths; m++) {
                // Efron removes a growing fraction of the tied deaths from the denominator; Breslow none
                double f = efron ? (double) m / deaths : 0;
                double denom = s0 - f * e0;
                logLik -= Math.log(denom);
                double[] a = new double[p];
                for (int j = 0; j < p; j++) {
                    a[j] = (s1[j] - f * e1[j]) / denom;
                    u[j] -= a[j];
                }
                for (int j = 0; j < p; j++) {
                    for (int k = 0; k <= j; k++) {
                        imat[j][k] += (s2[j][k] - f * e2[j][k]) / denom - a[j] * a[k];
                    }
                }
            }
        }
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < j; k++) {
                imat[k][j] = imat[j][k];
            }
        }
        return new Value(logLik, u, imat);
    }
}
