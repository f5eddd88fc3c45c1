package org.harmonia.trial.protocol;

import java.util.List;

/** A protocol file could not be loaded; carries every problem found, each with file, line and path. */
public class ProtocolException extends RuntimeException {
    private final List<ProtocolProblem> problems;

    public ProtocolException(List<ProtocolProblem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ProtocolProblem> problems() {
        return problems;
    }

    private static String format(List<ProtocolProblem> problems) {
        StringBuilder sb = new StringBuilder();
        for (ProtocolProblem p : problems) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(p);
        }
        return sb.toString();
    }
}
