package org.harmonia.server.security;

/**
 * A role a user holds in one study. Site roles are scoped to their sites; the others see every site.
 * Blinded roles never see an allocation or anything derived from it.
 */
public enum Role {
    SITE_INVESTIGATOR(true, true),
    SITE_COORDINATOR(true, true),
    CENTRAL_DATA_MANAGER(false, true),
    MONITOR(false, true),
    UNBLINDED_STATISTICIAN(false, false),
    UNBLINDED_PHARMACIST(false, false),
    DSMB_MEMBER(false, false),
    STUDY_ADMINISTRATOR(false, true);

    private final boolean siteScoped;
    private final boolean blinded;

    Role(boolean siteScoped, boolean blinded) {
        this.siteScoped = siteScoped;
        this.blinded = blinded;
    }

    public boolean siteScoped() {
        return siteScoped;
    }

    public boolean blinded() {
        return blinded;
    }

    public String label() {
        return name().toLowerCase().replace('_', ' ');
    }
}
