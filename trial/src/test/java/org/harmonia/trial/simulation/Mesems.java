package org.harmonia.trial.simulation;

import java.nio.file.Path;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;

/** The MESEMS protocol file, loaded once for the simulation tests. */
final class Mesems {
    private static final Protocol PROTOCOL = new ProtocolLoader().load(Path.of("..", "protocols", "mesems.yaml"));

    private Mesems() {
    }

    static Protocol protocol() {
        return PROTOCOL;
    }
}
