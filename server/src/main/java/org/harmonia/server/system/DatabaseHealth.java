package org.harmonia.server.system;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The database's part of {@code /actuator/health}: DOWN at once while an outage is known (no connection attempt, so a
 * health check never waits on a dead database), otherwise a quick check through the pool, whose failure starts the
 * outage. It replaces Spring Boot's own database check ({@code management.health.db.enabled=false}).
 */
final class DatabaseHealth implements HealthIndicator {
    private final DatabaseAvailability availability;
    private final DatabaseSupervisor supervisor;

    DatabaseHealth(DatabaseAvailability availability, DatabaseSupervisor supervisor) {
        this.availability = availability;
        this.supervisor = supervisor;
    }

    @Override
    public Health health() {
        DatabaseAvailability.Outage outage = availability.outage();
        if (outage == null && availability.check()) {
            Health.Builder up = Health.up();
            if (supervisor != null) {
                up.withDetail("embedded", true).withDetail("restarts", supervisor.restarts());
            }
            return up.build();
        }
        outage = availability.outage();
        Health.Builder down = Health.down();
        if (outage != null) {
            down.withDetail("since", outage.since().toString()).withDetail("cause", outage.cause());
        }
        if (supervisor != null) {
            down.withDetail("embedded", true).withDetail("restarting", supervisor.restarting());
        }
        return down.build();
    }
}
