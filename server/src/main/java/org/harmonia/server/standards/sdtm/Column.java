package org.harmonia.server.standards.sdtm;

import org.harmonia.server.standards.dataset.Variable;

/**
 * A variable of a tabulation or analysis dataset with what Define-XML says of it: its origin, the codelist its values
 * come from (null: none) and, for a derived or predecessor variable, how it is obtained.
 */
public record Column(Variable variable, Origin origin, String codelist, String method) {
    public Column {
        if ((origin == Origin.DERIVED || origin == Origin.PREDECESSOR) && (method == null || method.isBlank())) {
            throw new IllegalArgumentException(variable.name() + " is " + origin.type() + ": say how");
        }
    }

    public static Column collected(Variable v) {
        return new Column(v, Origin.COLLECTED, null, null);
    }

    public static Column collected(Variable v, String codelist) {
        return new Column(v, Origin.COLLECTED, codelist, null);
    }

    public static Column assigned(Variable v) {
        return new Column(v, Origin.ASSIGNED, null, null);
    }

    public static Column assigned(Variable v, String codelist) {
        return new Column(v, Origin.ASSIGNED, codelist, null);
    }

    public static Column protocol(Variable v) {
        return new Column(v, Origin.PROTOCOL, null, null);
    }

    public static Column protocol(Variable v, String codelist) {
        return new Column(v, Origin.PROTOCOL, codelist, null);
    }

    public static Column derived(Variable v, String method) {
        return new Column(v, Origin.DERIVED, null, method);
    }

    public static Column derived(Variable v, String codelist, String method) {
        return new Column(v, Origin.DERIVED, codelist, method);
    }

    public static Column predecessor(Variable v, String from) {
        return new Column(v, Origin.PREDECESSOR, null, from);
    }

    public String name() {
        return variable.name();
    }
}
