package org.harmonia.server.subjects;

import java.time.LocalDate;
import org.harmonia.server.system.Text;

/** A subject leaving the study: the date, and for a withdrawal the reason (needed for the CONSORT diagram). */
public record StudyExit(LocalDate date, String reason, Integer version) {
    public StudyExit {
        Text.multiLine("reason", reason);
    }
}
