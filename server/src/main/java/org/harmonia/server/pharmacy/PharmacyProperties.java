package org.harmonia.server.pharmacy;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The pharmacy's configuration ({@code harmonia.pharmacy.*}, set in application.properties with its source): the
 * release limit an MSC batch must meet before any of its kits is dispensed, and when a site's stock raises a shipment
 * request.
 *
 * @param minViabilityPercent the least viability (% of live cells) of a releasable batch
 * @param releaseLimitSource where that limit comes from, shown with it to the pharmacist
 * @param resupplyThreshold a site holding fewer usable kits (received plus on their way) than this gets a request
 * @param resupplyKits how many kits a request asks for
 */
@ConfigurationProperties(prefix = "harmonia.pharmacy")
public record PharmacyProperties(BigDecimal minViabilityPercent, String releaseLimitSource, Integer resupplyThreshold,
                                 Integer resupplyKits) {
    public PharmacyProperties {
        if (minViabilityPercent == null || minViabilityPercent.signum() < 0 || minViabilityPercent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("harmonia.pharmacy.min-viability-percent must be set, from 0 to 100");
        }
        if (releaseLimitSource == null || releaseLimitSource.isBlank()) {
            throw new IllegalArgumentException("harmonia.pharmacy.release-limit-source must name where the release limit comes from");
        }
        resupplyThreshold = resupplyThreshold == null ? 2 : resupplyThreshold;
        resupplyKits = resupplyKits == null ? 4 : resupplyKits;
        if (resupplyThreshold < 0 || resupplyKits < 1) {
            throw new IllegalArgumentException("harmonia.pharmacy: resupply-threshold must be at least 0 and resupply-kits at least 1");
        }
    }
}
