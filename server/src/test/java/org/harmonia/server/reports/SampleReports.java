package org.harmonia.server.reports;

import java.util.ArrayList;
import java.util.List;
import org.harmonia.server.reports.ReportBlock.Chart;
import org.harmonia.server.reports.ReportBlock.ChartKind;
import org.harmonia.server.reports.ReportBlock.Heading;
import org.harmonia.server.reports.ReportBlock.Paragraph;
import org.harmonia.server.reports.ReportBlock.Point;
import org.harmonia.server.reports.ReportBlock.Series;
import org.harmonia.server.reports.ReportBlock.Table;

/** A MESEMS-like report with every kind of block; the numbers are illustrative, not trial results. */
final class SampleReports {

    static final String FOOTER = "Data snapshot 2024-03-01T12:00Z (lock 7) \u00B7 Harmonia 0.1.0";
    static final String CONSORT_CAPTION = "Table 1. Participant flow (CONSORT)";
    static final String BASELINE_CAPTION = "Table 2. Baseline characteristics by sequence";
    static final String PRIMARY_CAPTION = "Table 3. Primary endpoint: cumulative GELs, weeks 4\u201324";
    static final String AE_CAPTION = "Table 4. Adverse events by MedDRA system organ class and arm";
    static final String SAE_CAPTION = "Table 5. Serious adverse events";
    static final List<String> AE_HEADER = List.of("System organ class", "Preferred term", "MSC (n = 69)", "Placebo (n = 69)");
    static final String[] SUB_TRIALS = {"Italy", "Canada", "Copenhagen", "Stockholm", "Salzburg", "Toulouse", "London", "Barcelona", "Basel"};
    static final String[] SOCS = {
        "Infections and infestations", "Nervous system disorders", "General disorders and administration site conditions",
        "Musculoskeletal and connective tissue disorders", "Gastrointestinal disorders", "Skin and subcutaneous tissue disorders",
        "Psychiatric disorders", "Respiratory, thoracic and mediastinal disorders", "Injury, poisoning and procedural complications",
        "Investigations"
    };

    private SampleReports() {
    }

