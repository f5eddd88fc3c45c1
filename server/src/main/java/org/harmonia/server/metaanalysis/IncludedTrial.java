package org.harmonia.server.metaanalysis;

import java.util.Map;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.trial.eligibility.TextRules;

/**
 * One trial included in a meta-analysis: participants per arm, how many had an adverse event of the plan's outcome,
 * how many had any adverse event (if reported), and the trial's moderator values.
 */
public record IncludedTrial(String id, String label, int experimentalEvents, int experimentalTotal, int controlEvents,
                            int controlTotal, Integer experimentalAnyAe, Integer controlAnyAe, Map<String, String> moderators,
                            String source) {
    static final int TEXT_MAX = 200;

    public IncludedTrial {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9-]{0,39}")) {
            throw new InvalidInputException("id", "must be 1 to 40 letters, digits and hyphens, starting with a letter or digit");
        }
        text("label", label);
        text("source", source);
        if (experimentalTotal < 1 || experimentalTotal > 100_000) {
            throw new InvalidInputException("experimentalTotal", "must be 1 to 100000");
        }
        if (controlTotal < 1 || controlTotal > 100_000) {
            throw new InvalidInputException("controlTotal", "must be 1 to 100000");
        }
        if (experimentalEvents < 0 || experimentalEvents > experimentalTotal) {
            throw new InvalidInputException("experimentalEvents", "must be 0 to experimentalTotal (" + experimentalTotal + ")");
        }
        if (controlEvents < 0 || controlEvents > controlTotal) {
            throw new InvalidInputException("controlEvents", "must be 0 to controlTotal (" + controlTotal + ")");
        }
        // a participant with an event of the outcome has an adverse event, so "any" counts at least as many
        if (experimentalAnyAe != null && (experimentalAnyAe < experimentalEvents || experimentalAnyAe > experimentalTotal)) {
            throw new InvalidInputException("experimentalAnyAe", "must be experimentalEvents to experimentalTotal");
        }
        if (controlAnyAe != null && (controlAnyAe < controlEvents || controlAnyAe > controlTotal)) {
            throw new InvalidInputException("controlAnyAe", "must be controlEvents to controlTotal");
        }
        moderators = Map.copyOf(moderators);
        moderators.forEach((k, v) -> text("moderators." + k, v));
    }

    private static void text(String field, String value) {
        String problem = value == null ? "is required" : TextRules.problem(value, TEXT_MAX, false);
        if (problem != null) {
            throw new InvalidInputException(field, problem);
        }
    }

    public int patients() {
        return experimentalTotal + controlTotal;
    }
}
