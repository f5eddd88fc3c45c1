package org.harmonia.server.subjects;

import java.util.List;
import org.harmonia.trial.eligibility.CriterionVerdict;
import org.harmonia.trial.eligibility.EligibilityVerdict;

/** An eligibility verdict as the API shows and the database keeps it: overall outcome and one line per criterion. */
public record EligibilityResult(String outcome, List<CriterionResult> criteria, List<String> failed, List<String> missing) {

    /** One criterion's verdict with its reason in words. */
    public record CriterionResult(String id, String kind, String text, String outcome, String reason) {
    }

    public static EligibilityResult of(EligibilityVerdict v) {
        List<CriterionResult> criteria = v.criteria().stream()
                .map(c -> new CriterionResult(c.criterionId(), c.kind().name(), c.text(), c.outcome().name(), c.reason()))
                .toList();
        return new EligibilityResult(v.outcome().name(), criteria,
                v.failed().stream().map(CriterionVerdict::criterionId).toList(), v.missing());
    }
}
