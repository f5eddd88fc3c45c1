package org.harmonia.server.cli;

import picocli.CommandLine.IVersionProvider;

/** The Harmonia version, read from the jar manifest (the Maven project version). */
public final class HarmoniaVersion implements IVersionProvider {

    /** The version string, or {@code development} when running from classes outside a jar. */
    public static String current() {
        String v = HarmoniaVersion.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Harmonia " + current()};
    }
}
