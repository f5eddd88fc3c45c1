package org.harmonia.trial.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.hipparchus.distribution.discrete.PoissonDistribution;
import org.junit.jupiter.api.Test;

class VariatesTest {
    private static final int DRAWS = 200_000;

    @Test
    void poissonDrawsHaveTheExactProbabilitiesByInversionAndByRejection() {
        for (double mean : new double[] {0.3, 3, 9.9, 10, 25, 400}) {
            SplittableRandom random = new SplittableRandom(11);
            PoissonDistribution exact = new PoissonDistribution(mean);
            int mode = (int) Math.floor(mean);
            int atMode = 0;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < DRAWS; i++) {
                int x = Variates.poisson(random, mean);
                sum += x;
                squares += (double) x * x;
                if (x == mode) {
                    atMode++;
                }
            }
            double m = sum / DRAWS;
            double variance = squares / DRAWS - m * m;
            double seMean = Math.sqrt(mean / DRAWS);
            assertThat(m).as("mean of Poisson(%s)", mean).isCloseTo(mean, within(5 * seMean));
            // The variance of a sample variance is about (mu4 - sigma^4) / n = (mean + 2 mean^2) / n for a Poisson.
            assertThat(variance).as("variance of Poisson(%s)", mean).isCloseTo(mean, within(5 * Math.sqrt((mean + 2 * mean * mean) / DRAWS)));
            double pMode = exact.probability(mode);
            assertThat(atMode / (double) DRAWS).as("P(X = %s) for Poisson(%s)", mode, mean)
                    .isCloseTo(pMode, within(5 * Math.sqrt(pMode * (1 - pMode) / DRAWS)));
        }
    }

    @Test
    void gammaDrawsHaveTheShapeAsMeanAndVariance() {
        for (double shape : new double[] {0.2, 0.5, 1, 3.5, 40}) {
            SplittableRandom random = new SplittableRandom(5);
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < DRAWS; i++) {
                double x = Variates.gamma(random, shape);
                assertThat(x).isGreaterThanOrEqualTo(0);
                sum += x;
                squares += x * x;
            }
            double m = sum / DRAWS;
            double variance = squares / DRAWS - m * m;
            assertThat(m).as("mean of Gamma(%s)", shape).isCloseTo(shape, within(5 * Math.sqrt(shape / DRAWS)));
            // Var of the sample variance: (mu4 - sigma^4) / n with mu4 = 3 a^2 + 6 a for Gamma(a, 1).
            double sdVariance = Math.sqrt((2 * shape * shape + 6 * shape) / DRAWS);
            assertThat(variance).as("variance of Gamma(%s)", shape).isCloseTo(shape, within(5 * sdVariance));
        }
    }

    @Test
    void aMeanOfZeroGivesZero() {
        assertThat(Variates.poisson(new SplittableRandom(1), 0)).isZero();
    }
}
