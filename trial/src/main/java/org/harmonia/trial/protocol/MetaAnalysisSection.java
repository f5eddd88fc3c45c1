package org.harmonia.trial.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the optional {@code metaAnalysis} section of a protocol file into a {@link MetaAnalysisPlan}. */
final class MetaAnalysisSection {
    private static final Set<String> MEASURES = Set.of("RR", "OR", "RD");
    private static final Set<String> METHODS = Set.of("FE", "DL", "REML");
    private static final String ID = "[a-z][A-Za-z0-9-]*";

    private MetaAnalysisSection() {
    }

    /** The plan, or null when the section is absent; problems are recorded at their paths. */
    static MetaAnalysisPlan read(YamlView v) {
        if (!v.present() || !v.isMapping()) {
            return null;
        }
        v.allowOnly("outcome", "outcomeSoc", "measure", "method", "zeroCellCorrection", "egger", "moderators", "liveStudies");
        String outcome = v.text("outcome", true);
        String soc = v.text("outcomeSoc", true);
        String measure = v.text("measure", true);
        if (measure != null && !MEASURES.contains(measure)) {
            v.get("measure").problem("\"" + measure + "\" is not one of: RR, OR, RD");
        }
        String method = v.text("method", true);
        if (method != null && !METHODS.contains(method)) {
            v.get("method").problem("\"" + method + "\" is not one of: FE, DL, REML");
        }
        double correction = 0.5;
        String cc = v.text("zeroCellCorrection", false);
        if (cc != null) {
            try {
                correction = Double.parseDouble(cc);
                if (!(correction > 0 && correction <= 1)) {
                    v.get("zeroCellCorrection").problem("must be above 0 and at most 1");
                }
            } catch (NumberFormatException e) {
                v.get("zeroCellCorrection").problem("\"" + cc + "\" is not a number");
            }
        }
        String egger = v.text("egger", false);
        if (egger != null && !egger.equals("true") && !egger.equals("false")) {
            v.get("egger").problem("must be true or false");
        }
        List<MetaAnalysisPlan.Moderator> moderators = v.mapList("moderators", false, MetaAnalysisSection::moderator);
        List<String> seen = new ArrayList<>();
        List<YamlView> items = v.list("moderators", false);
        for (int i = 0; i < moderators.size() && i < items.size(); i++) {
            if (seen.contains(moderators.get(i).id())) {
                items.get(i).get("id").problem("moderator \"" + moderators.get(i).id() + "\" is defined twice");
            }
            seen.add(moderators.get(i).id());
        }
        List<MetaAnalysisPlan.LiveStudy> live = v.mapList("liveStudies", false, s -> liveStudy(s, moderators));
        if (outcome == null || soc == null || measure == null || method == null) {
            return null;
        }
        return new MetaAnalysisPlan(outcome, soc, measure, method, correction, !"false".equals(egger), moderators, live);
    }

    private static MetaAnalysisPlan.Moderator moderator(YamlView v) {
        if (!v.isMapping()) {
            return null;
        }
        v.allowOnly("id", "label", "levels", "regression");
        String id = v.text("id", true);
        if (id != null && !id.matches(ID)) {
            v.get("id").problem("\"" + id + "\" must start with a lower-case letter and hold letters, digits and hyphens");
        }
        String label = v.text("label", true);
        List<String> levels = v.texts("levels", true);
        if (levels.size() < 2) {
            v.get("levels").problem("needs at least 2 levels (the first is the reference)");
        }
        if (levels.stream().distinct().count() != levels.size()) {
            v.get("levels").problem("lists a level twice");
        }
        String regression = v.text("regression", false);
        if (regression != null && !regression.equals("true") && !regression.equals("false")) {
            v.get("regression").problem("must be true or false");
        }
        return id == null || label == null || levels.size() < 2 ? null
                : new MetaAnalysisPlan.Moderator(id, label, levels, "true".equals(regression));
    }

    private static MetaAnalysisPlan.LiveStudy liveStudy(YamlView v, List<MetaAnalysisPlan.Moderator> moderators) {
        if (!v.isMapping()) {
            return null;
        }
        v.allowOnly("study", "label", "experimental", "control", "moderators", "note");
        String study = v.text("study", true);
        String label = v.text("label", true);
        String experimental = v.text("experimental", true);
        String control = v.text("control", true);
        Map<String, String> values = new LinkedHashMap<>();
        java.util.Set<String> given = new java.util.HashSet<>();
        YamlView m = v.get("moderators");
        if (m.present() && m.isMapping()) {
            for (Map.Entry<String, YamlView> e : m.entries()) {
                String value = e.getValue().asText(true);
                given.add(e.getKey());
                var mod = moderators.stream().filter(x -> x.id().equals(e.getKey())).findFirst();
                if (mod.isEmpty()) {
                    e.getValue().problem("\"" + e.getKey() + "\" is no moderator of this meta-analysis");
                } else if (value != null && !mod.get().levels().contains(value)) {
                    e.getValue().problem("\"" + value + "\" is not one of: " + String.join(", ", mod.get().levels()));
                } else if (value != null) {
                    values.put(e.getKey(), value);
                }
            }
        }
        for (MetaAnalysisPlan.Moderator mod : moderators) {
            if (m.present() && !given.contains(mod.id()) && mod.regression()) {
                m.problem("needs a value for the moderator \"" + mod.id() + "\"");
            }
        }
        if (study == null || label == null || experimental == null || control == null) {
            return null;
        }
        return new MetaAnalysisPlan.LiveStudy(study, label, experimental, control, values, v.text("note", false));
    }
}
