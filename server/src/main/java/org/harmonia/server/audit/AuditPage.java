package org.harmonia.server.audit;

import java.util.List;

/** One page of audit rows, oldest first, with the number of rows matching the filter in all. */
public record AuditPage(List<AuditEntry> entries, long total, int limit, int offset) {
    public AuditPage {
        entries = List.copyOf(entries);
    }
}
