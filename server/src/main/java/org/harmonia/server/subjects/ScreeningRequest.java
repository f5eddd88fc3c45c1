package org.harmonia.server.subjects;

import java.time.LocalDate;
import java.util.Map;
import org.harmonia.server.system.Text;

/**
 * A new screening: the site, the screening date (today if absent), the planned randomisation date that
 * wash-out windows count back from, and the screening data keyed by the protocol's screening fields.
 */
public record ScreeningRequest(String siteId, LocalDate screeningDate, LocalDate plannedRandomisationDate,
                               Map<String, Object> data) {
    public ScreeningRequest {
        Text.singleLine("siteId", siteId, 100);
    }
}
