package org.harmonia.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How many connections the server's pool opens to its database. */
class DatabasePoolSizeTest {

    @Test
    void anEmbeddedDatabaseGetsTwoConnectionsPerCoreAndOne() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(DatabaseConfiguration.poolSize(0, false)).isEqualTo(2 * cores + 1);
    }

    @Test
    void anExternalDatabaseGetsTenWhoseCoresTheServerCannotSee() {
        assertThat(DatabaseConfiguration.poolSize(0, true)).isEqualTo(10);
    }

    @Test
    void aSizeSetIsKeptForEitherDatabase() {
        assertThat(DatabaseConfiguration.poolSize(3, false)).isEqualTo(3);
        assertThat(DatabaseConfiguration.poolSize(40, true)).isEqualTo(40);
    }

    @Test
    void aSizeOutOfRangeIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> DatabaseConfiguration.poolSize(-1, false)).hasMessageContaining("harmonia.db.pool-size");
        assertThatThrownBy(() -> DatabaseConfiguration.poolSize(1001, true)).hasMessageContaining("harmonia.db.pool-size");
    }
}
