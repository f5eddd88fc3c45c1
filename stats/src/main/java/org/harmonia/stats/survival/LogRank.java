package org.harmonia.stats.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.harmonia.stats.InvalidDataException;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;

/** The k-sample log-rank test, matching R's {@code survdiff(Surv(time, status) ~ group)}. */
public final class LogRank {
    private LogRank() {
    }

    public static LogRankResult test(SurvivalData data) {
        if (!data.grouped()) {
            throw new InvalidDataException("the log-rank test needs a group column");
        }
        List<String> levels = data.groups();
        int k = levels.size();
        if (k < 2) {
            throw new InvalidDataException("the log-rank test needs at least two groups; all "
                    + data.size() + " subjects are in group \"" + levels.get(0) + "\"");
        }
        if (data.events() == 0) {
            throw new InvalidDataException("the log-rank test needs at least one event; all "
                    + data.size() + " subjects are censored");
        }
        double[] time = RValues.timefix(data.times());
        int[] groupOf = new int[data.size()];
        int[] size = new int[k];
        for (int i = 0; i < data.size(); i++) {
            groupOf[i] = levels.indexOf(data.group(i));
            size[groupOf[i]]++;
        }
        double[] observed = new double[k];
        double[] expected = new double[k];
        double[][] var = new double[k][k];
        double[] distinct = Arrays.stream(time).distinct().sorted().toArray();
        for (double t : distinct) {
            double[] atRisk = new double[k];
            double[] died = new double[k];
            double nTotal = 0;
            double dTotal = 0;
            for (int i = 0; i < time.length; i++) {
                if (time[i] >= t) {
                    atRisk[groupOf[i]]++;
                    nTotal++;
                    if (time[i] == t && data.status(i) == 1) {
                        died[groupOf[i]]++;
                        dTotal++;
                    }
                }
            }
            if (dTotal == 0) {
                continue;
            }
            // hypergeometric variance; with one subject at risk it vanishes
            double factor = nTotal > 1 ? dTotal * (nTotal - dTotal) / (nTotal * (nTotal - 1)) : 0;
            for (int g = 0; g < k; g++) {
                observed[g] += died[g];
                expected[g] += atRisk[g] * dTotal / nTotal;
                for (int h = 0; h < k; h++) {
                    var[g][h] += factor * atRisk[g] * ((g == h ? nTotal : 0) - atRisk[h]) / nTotal;
                }
            }
        }
        List<Integer> tested = new ArrayList<>();
        for (int g = 0; g < k; g++) {
            if (expected[g] > 0) {
                tested.add(g);
            }
        }
        if (tested.size() < 2) {
            throw new InvalidDataException("the log-rank test needs two groups with subjects at risk at an event time");
        }
        // as survdiff: drop the first group with expected > 0 and solve the remaining system
        int m = tested.size() - 1;
        RealMatrix v = MatrixUtils.createRealMatrix(m, m);
        RealVector oe = MatrixUtils.createRealVector(m);
        for (int a = 0; a < m; a++) {
            int g = tested.get(a + 1);
            oe.setEntry(a, observed[g] - expected[g]);
            for (int b = 0; b < m; b++) {
                v.setEntry(a, b, var[g][tested.get(b + 1)]);
            }
        }
        var lu = new LUDecomposition(v, 1e-14);
        if (!lu.getSolver().isNonSingular()) {
            throw new InvalidDataException("the log-rank variance matrix is singular; the groups cannot be compared");
        }
        double chi = lu.getSolver().solve(oe).dotProduct(oe);
        int df = m;
        List<LogRankGroup> rows = new ArrayList<>();
        for (int g = 0; g < k; g++) {
            double d = observed[g] - expected[g];
            rows.add(new LogRankGroup(levels.get(g), size[g], observed[g], expected[g], d * d / expected[g],
                    d * d / var[g][g]));
        }
        return new LogRankResult(rows, chi, df, Distributions.chiSquareUpperTail(chi, df), data.droppedMissing());
    }
}
