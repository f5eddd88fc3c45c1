package org.harmonia.stats.mmrm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The analytic gradient and Hessian of the REML criterion, which Newton and Satterthwaite rely on, against differences. */
class RemlCriterionTest {

    /** 30 subjects, 4 visits, an intercept, a slope and an arm; about one visit in six missing. */
    private static RemlCriterion problem(CovarianceStructure structure) {
        Random random = new Random(7);
        java.util.List<double[]> xs = new java.util.ArrayList<>();
        java.util.List<Double> ys = new java.util.ArrayList<>();
        int[][] rows = new int[30][];
        int[][] visits = new int[30][];
        for (int s = 0; s < 30; s++) {
            java.util.List<Integer> r = new java.util.ArrayList<>();
            java.util.List<Integer> v = new java.util.ArrayList<>();
            double subjectEffect = random.nextGaussian();
            for (int t = 0; t < 4; t++) {
                if (t > 0 && random.nextDouble() < 0.17) {
                    continue;
                }
                r.add(ys.size());
                v.add(t);
                xs.add(new double[] {1, t, s % 2});
                ys.add(1 + 0.3 * t + 0.5 * (s % 2) + subjectEffect + (0.5 + 0.2 * t) * random.nextGaussian());
            }
            rows[s] = r.stream().mapToInt(Integer::intValue).toArray();
            visits[s] = v.stream().mapToInt(Integer::intValue).toArray();
        }
        return new RemlCriterion(xs.toArray(new double[0][]), ys.stream().mapToDouble(Double::doubleValue).toArray(), rows,
                visits, structure.model(4));
    }

    @ParameterizedTest
    @EnumSource(CovarianceStructure.class)
    void gradientAndHessianAgreeWithCentralDifferences(CovarianceStructure structure) {
        RemlCriterion c = problem(structure);
        Random random = new Random(11);
        double[] theta = new double[c.parameters()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.3 * random.nextGaussian();
        }
        RemlCriterion.Value v = c.evaluate(theta, 2);
        double h = 1e-5;
        for (int k = 0; k < theta.length; k++) {
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[k] += h;
            down[k] -= h;
            RemlCriterion.Value vu = c.evaluate(up, 1);
            RemlCriterion.Value vd = c.evaluate(down, 1);
            double numericGradient = (vu.criterion() - vd.criterion()) / (2 * h);
            assertThat(v.gradient()[k]).as("gradient %d", k)
                    .isCloseTo(numericGradient, Offset.offset(1e-6 * Math.max(1, Math.abs(numericGradient))));
            for (int l = 0; l < theta.length; l++) {
                double numericHessian = (vu.gradient()[l] - vd.gradient()[l]) / (2 * h);
                assertThat(v.hessian()[k][l]).as("hessian %d %d", k, l)
                        .isCloseTo(numericHessian, Offset.offset(1e-5 * Math.max(1, Math.abs(numericHessian))));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CovarianceStructure.class)
    void derivativeOfTheCoefficientCovarianceAgreesWithDifferences(CovarianceStructure structure) {
        RemlCriterion c = problem(structure);
        double[] theta = new double[c.parameters()];
        RemlCriterion.Value v = c.evaluate(theta, 1);
        double h = 1e-6;
        for (int k = 0; k < theta.length; k++) {
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[k] += h;
            down[k] -= h;
            double[][] mu = c.evaluate(up, 0).betaCovariance();
            double[][] md = c.evaluate(down, 0).betaCovariance();
            for (int i = 0; i < mu.length; i++) {
                for (int j = 0; j < mu.length; j++) {
                    double numeric = (mu[i][j] - md[i][j]) / (2 * h);
                    assertThat(v.betaCovarianceTerms()[k][i][j]).isCloseTo(numeric, Offset.offset(1e-6 * Math.max(1e-3, Math.abs(numeric))));
                }
            }
        }
    }
}
