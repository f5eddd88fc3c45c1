package org.harmonia.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.harmonia.server.system.ConflictException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Protocol versions are immutable in the database: reloading is a no-op, changed content needs a new version. */
@SpringBootTest(properties = "harmonia.protocols=../protocols")
class ProtocolCatalogTest {
    @Autowired
    ProtocolCatalog catalog;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    @Test
    void reloadingTheSameFileChangesNothing() {
        int before = versions();
        catalog.load(Path.of("../protocols/mesems.yaml"));
        assertThat(versions()).isEqualTo(before);
    }

    @Test
    void refusesChangedContentUnderALoadedVersion() throws Exception {
        String changed = Files.readString(Path.of("../protocols/mesems.yaml")).replace("plannedEnrolment: 144", "plannedEnrolment: 150");
        Path file = Files.writeString(dir.resolve("mesems.yaml"), changed);
        assertThatThrownBy(() -> catalog.load(file)).isInstanceOf(ConflictException.class)
                .hasMessage("protocol mesems version 1.3 was already loaded with different content; give the changed file mesems.yaml a new version");
    }

    @Test
    void keepsEveryVersionAndMakesTheNewestCurrent() throws Exception {
        String v2 = Files.readString(Path.of("../protocols/mesems.yaml")).replace("version: \"1.3\"", "version: \"1.4-test\"");
        Path file = Files.writeString(dir.resolve("mesems.yaml"), v2);
        catalog.load(file);
        assertThat(jdbc.sql("select version from protocol_version where study_id = 'mesems' order by loaded_at")
                .query(String.class).list()).containsExactly("1.3", "1.4-test");
        assertThat(jdbc.sql("select current_version from study where id = 'mesems'").query(String.class).single())
                .isEqualTo("1.4-test");
        assertThat(jdbc.sql("select entity_id from audit_log where action = 'PROTOCOL_LOADED' order by seq").query(String.class).list())
                .contains("mesems 1.3", "mesems 1.4-test");
        catalog.load(Path.of("../protocols/mesems.yaml"));
    }

    @Test
    void storesSubTrialsSitesAndRegistrations() {
        assertThat(jdbc.sql("select count(*) from sub_trial where study_id = 'mesems'").query(Integer.class).single()).isEqualTo(9);
        assertThat(jdbc.sql("select sub_trial_id from site where study_id = 'mesems' and id = '07'").query(String.class).single())
                .isEqualTo("stockholm");
        assertThat(jdbc.sql("select registered_on::text from registration where id = 'NCT01730547'").query(String.class).single())
                .isEqualTo("2012-11-21");
    }

    private int versions() {
        return jdbc.sql("select count(*) from protocol_version").query(Integer.class).single();
    }
}
