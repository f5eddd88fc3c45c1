package org.harmonia.trial.eligibility;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Why part of a rule has no value: variables not entered, no randomisation date, or a value that is undefined. */
record Unknowns(Set<String> variables, boolean randomisationDate, List<String> undefined) {
    static final Unknowns NONE = new Unknowns(Set.of(), false, List.of());

    Unknowns {
        variables = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(variables));
        undefined = List.copyOf(undefined);
    }

    static Unknowns variable(String name) {
        return new Unknowns(Set.of(name), false, List.of());
    }

    static Unknowns noRandomisationDate() {
        return new Unknowns(Set.of(), true, List.of());
    }

    static Unknowns undefined(String why) {
        return new Unknowns(Set.of(), false, List.of(why));
    }

    boolean isNone() {
        return variables.isEmpty() && !randomisationDate && undefined.isEmpty();
    }

    Unknowns and(Unknowns other) {
        var names = new LinkedHashSet<>(variables);
        names.addAll(other.variables);
        var why = new ArrayList<>(undefined);
        other.undefined.stream().filter(w -> !why.contains(w)).forEach(why::add);
        return new Unknowns(names, randomisationDate || other.randomisationDate, why);
    }
}
