package org.harmonia.server.protocol;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored protocol definition as a caller may read it. Only the unblinded statistician sees the randomisation's
 * parameters (block sizes, the minimisation probability: what helps predict the next allocation) and the
 * assumptions marked concealed; everyone else sees that the study is randomised, by which method and over which
 * strata or factors, which the published protocol states anyway.
 */
final class ProtocolView {
    /** The fields of {@code design.randomisation} only the unblinded statistician reads. */
    static final List<String> PARAMETERS = List.of("blockSizes", "probability");

    private ProtocolView() {
    }

    /** A copy of the definition without the concealed parameters and assumptions. */
    static ObjectNode forBlinded(ObjectNode definition) {
        ObjectNode view = definition.deepCopy();
        if (view.get("design") instanceof ObjectNode design && design.get("randomisation") instanceof ObjectNode randomisation) {
            randomisation.remove(PARAMETERS);
        }
        if (view.get("assumptions") instanceof ArrayNode assumptions) {
            ArrayNode shown = view.arrayNode();
            for (JsonNode a : assumptions) {
                if (!a.path("concealed").asBoolean(false)) {
                    shown.add(a);
                }
            }
            view.set("assumptions", shown);
        }
        return view;
    }
}
