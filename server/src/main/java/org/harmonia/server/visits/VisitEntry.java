package org.harmonia.server.visits;

import java.time.LocalDate;
import org.harmonia.server.system.Text;

/** A visit recorded as done on a date, or as missed with a note; a change carries the version read and a reason. */
public record VisitEntry(String status, LocalDate visitDate, String note, Integer version, String reason) {
    public VisitEntry {
        Text.singleLine("status", status, 20);
        Text.multiLine("note", note);
        Text.multiLine("reason", reason);
    }
}
