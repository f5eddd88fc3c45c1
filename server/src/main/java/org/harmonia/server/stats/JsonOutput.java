package org.harmonia.server.stats;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes results as JSON with camelCase keys and doubles at full precision (shortest text that reads back exactly). */
public final class JsonOutput {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private JsonOutput() {
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
