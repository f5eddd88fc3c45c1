package org.harmonia.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A benchmark's command line: {@code --name value} pairs and the flag {@code --keep}; anything else is refused. */
record Options(Map<String, String> values, boolean keep) {
    static Options parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--keep")) {
                keep = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                values.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        return new Options(values, keep);
    }

    /** Refuses an option not among those named, so that a mistyped one is never silently ignored. */
    void refuseAllBut(String... known) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        Arrays.asList(known).forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + unknown);
        }
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    /** A file named by the option, absolute; null when the option is not given. */
    Path path(String name) {
        return values.containsKey(name) ? Path.of(values.get(name)).toAbsolutePath() : null;
    }

    /** The {@code ./harmonia} launcher the benchmark starts ({@code --harmonia}, by default the checkout's). */
    Path launcher() {
        return Path.of(get("harmonia", "../harmonia")).toAbsolutePath().normalize();
    }
}
