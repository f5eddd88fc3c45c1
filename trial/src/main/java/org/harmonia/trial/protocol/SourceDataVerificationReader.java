package org.harmonia.trial.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.harmonia.trial.forms.FormDefinition;

/**
 * Reads {@code sourceDataVerification: {full: {visits, forms, endpoints}, samplePercent}}, every id checked against the
 * protocol's visits, forms and endpoints. The section is optional: without it a study has no plan.
 */
final class SourceDataVerificationReader {
    private SourceDataVerificationReader() {
    }

    static SourceDataVerificationPlan read(YamlView v, List<Visit> visits, List<FormDefinition> forms, List<Endpoint> endpoints) {
        if (!v.present()) {
            return SourceDataVerificationPlan.NONE;
        }
        if (!v.isMapping()) {
            return SourceDataVerificationPlan.NONE;
        }
        v.allowOnly("full", "samplePercent");
        YamlView full = v.get("full");
        List<String> fullVisits = List.of();
        List<String> fullForms = List.of();
        List<String> fullEndpoints = List.of();
        if (full.present() && full.isMapping()) {
            full.allowOnly("visits", "forms", "endpoints");
            fullVisits = known(full, "visits", ids(visits, Visit::id), "visit");
            fullForms = known(full, "forms", ids(forms, FormDefinition::id), "form");
            fullEndpoints = known(full, "endpoints", ids(endpoints, Endpoint::id), "endpoint");
            for (int i = 0; i < fullEndpoints.size(); i++) {
                String id = fullEndpoints.get(i);
                endpoints.stream().filter(e -> e != null && id.equals(e.id()) && e.source() == null).findFirst()
                        .ifPresent(e -> full.get("endpoints").problem("endpoint " + id + " names no source activity, so no form to verify"));
            }
        }
        Integer percent = v.integer("samplePercent", true);
        if (percent != null && (percent < 0 || percent > 100)) {
            v.get("samplePercent").problem("must be a whole percentage from 0 to 100, not " + percent);
            percent = null;
        }
        return new SourceDataVerificationPlan(fullVisits, fullForms, fullEndpoints, percent == null ? 0 : percent);
    }

    private static List<String> known(YamlView full, String key, Set<String> ids, String what) {
        List<YamlView> items = full.list(key, false);
        List<String> out = full.texts(key, false);
        for (YamlView item : items) {
            String id = item.asText(false);
            if (id != null && !ids.contains(id)) {
                item.problem("no " + what + " \"" + id + "\" in this protocol");
            }
        }
        return out.stream().filter(ids::contains).distinct().toList();
    }

    private static <T> Set<String> ids(List<T> items, Function<T, String> id) {
        return items.stream().filter(Objects::nonNull).map(id).filter(Objects::nonNull).collect(Collectors.toSet());
    }
}
