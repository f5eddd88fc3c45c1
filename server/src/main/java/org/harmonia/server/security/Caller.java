package org.harmonia.server.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.harmonia.server.system.ForbiddenException;
import org.harmonia.server.system.NotFoundException;

/**
 * The authenticated user behind a request, with the roles it holds per study; services check every action against it.
 * Serializable because a signed-in session keeps it in the database; its name is the username, which the session
 * table records as the session's principal.
 */
public record Caller(long userId, String username, String displayName, boolean administrator, List<RoleGrant> grants)
        implements java.io.Serializable, org.springframework.security.core.AuthenticatedPrincipal {
    /** The platform itself acting (start-up jobs, the demo loader): every permission everywhere. */
    public static final Caller SYSTEM = new Caller(0, "system", "Harmonia", true, List.of());

    public Caller {
        grants = List.copyOf(grants);
    }

    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String getName() {
        return username;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isSystem() {
        return this == SYSTEM;
    }

    public boolean has(String studyId, Permission permission) {
        return isSystem() || grants.stream().anyMatch(g -> g.studyId().equals(studyId) && permission.grantedTo(g.role()));
    }

    /** Refuses with 403 unless some role of the caller in the study grants the permission. */
    public void require(String studyId, Permission permission) {
        if (!has(studyId, permission)) {
            throw new ForbiddenException(username + " may not " + permission.name().toLowerCase().replace('_', ' ')
                    + " in study " + studyId);
        }
    }

    /** The sites where the permission holds: all for central roles, the assigned sites for site roles; 403 if none. */
    public SiteScope scope(String studyId, Permission permission) {
        require(studyId, permission);
        if (isSystem()) {
            return SiteScope.ALL;
        }
        Set<String> sites = new LinkedHashSet<>();
        for (RoleGrant g : grants) {
            if (!g.studyId().equals(studyId) || !permission.grantedTo(g.role())) {
                continue;
            }
            if (!g.role().siteScoped()) {
                return SiteScope.ALL;
            }
            sites.add(g.siteId());
        }
        return SiteScope.of(sites);
    }

    /**
     * Refuses an action at a site outside the caller's scope with 404, exactly as for something that does
     * not exist, so that site users cannot even learn which subject ids exist elsewhere.
     */
    public void requireSite(String studyId, Permission permission, String siteId, String what) {
        if (!scope(studyId, permission).contains(siteId)) {
            throw new NotFoundException(what);
        }
    }

    /** Whether the caller must not see allocations in this study. */
    public boolean blinded(String studyId) {
        return !has(studyId, Permission.SEE_ALLOCATION);
    }

    /** Whether the caller holds any role in the study (or is an administrator). */
    public boolean inStudy(String studyId) {
        return administrator || isSystem() || grants.stream().anyMatch(g -> g.studyId().equals(studyId));
    }
}
