package org.harmonia.server.standards.usdm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A USDM file as read: strict JSON (duplicate keys, nesting beyond {@value #MAX_DEPTH} levels, texts beyond
 * {@value #MAX_TEXT} characters and files beyond {@value #MAX_BYTES} bytes are refused), and a cursor over it that
 * names the path of whatever is missing or of the wrong type ({@code study.versions[0].titles[1].text: expected a
 * text, found a number}).
 */
public final class UsdmFile {
    public static final long MAX_BYTES = 32L * 1024 * 1024;
    static final int MAX_DEPTH = 64;
    static final int MAX_TEXT = 100_000;

    private static final JsonMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_TEXT)
                            .maxNumberLength(100).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build();

    /** The file cannot be read as USDM 4; the message names the file and where. */
    public static final class UsdmReadException extends RuntimeException {
        UsdmReadException(String message) {
            super(message);
        }
    }

    private UsdmFile() {
    }

    /** Parses the bytes of a file named {@code name}; a file that is not one JSON object is refused. */
    public static Node parse(byte[] bytes, String name) {
        if (bytes.length > MAX_BYTES) {
            throw new UsdmReadException(name + ": larger than the limit of " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(bytes);
        } catch (JacksonException e) {
            String m = e.getOriginalMessage();
            var loc = e.getLocation();
            throw new UsdmReadException(name + ": not valid JSON" + (loc == null ? "" : " (line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr() + ")") + ": " + (m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m)));
        }
        if (root == null || !root.isObject()) {
            throw new UsdmReadException(name + ": a USDM file is one JSON object (the API's Wrapper: usdmVersion and study)");
        }
        return new Node(name, "", root);
    }

    /** A place in the file: its JSON and its path, for messages. */
    public record Node(String file, String path, JsonNode json) {
        private String at(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        private UsdmReadException problem(String where, String what) {
            return new UsdmReadException(file + ": " + where + ": " + what);
        }

        private static String kind(JsonNode n) {
            if (n.isString()) {
                return "a text";
            }
            if (n.isNumber()) {
                return "a number";
            }
            if (n.isBoolean()) {
                return "true/false";
            }
            if (n.isArray()) {
                return "a list";
            }
            if (n.isObject()) {
                return "an object";
            }
            return "null";
        }

        /** A text; required ones must be there and not blank. Control characters other than line breaks and tabs are refused. */
        public String text(String key, boolean required) {
            JsonNode v = json.get(key);
            if (v == null || v.isNull()) {
                if (required) {
                    throw problem(at(key), "is required");
                }
                return null;
            }
            if (!v.isString()) {
                throw problem(at(key), "expected a text, found " + kind(v));
            }
            String s = v.asString();
            if (s.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
                throw problem(at(key), "contains a control character");
            }
            if (required && s.isBlank()) {
                throw problem(at(key), "is empty");
            }
            return s;
        }

        public Optional<Node> object(String key, boolean required) {
            JsonNode v = json.get(key);
            if (v == null || v.isNull()) {
                if (required) {
                    throw problem(at(key), "is required");
                }
                return Optional.empty();
            }
            if (!v.isObject()) {
                throw problem(at(key), "expected an object, found " + kind(v));
            }
            return Optional.of(new Node(file, at(key), v));
        }

        /** The objects of a list (absent: empty). */
        public List<Node> list(String key) {
            JsonNode v = json.get(key);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw problem(at(key), "expected a list, found " + kind(v));
            }
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                JsonNode e = v.get(i);
                String p = at(key) + "[" + i + "]";
                if (!e.isObject()) {
                    throw problem(p, "expected an object, found " + kind(e));
                }
                out.add(new Node(file, p, e));
            }
            return out;
        }

        /** The texts of a list of ids (absent: empty). */
        public List<String> texts(String key) {
            JsonNode v = json.get(key);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                throw problem(at(key), "expected a list, found " + kind(v));
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isString()) {
                    throw problem(at(key) + "[" + i + "]", "expected a text, found " + kind(v.get(i)));
                }
                out.add(v.get(i).asString());
            }
            return out;
        }

        /** A whole number, for quantities such as the planned enrolment; one with a fraction or out of range is refused. */
        public Optional<Integer> wholeNumber(String key, int min, int max) {
            JsonNode v = json.get(key);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isNumber()) {
                throw problem(at(key), "expected a number, found " + kind(v));
            }
            double d = v.asDouble();
            if (d != Math.rint(d) || d < min || d > max) {
                throw problem(at(key), v.asString() + " is not a whole number from " + min + " to " + max);
            }
            return Optional.of((int) d);
        }

        public Optional<Boolean> bool(String key) {
            JsonNode v = json.get(key);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isBoolean()) {
                throw problem(at(key), "expected true or false, found " + kind(v));
            }
            return Optional.of(v.asBoolean());
        }

        /** The string value of the extension attribute with this URL, if the object has one. */
        public Optional<String> extension(String url) {
            for (Node e : list("extensionAttributes")) {
                if (url.equals(e.text("url", false))) {
                    if (e.json().has("valueString") && !e.json().get("valueString").isNull()) {
                        return Optional.ofNullable(e.text("valueString", false));
                    }
                    if (e.json().has("valueBoolean") && !e.json().get("valueBoolean").isNull()) {
                        return e.bool("valueBoolean").map(String::valueOf);
                    }
                    if (e.json().has("valueInteger") && !e.json().get("valueInteger").isNull()) {
                        return e.wholeNumber("valueInteger", Integer.MIN_VALUE, Integer.MAX_VALUE).map(String::valueOf);
                    }
                }
            }
            return Optional.empty();
        }

        /** A coded value (a Code, or an AliasCode's standard code): code, system and decode. */
        public Optional<String[]> code(String key) {
            Optional<Node> c = object(key, false);
            if (c.isEmpty()) {
                return Optional.empty();
            }
            Node n = c.get();
            if (n.json().has("standardCode")) {
                n = n.object("standardCode", true).get();
            }
            return Optional.of(new String[] {n.text("code", true), n.text("codeSystem", false), n.text("decode", false)});
        }

        public UsdmReadException fail(String what) {
            return problem(path.isEmpty() ? "the file" : path, what);
        }
    }
}
