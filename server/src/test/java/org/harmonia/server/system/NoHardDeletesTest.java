package org.harmonia.server.system;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The database itself refuses DELETE and TRUNCATE on every table of trial data, whatever the application does. */
@SpringBootTest(properties = "harmonia.protocols=../protocols")
class NoHardDeletesTest {
    static final List<String> TABLES = List.of("subject_counter", "subject", "visit_record", "form_record", "expedited_report",
            "data_query", "app_user", "role_assignment", "api_token", "randomisation_setup", "randomisation_slot", "kit",
            "allocation", "emergency_unblinding", "notification", "randomisation_extension", "audit_log", "data_lock", "lock_snapshot_subject", "lock_snapshot_form_record",
            "lock_snapshot_allocation", "lock_snapshot_cutoff", "casebook_signature", "data_query_event", "edit_check_finding", "msc_batch", "shipment", "kit_stock", "kit_event",
            "shipment_request", "dispensing", "generated_report");

    @Autowired
    JdbcClient jdbc;

    @Test
    void refusesDeleteAndTruncateOnEveryTrialTable() {
        for (String table : TABLES) {
            jdbc.sql("select count(*) from " + table).query(Integer.class).single();
            // an empty table has no row for a row trigger to refuse, so DELETE is checked through its trigger's existence
            assertThatThrownBy(() -> jdbc.sql("truncate " + table + " cascade").update()).as(table)
                    .isInstanceOf(DataAccessException.class);
            org.assertj.core.api.Assertions.assertThat(jdbc.sql("""
                    select count(*) from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
                    where c.relname = ? and p.proname = 'refuse_delete'
                    """).param(table).query(Integer.class).single()).as(table + ": delete and truncate triggers").isEqualTo(2);
        }
    }
}
