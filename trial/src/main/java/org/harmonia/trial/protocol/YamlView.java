package org.harmonia.trial.protocol;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node seen with its path in the document; reading a value that is absent or of the wrong
 * shape records a problem (with line and path) instead of throwing, so a loader can report every
 * problem of a file at once.
 */
final class YamlView {
    private final Node node;
    private final String path;
    private final int line;
    private final Problems problems;

    YamlView(Node node, String path, int line, Problems problems) {
        this.node = node;
        this.path = path;
        this.line = line;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    boolean present() {
        return node != null;
    }

    /** Whether this is a mapping (no problem recorded either way, unlike {@link #isMapping()}). */
    boolean mapping() {
        return node instanceof MappingNode;
    }

    void problem(String message) {
        problems.add(line, path, message);
    }

    /** The child under {@code key}; an absent view if the key is missing or this is not a mapping. */
    YamlView get(String key) {
        String childPath = path.isEmpty() ? key : path + "." + key;
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return new YamlView(t.getValueNode(), childPath, lineOf(t.getValueNode()), problems);
                }
            }
        }
        return new YamlView(null, childPath, line, problems);
    }

    /** Records a problem for every key not in {@code allowed} (typos would otherwise pass silently) and for repeated keys. */
    void allowOnly(String... allowed) {
        if (!(node instanceof MappingNode m)) {
            return;
        }
        Set<String> ok = Set.of(allowed);
        Set<String> seen = new LinkedHashSet<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                problems.add(lineOf(t.getKeyNode()), path, "keys must be plain words");
                continue;
            }
            String key = k.getValue();
            String at = path.isEmpty() ? key : path + "." + key;
            if (!seen.add(key)) {
                problems.add(lineOf(k), at, "appears twice");
            } else if (!ok.contains(key)) {
                problems.add(lineOf(k), at, "unknown field \"" + key + "\"; expected one of: "
                        + String.join(", ", allowed));
            }
        }
    }

    /**
     * The entries of a mapping whose keys are data, not field names (e.g. texts to translate), in file order;
     * a repeated key is a problem and only its first value is kept.
     */
    List<Map.Entry<String, YamlView>> entries() {
        List<Map.Entry<String, YamlView>> out = new ArrayList<>();
        if (!(node instanceof MappingNode m)) {
            return out;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                problems.add(lineOf(t.getKeyNode()), path, "keys must be plain texts");
                continue;
            }
            String key = k.getValue();
            String at = path.isEmpty() ? key : path + "." + key;
            if (!seen.add(key)) {
                problems.add(lineOf(k), at, "appears twice");
                continue;
            }
            out.add(Map.entry(key, new YamlView(t.getValueNode(), at, lineOf(t.getValueNode()), problems)));
        }
        return out;
    }

    /** This node must be a mapping; records a problem and returns false otherwise. */
    boolean isMapping() {
        if (node == null) {
            return false;
        }
        if (!(node instanceof MappingNode)) {
            problem("expected a mapping of fields");
            return false;
        }
        return true;
    }

    String text(String key, boolean required) {
        return get(key).asText(required);
    }

    String asText(boolean required) {
        if (node == null) {
            if (required) {
                problem("is required");
            }
            return null;
        }
        if (node instanceof ScalarNode s) {
            String v = s.getValue().strip();
            if (v.isEmpty() && required) {
                problem("must not be empty");
                return null;
            }
            return v.isEmpty() ? null : v;
        }
        problem("expected a single value, found a " + (node instanceof SequenceNode ? "list" : "mapping"));
        return null;
    }

    Integer integer(String key, boolean required) {
        return get(key).asInteger(required);
    }

    Integer asInteger(boolean required) {
        String t = asText(required);
        if (t == null) {
            return null;
        }
        try {
            return Integer.valueOf(t);
        } catch (NumberFormatException e) {
            problem("\"" + t + "\" is not a whole number");
            return null;
        }
    }

    LocalDate date(String key) {
        YamlView v = get(key);
        String t = v.asText(false);
        if (t == null) {
            return null;
        }
        try {
            return LocalDate.parse(t);
        } catch (DateTimeParseException e) {
            v.problem("\"" + t + "\" is not a date (yyyy-mm-dd)");
            return null;
        }
    }

    /** Reads a word from a fixed vocabulary (case and hyphens/spaces ignored), naming the allowed words if it is not one. */
    <E extends Enum<E>> E choice(String key, Class<E> type, boolean required) {
        YamlView v = get(key);
        String t = v.asText(required);
        if (t == null) {
            return null;
        }
        String norm = t.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(norm)) {
                return e;
            }
        }
        v.problem("\"" + t + "\" is not one of: " + String.join(", ", Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList()));
        return null;
    }

    /** This node as a word from a fixed vocabulary (case, hyphens and spaces ignored). */
    <E extends Enum<E>> E asChoice(Class<E> type) {
        String t = asText(true);
        if (t == null) {
            return null;
        }
        String norm = t.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(norm)) {
                return e;
            }
        }
        problem("\"" + t + "\" is not one of: " + String.join(", ", Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList()));
        return null;
    }

    /** The items of a list under {@code key}; an empty list (and a problem if required) when absent. */
    List<YamlView> list(String key, boolean required) {
        return get(key).asList(required);
    }

    List<YamlView> asList(boolean required) {
        List<YamlView> out = new ArrayList<>();
        if (node == null) {
            if (required) {
                problem("is required");
            }
            return out;
        }
        if (!(node instanceof SequenceNode s)) {
            problem("expected a list");
            return out;
        }
        List<Node> items = s.getValue();
        for (int i = 0; i < items.size(); i++) {
            out.add(new YamlView(items.get(i), path + "[" + i + "]", lineOf(items.get(i)), problems));
        }
        if (required && out.isEmpty()) {
            problem("must not be empty");
        }
        return out;
    }

    /** A list of plain values under {@code key}. */
    List<String> texts(String key, boolean required) {
        return mapList(key, required, v -> v.asText(true));
    }

    <T> List<T> mapList(String key, boolean required, Function<YamlView, T> reader) {
        List<T> out = new ArrayList<>();
        for (YamlView v : list(key, required)) {
            T t = reader.apply(v);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    static int lineOf(Node n) {
        return n == null ? 0 : n.getStartMark().getLine() + 1;
    }

    /** Collects the problems of one file. */
    static final class Problems implements ProtocolLoader.Problems {
        private final String file;
        private final List<ProtocolProblem> list = new ArrayList<>();

        Problems(String file) {
            this.file = file;
        }

        @Override
        public void add(int line, String path, String message) {
            list.add(new ProtocolProblem(file, line, path, message));
        }

        List<ProtocolProblem> list() {
            return list;
        }

        String file() {
            return file;
        }
    }
}
