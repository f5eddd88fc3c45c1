package org.harmonia.server.standards.dataset;

import java.io.IOException;

/**
 * Writes the rows of one dataset to a file as they come, holding none of them: a character variable takes a
 * {@code String} (null or empty is missing), a numeric one a {@code Number} (null is missing).
 */
public interface DatasetWriter extends AutoCloseable {

    /** Appends one row, its values in the order of the dataset's variables. */
    void row(Object... values) throws IOException;

    /** The rows written so far. */
    long rows();

    /** Finishes the file. */
    @Override
    void close() throws IOException;

    /** Checks a row against the dataset's variables: the count, and a text or a number where each is expected. */
    static void check(Dataset dataset, Object[] values) {
        if (values.length != dataset.variables().size()) {
            throw new IllegalArgumentException(dataset.name() + ": a row of " + values.length + " values for "
                    + dataset.variables().size() + " variables");
        }
        for (int i = 0; i < values.length; i++) {
            Variable v = dataset.variables().get(i);
            Object x = values[i];
            if (x == null) {
                continue;
            }
            if (v.numeric() && !(x instanceof Number)) {
                throw new IllegalArgumentException(dataset.name() + "." + v.name() + " is numeric, not \"" + x + "\"");
            }
            if (!v.numeric() && !(x instanceof String)) {
                throw new IllegalArgumentException(dataset.name() + "." + v.name() + " is character, not " + x);
            }
            if (v.type() == DataType.INTEGER && x instanceof Double d && d != Math.rint(d)) {
                throw new IllegalArgumentException(dataset.name() + "." + v.name() + " holds whole numbers, not " + d);
            }
        }
    }
}
