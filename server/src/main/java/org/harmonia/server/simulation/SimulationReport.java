package org.harmonia.server.simulation;

import java.util.LinkedHashMap;
import java.util.Map;
import org.harmonia.stats.glm.Inference;
import org.harmonia.trial.protocol.RandomisationMethod;
import org.harmonia.trial.simulation.PowerResult;
import org.harmonia.trial.simulation.RecruitingSubTrial;
import org.harmonia.trial.simulation.SimulationScenario;

/**
 * What {@code harmonia simulate --json} prints: what was estimated ("power", or "typeIError" when the true
 * rate ratio is 1), the scenario in flat form, and the result.
 */
record SimulationReport(String estimate, Scenario scenario, PowerResult result) {

    /** The scenario as a user gave it, without the protocol's records. */
    record Scenario(String study, int patients, String allocation, Map<String, Double> shares, int scans,
                    double placeboMean, double baselineMean, double theta, double rateRatio, double dropout,
                    double alpha, boolean requireBenefit, long seed, String test, String robustType) {
    }

    static SimulationReport of(SimulationScenario s, Inference inference, PowerResult result) {
        Map<String, Double> shares = new LinkedHashMap<>();
        for (RecruitingSubTrial t : s.subTrials()) {
            shares.put(t.id(), t.share());
        }
        Scenario view = new Scenario(s.studyId(), s.patients(), allocation(s), shares, s.scans(), s.placeboMean(),
                s.baselineMean(), s.theta(), s.rateRatio(), s.dropout(), s.alpha(), s.requireBenefit(), s.seed(),
                inference.test().label(), inference.robustType() == null ? null : inference.robustType().label());
        return new SimulationReport(s.rateRatio() == 1 ? "typeIError" : "power", view, result);
    }

    /** The allocation in words, e.g. "permuted blocks of 2 or 4, stratified by subTrial". */
    static String allocation(SimulationScenario s) {
        var r = s.randomisation();
        if (r.method() == RandomisationMethod.PERMUTED_BLOCKS) {
            String sizes = String.join(" or ", r.blockSizes().stream().map(String::valueOf).toList());
            return "permuted blocks of " + sizes + (r.strata().isEmpty() ? ", unstratified" : ", stratified by " + String.join(" and ", r.strata()));
        }
        return "minimisation over " + String.join(" and ", r.factors()) + " (p = " + r.probability() + ", range)";
    }
}
