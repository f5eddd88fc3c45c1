package org.harmonia.bench;

import java.io.IOException;

/** CPU seconds used so far by the server's JVM, its PostgreSQL (with its backends) and this benchmark's JVM. */
record Cpu(double server, double database, double client) {
    static Cpu now(DemoServer server) throws IOException {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return new Cpu(Machine.cpuSeconds(server.pid(), false), Machine.cpuSeconds(server.databasePid(), true),
                os.getProcessCpuTime() / 1e9);
    }

    Cpu minus(Cpu earlier) {
        return new Cpu(server - earlier.server, database - earlier.database, client - earlier.client);
    }
}
