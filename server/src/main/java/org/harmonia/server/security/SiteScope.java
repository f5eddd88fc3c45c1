package org.harmonia.server.security;

import java.util.Set;

/**
 * The sites a caller may see for one permission: all of them, or a fixed set. Repositories put it into
 * their SQL, so a site user's query can never return another site's rows.
 */
public record SiteScope(boolean all, Set<String> sites) {
    public static final SiteScope ALL = new SiteScope(true, Set.of());

    public SiteScope {
        sites = Set.copyOf(sites);
    }

    public static SiteScope of(Set<String> sites) {
        return new SiteScope(false, sites);
    }

    public boolean contains(String siteId) {
        return all || sites.contains(siteId);
    }

    /** The SQL parameter: null for all sites, otherwise the array of site ids ({@code site_id = any(?)}). */
    public String[] sqlSites() {
        return all ? null : sites.toArray(String[]::new);
    }
}
