package org.harmonia.trial.protocol;

/** A recruiting centre; its id is the site part of subject ids (MES-07-012). */
public record Site(String id, String name, String city) {
}
