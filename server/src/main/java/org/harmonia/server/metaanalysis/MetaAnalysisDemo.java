package org.harmonia.server.metaanalysis;

import java.util.List;
import java.util.Map;
import org.harmonia.server.security.Caller;
import org.springframework.stereotype.Service;

/**
 * The demo of the intrathecal MSC safety meta-analysis: nine included trials recorded through the service. The published
 * per-trial counts could not be retrieved, so these are calibrated: with the plan's analysis they give Mesa Bedoya et al.'s
 * figures (540 patients; musculoskeletal and connective-tissue AEs RR 1.61, 1.19-2.19, I2 0%; on any adverse event,
 * fresh vs cryopreserved RR 1.554, p = 0.048, multiple vs single dose RR 0.644). R reference: r/msc_it_safety.R.
 */
@Service
public class MetaAnalysisDemo {
    static final String STUDY = "msc-it-safety";
    static final String SOURCE = "calibrated to the pooled figures of Mesa Bedoya et al., Stem Cell Res Ther 2024;15:146 "
            + "(per-trial counts not available)";

    /** id, condition, MSC events/total, control events/total, MSC any AE, control any AE; T1-T4 fresh and single-dose. */
    private static final int[][] COUNTS = {
            {3, 11, 3, 19, 5, 5}, {6, 37, 0, 24, 18, 10}, {18, 38, 15, 51, 35, 15}, {8, 36, 6, 27, 22, 8},
            {18, 51, 7, 38, 49, 25}, {6, 35, 5, 39, 28, 17}, {6, 29, 4, 29, 29, 25}, {8, 20, 5, 22, 15, 17},
            {5, 12, 5, 22, 5, 6}};
    private static final List<String> CONDITIONS = List.of("ALS", "MS", "SCI", "ALS", "ALS", "MS", "SCI", "other", "MS");

    private final IncludedTrialService trials;

    public MetaAnalysisDemo(IncludedTrialService trials) {
        this.trials = trials;
    }

    /** Records the nine trials (again: no change) and returns how many the study holds. */
    public int load() {
        for (int i = 0; i < COUNTS.length; i++) {
            int[] c = COUNTS[i];
            boolean fresh = i < 4;
            trials.record(STUDY, new IncludedTrial("T" + (i + 1), "Calibrated trial " + (i + 1) + " (" + CONDITIONS.get(i) + ")",
                    c[0], c[1], c[2], c[3], c[4], c[5],
                    Map.of("preservation", fresh ? "fresh" : "cryopreserved", "doses", fresh ? "single" : "multiple",
                            "condition", CONDITIONS.get(i)), SOURCE), Caller.SYSTEM);
        }
        return trials.list(STUDY, Caller.SYSTEM).size();
    }
}
