package org.harmonia.server.system;

import java.nio.file.Path;

/** Starts an embedded PostgreSQL on a directory and waits, so a test can kill this JVM with SIGKILL and leave the server behind. */
public final class OrphanedServer {
    private OrphanedServer() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]), true);
        System.out.println("ready " + db.port());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
