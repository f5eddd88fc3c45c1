package org.harmonia.server.system;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * How request bodies are read: strictly. A key sent twice, a field the request does not have, a null for a
 * yes/no, a control character or an oversized string is refused with the field named, never resolved by a
 * guess (last key wins, unknown field dropped, false assumed, text stored as sent).
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictRequestBodies() {
        return builder -> builder
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // decimals arrive exactly as written: 1e309 is a (too large) number, not infinity or an overflow
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .addModule(new SimpleModule("harmonia-text").addDeserializer(String.class, new CheckedString()));
    }

    /**
     * Every string of a request: no NUL or control character other than tab and line breaks (single-line
     * fields are checked again where they are used), and at most {@link Text#ANY_STRING_MAX} characters.
     */
    static final class CheckedString extends StdScalarDeserializer<String> {
        CheckedString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                if (p.currentToken().isScalarValue() && !p.hasToken(JsonToken.VALUE_NULL)) {
                    // a number or true/false where text is expected: the text as written, as Jackson does by default
                    return check(p, p.getString());
                }
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            return check(p, p.getString());
        }

        private static String check(JsonParser p, String value) {
            String problem = Text.problem(value, Text.ANY_STRING_MAX, true);
            if (problem != null) {
                throw new RefusedText(p, problem, value);
            }
            return value;
        }
    }

    /** A string refused by the text rules; its message is what the client reads next to the field. */
    public static final class RefusedText extends InvalidFormatException {
        RefusedText(JsonParser p, String problem, String value) {
            super(p, problem, "", String.class);
        }
    }
}
