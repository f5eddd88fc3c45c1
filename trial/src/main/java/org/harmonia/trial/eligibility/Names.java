package org.harmonia.trial.eligibility;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** Reserved words of the rule language and the "did you mean" suggestion for misspelt names. */
final class Names {
    static final Set<String> KEYWORDS = Set.of("and", "or", "not", "between", "in", "true", "false", "never");

    private Names() {
    }

    /** The known name closest to {@code name}, if it is close enough to be a plausible typing slip. */
    static Optional<String> closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(name.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, name.length() / 3));
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean x?)" when a close name exists, otherwise the empty string. */
    static String didYouMean(String name, Collection<String> known) {
        return closest(name, known).map(s -> " (did you mean " + s + "?)").orElse("");
    }

    /** Damerau-style edit distance (insert, delete, substitute, swap of neighbours). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
