package org.harmonia.trial.protocol;

/** One problem in a protocol file: where it is (file, line, path inside the document) and what is wrong. */
public record ProtocolProblem(String file, int line, String path, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