    static Report mesems() {
        List<ReportBlock> blocks = new ArrayList<>();
        blocks.add(new Heading(1, "Participant flow"));
        blocks.add(new Table("consort", CONSORT_CAPTION, List.of("Stage", "MSC first", "Placebo first", "Total"),
                List.of(List.of("Assessed for eligibility", "", "", "183"),
                        List.of("Randomised", "74", "70", "144"),
                        List.of("Received first infusion", "73", "70", "143"),
                        List.of("Completed week 24", "69", "67", "136"),
                        List.of("Crossed over", "66", "65", "131"),
                        List.of("Analysed (modified ITT)", "69", "69", "138")),
                List.of("Excluded before randomisation: 39 (not meeting criteria 31, declined 8).")));
        blocks.add(new Heading(1, "Baseline"));
        blocks.add(new Table("baseline", BASELINE_CAPTION, List.of("Characteristic", "MSC first (n = 74)", "Placebo first (n = 70)"),
                List.of(List.of("Age, years, mean \u00B1 SD", "37.9 \u00B1 7.6", "38.4 \u00B1 7.1"),
                        List.of("Female, n (%)", "49 (66.2%)", "46 (65.7%)"),
                        List.of("EDSS, median (IQR)", "4.0 (3.0\u20135.0)", "4.0 (3.0\u20135.5)"),
                        List.of("EDSS \u2265 3.0, n (%)", "58 (78.4%)", "54 (77.1%)"),
                        List.of("Disease duration, years, mean \u00B1 SD", "9.1 \u00B1 3.4", "8.8 \u00B1 3.6"),
                        List.of("Relapsing\u2013remitting course, n (%)", "41 (55.4%)", "39 (55.7%)")),
                List.of("SD standard deviation; IQR interquartile range.")));
        blocks.add(new Heading(1, "Primary efficacy"));
        blocks.add(new Paragraph("The cumulative number of gadolinium-enhancing lesions (GELs) from week 4 to week 24 did not "
                + "differ between MSC and placebo periods (rate ratio 0.77, 95% CI 0.52\u20131.14). Participants with "
                + "EDSS \u2264 6.5 and \u2265 1 GEL at screening were eligible; cell dose 1\u20132 \u00D7 10\u2076 cells/kg, "
                + "viability \u2265 80%, volume 5 \u00B5l per 10\u2074 cells. Verbale della riunione: attivit\u00E0 gi\u00E0 svolta, "
                + "Universit\u00E0 di Genova."));
        blocks.add(new Table("primary", PRIMARY_CAPTION, List.of("Comparison", "Rate ratio", "95% CI", "p"),
                List.of(List.of("MSC vs placebo (all sub-trials)", "0.77", "0.52\u20131.14", "0.19")),
                List.of("Negative binomial model with sub-trial, sequence and period; R 4.2.2, MASS 7.3-58.2.")));
        blocks.add(new Chart("gel-by-visit", "Figure 1. Mean GELs per visit by treatment period (\u00B1 SE)", ChartKind.LINE,
                "Week", "Mean GELs per scan", List.of(
                        new Series("MSC", List.of(Point.xy(0, 2.1, 1.7, 2.5), Point.xy(4, 1.6, 1.2, 2.0), Point.xy(8, 1.4, 1.0, 1.8),
                                Point.xy(12, 1.2, 0.9, 1.5), Point.xy(16, 1.1, 0.8, 1.4), Point.xy(20, 1.0, 0.7, 1.3), Point.xy(24, 0.9, 0.6, 1.2))),
                        new Series("Placebo", List.of(Point.xy(0, 2.0, 1.6, 2.4), Point.xy(4, 1.9, 1.5, 2.3), Point.xy(8, 1.7, 1.3, 2.1),
                                Point.xy(12, 1.6, 1.2, 2.0), Point.xy(16, 1.5, 1.1, 1.9), Point.xy(20, 1.4, 1.0, 1.8), Point.xy(24, 1.3, 0.9, 1.7)))),
                List.of("Error bars: mean \u00B1 one standard error.")));
        blocks.add(new Chart("edss", "Figure 2. Median EDSS over time", ChartKind.LINE, "Week", "EDSS", List.of(
                new Series("MSC", List.of(Point.xy(0, 4.0), Point.xy(24, 4.0), Point.xy(48, 4.5))),
                new Series("Placebo", List.of(Point.xy(0, 4.0), Point.xy(24, 4.5), Point.xy(48, 4.5)))), List.of()));
        List<Point> forest = new ArrayList<>();
        for (int i = 0; i < SUB_TRIALS.length; i++) {
            double estimate = 0.55 + 0.08 * i;
            forest.add(Point.forest(SUB_TRIALS[i], estimate, estimate / (1.6 + 0.1 * i), estimate * (1.6 + 0.1 * i)));
        }
        forest.add(Point.forest("Overall (random effects)", 0.77, 0.52, 1.14));
        blocks.add(new Chart("forest-primary", "Figure 3. Primary result by sub-trial", ChartKind.FOREST,
                "Rate ratio (MSC / placebo), log scale", null, List.of(new Series("Rate ratio", forest)),
                List.of("Squares: sub-trial estimates; diamond: pooled estimate.")));
        blocks.add(new Heading(1, "Safety"));
        blocks.add(new Table("ae-soc", AE_CAPTION, AE_HEADER, adverseEventRows(), List.of("MedDRA 26.1. A participant is counted once per term.")));
        blocks.add(new Chart("ae-bar", "Figure 4. Participants with an adverse event by system organ class", ChartKind.BAR,
                "System organ class", "Participants", List.of(
                        new Series("MSC", List.of(Point.bar("Infections", 31), Point.bar("Nervous system", 22), Point.bar("General", 18))),
                        new Series("Placebo", List.of(Point.bar("Infections", 29), Point.bar("Nervous system", 20), Point.bar("General", 9)))),
                List.of()));
        blocks.add(new Heading(2, "Serious adverse events"));
        blocks.add(new Table("sae", SAE_CAPTION, List.of("Participant", "Period", "Event", "Onset day", "Outcome"),
                List.of(List.of("IT-017", "MSC", "Pneumonia requiring hospitalisation for intravenous antibiotics", "41", "Recovered"),
                        List.of("SE-004", "Placebo", "Multiple sclerosis relapse", "112", "Recovered with sequelae")),
                List.of()));
        return new Report("MESEMS: interim report", "Mesenchymal stem cells in multiple sclerosis \u2013 unblinded DSMB version",
                blocks, FOOTER);
    }

    /** 60 rows: six preferred terms in each of ten system organ classes. */
    static List<List<String>> adverseEventRows() {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String soc = SOCS[i / 6];
            int msc = (i * 7) % 13 + 1;
            int placebo = (i * 5) % 11 + 1;
            rows.add(List.of(soc, "Preferred term " + (i + 1), count(msc, 69), count(placebo, 69)));
        }
        return rows;
    }

    private static String count(int n, int of) {
        return String.format(java.util.Locale.ROOT, "%d (%.1f%%)", n, 100.0 * n / of);
    }
}
