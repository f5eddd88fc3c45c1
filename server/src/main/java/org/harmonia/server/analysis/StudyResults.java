package org.harmonia.server.analysis;

import java.util.List;
import java.util.Map;
import org.harmonia.stats.glm.Inference;
import org.harmonia.stats.glm.RerandomisationTest;

/**
 * The results of a study's pre-specified analyses on one snapshot. Groups are the compared sequences in an
 * unblinded analysis and a single pooled group ("All") in a blinded one.
 */
public record StudyResults(TrialSnapshot snapshot, List<String> groups, Consort consort, List<TableRow> baseline,
                           Efficacy primary, List<ForestRow> forest, Safety safety, CrossoverSummary crossover,
                           List<ChangeRow> edssChange, Map<String, List<VisitMean>> gelByVisit,
                           Map<String, List<VisitMean>> edssByVisit, RepeatedMeasures repeatedMeasures) {

    /** The flow of patients (CONSORT), with counts per group where the analysis is unblinded. */
    public record Consort(int screened, int screenFailures, Map<String, Integer> failureReasons, int stillScreening,
                          int eligibleNotEnrolled, int enrolled, Map<String, Integer> randomised, Map<String, Integer> treated,
                          Map<String, Integer> completed, Map<String, Integer> withdrawn, Map<String, Integer> withdrawalReasons,
                          Map<String, Integer> fullAnalysisSet, Map<String, Integer> safetySet) {
    }

    /** One row of a descriptive table: a label and one text cell per group plus the total. */
    public record TableRow(String label, List<String> cells) {
    }

    /** The primary efficacy comparison: rate ratio of the compared sequence against the reference. */
    public record Efficacy(String analysisId, String label, String population, int n, Map<String, Integer> nByGroup,
                           Map<String, Double> meanByGroup, String comparison, Double rateRatio, Double ciLow, Double ciHigh,
                           Double p, Double theta, String formula, String notEstimable, Inference inference,
                           RerandomisationTest rerandomisation, SimulatedLevel simulated) {
    }

    /**
     * The plan's primary test in simulated trials of the protocol (its allocation, default assumptions), as the methods
     * section states it: type I error at rate ratio 1 and power at {@code rateRatio}, with the run's size and seed.
     */
    public record SimulatedLevel(int trials, long seed, double typeIError, double typeIErrorCiLow, double typeIErrorCiHigh,
                                 double rateRatio, double power, String assumptions) {
    }

    /** One row of the forest plot: a sub-trial (or the overall result) with its rate ratio and CI. */
    public record ForestRow(String label, int n, Double rateRatio, Double ciLow, Double ciHigh, String note) {
    }

    /** Adverse events in the safety set. */
    public record Safety(Map<String, Integer> patients, List<AeRow> bySoc, List<AeRow> bySeverity, AeRow total,
                         List<SaeLine> serious, int deaths) {
    }

    /** Events and patients with at least one, per group and in total. */
    public record AeRow(String label, Map<String, Integer> events, Map<String, Integer> patients) {
    }

    /** One serious adverse event, as listed for the DSMB. */
    public record SaeLine(String subjectId, String siteId, String group, String term, String soc, String onset,
                          String severity, String grade, String relatedness, String outcome) {
    }

    /** The crossover analysis of both periods. */
    public record CrossoverSummary(int subjects, List<String> excluded, Double rateRatio, Double ciLow, Double ciHigh,
                                   Double p, Double periodRatio, String notEstimable) {
    }

    /** Change from baseline at one visit, per group, and the comparison where unblinded. */
    public record ChangeRow(String visit, Map<String, String> byGroup, String comparison) {
    }

    /**
     * The plan's mixed model for repeated measures ({@code null} when the plan has none): least-squares means by visit
     * and group and, where unblinded, each group against the reference.
     */
    public record RepeatedMeasures(String analysisId, String label, String formula, int subjects, int observations,
                                   List<RepeatedMeasuresRow> rows, String notEstimable, String covariance) {
    }

    /** One visit of the repeated-measures model: least-squares mean (SE) per group, the comparison where unblinded. */
    public record RepeatedMeasuresRow(String visit, Map<String, String> byGroup, String comparison) {
    }

    /** A mean with its standard error at one visit (for charts). */
    public record VisitMean(String visit, int week, int n, double mean, double se) {
    }
}
