package org.harmonia.trial.protocol;

import java.util.List;

/** A product given in the study (cell therapy, placebo, comparator) with its dose, routes and courses. */
public record Intervention(String id, String name, String type, Dose dose, List<Route> routes, Courses courses) {
    public Intervention {
        routes = List.copyOf(routes);
    }
}
