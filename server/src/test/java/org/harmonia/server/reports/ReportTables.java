package org.harmonia.server.reports;

import java.util.List;
import org.harmonia.server.reports.ReportBlock.Table;

/** Finding a report's tables and rows in the tests that check a study's figures. */
public final class ReportTables {
    private ReportTables() {
    }

    /** The report's table with this id. */
    public static Table table(Report r, String id) {
        return r.blocks().stream().filter(b -> b instanceof Table t && t.id().equals(id)).map(b -> (Table) b).findFirst().orElseThrow();
    }

    /** The first row of the table whose label starts with {@code prefix}. */
    public static List<String> row(Table t, String prefix) {
        return t.rows().stream().filter(r -> r.get(0).startsWith(prefix)).findFirst().orElseThrow();
    }
}
