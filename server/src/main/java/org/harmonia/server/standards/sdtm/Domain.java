package org.harmonia.server.standards.sdtm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.server.standards.dataset.Dataset;

/**
 * A dataset as Define-XML describes it: name, label, observation class, structure (what one row is), whether it holds
 * reference rather than subject data, its columns in order and its keys.
 */
public record Domain(String name, String label, String observationClass, String structure, boolean reference,
                     List<Column> columns, List<String> keys) {
    public Domain {
        columns = List.copyOf(columns);
        keys = List.copyOf(keys);
    }

    public Dataset dataset() {
        return new Dataset(name, label, columns.stream().map(Column::variable).toList(), keys);
    }

    /** A row in the making: values set by variable name, handed to a writer in the columns' order. */
    public Row row() {
        return new Row(this);
    }

    /** The values of one row by variable name. */
    public static final class Row {
        private final Domain domain;
        private final Map<String, Integer> index = new HashMap<>();
        private final Object[] values;

        private Row(Domain domain) {
            this.domain = domain;
            this.values = new Object[domain.columns().size()];
            for (int i = 0; i < values.length; i++) {
                index.put(domain.columns().get(i).name(), i);
            }
        }

        public Row set(String variable, Object value) {
            Integer i = index.get(variable);
            if (i == null) {
                throw new IllegalArgumentException(domain.name() + " has no variable " + variable);
            }
            values[i] = value;
            return this;
        }

        public boolean has(String variable) {
            return index.containsKey(variable);
        }

        public Object[] values() {
            return values.clone();
        }
    }
}
