package org.harmonia.server.standards.sdtm;

import java.util.List;

/**
 * A codelist of Define-XML: the values a coded variable takes, each with its decode where the code alone does not
 * say it (test codes), and whether the list follows CDISC Controlled Terminology or is Harmonia's own.
 */
public record Codelist(String id, String name, boolean cdisc, List<Term> terms) {
    public Codelist {
        terms = List.copyOf(terms);
    }

    /** One permitted value and its decode (null: none). */
    public record Term(String code, String decode) {
    }

    public static Codelist of(String id, String name, boolean cdisc, String... codes) {
        return new Codelist(id, name, cdisc, java.util.Arrays.stream(codes).map(c -> new Term(c, null)).toList());
    }

    public boolean decoded() {
        return terms.stream().anyMatch(t -> t.decode() != null);
    }
}
