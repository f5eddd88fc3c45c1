package org.harmonia.server.simulation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.stats.glm.Inference;
import org.harmonia.trial.randomisation.AllocationProcedure;
import org.harmonia.trial.simulation.AnalysisSummary;
import org.harmonia.trial.simulation.PowerResult;
import org.harmonia.trial.simulation.RecruitingSubTrial;
import org.harmonia.trial.simulation.SimulationScenario;

/**
 * What {@code harmonia simulate --json} prints: what was estimated ("power", or "typeIError" when the true
 * rate ratio is 1), the scenario in flat form, and the result: the plan's primary test as before, and under
 * {@code analyses} every analysis compared on the same trials.
 */
record SimulationReport(String estimate, Scenario scenario, Result result) {

    /** The primary test's result, its per-analysis summaries replaced by the comparisons. */
    record Result(@JsonUnwrapped @JsonIgnoreProperties("analyses") PowerResult primary, List<Comparison> analyses) {
    }

    /** The scenario as a user gave it, without the protocol's records. */
    record Scenario(String study, int patients, String allocation, Map<String, Double> shares, String recruitment, int scans,
                    double placeboMean, double baselineMean, double theta, double rateRatio, double dropout,
                    double alpha, boolean requireBenefit, long seed, String test, String robustType, Integer rerandomisations) {
    }

    /**
     * One analysis compared: its type I error from the trials simulated at rate ratio 1, its power (null when the rate
     * ratio is 1) and the bias of the log rate ratio and coverage of the 95% interval at the scenario's rate ratio.
     */
    record Comparison(String test, boolean primary, double typeIError, double typeIErrorCiLow, double typeIErrorCiHigh,
                      Double power, Double powerCiLow, Double powerCiHigh, double biasLogRateRatio, double coverage,
                      int withInterval, double meanSeLogRateRatio, int analysed) {
    }

    static SimulationReport of(SimulationScenario s, Inference inference, PowerResult result, PowerResult nullResult) {
        Map<String, Double> shares = new LinkedHashMap<>();
        for (RecruitingSubTrial t : s.subTrials()) {
            shares.put(t.id(), t.share());
        }
        Scenario view = new Scenario(s.studyId(), s.patients(), allocation(s), shares, s.fixedRecruitment() ? "fixed" : "random",
                s.scans(), s.placeboMean(), s.baselineMean(), s.theta(), s.rateRatio(), s.dropout(), s.alpha(), s.requireBenefit(),
                s.seed(), inference.test().label(), inference.robustType() == null ? null : inference.robustType().label(),
                inference.rerandomisations());
        boolean alternative = s.rateRatio() != 1;
        List<Comparison> compared = new ArrayList<>();
        for (int a = 0; a < result.analyses().size(); a++) {
            AnalysisSummary at = result.analyses().get(a);
            AnalysisSummary at1 = nullResult.analyses().get(a);
            compared.add(new Comparison(at.test(), a == 0, at1.rate(), at1.ciLow(), at1.ciHigh(),
                    alternative ? at.rate() : null, alternative ? at.ciLow() : null, alternative ? at.ciHigh() : null,
                    at.biasLogRateRatio(), at.coverage(), at.withInterval(), at.meanSeLogRateRatio(), at.analysed()));
        }
        return new SimulationReport(s.rateRatio() == 1 ? "typeIError" : "power", view, new Result(result, compared));
    }

    /** The allocation in words, e.g. "permuted blocks of 2 or 4, stratified by subTrial". */
    static String allocation(SimulationScenario s) {
        return AllocationProcedure.of(s.randomisation(), s.sequences()).describe();
    }
}
