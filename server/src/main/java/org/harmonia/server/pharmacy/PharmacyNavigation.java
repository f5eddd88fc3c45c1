package org.harmonia.server.pharmacy;

import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.trial.protocol.Protocol;
import org.springframework.stereotype.Component;

/** Where the navigation bar and the start page send a pharmacist: the pharmacy of the first study they dispense in. */
@Component("pharmacyNav")
public class PharmacyNavigation {
    private final ProtocolCatalog catalog;

    public PharmacyNavigation(ProtocolCatalog catalog) {
        this.catalog = catalog;
    }

    /** The study whose pharmacy the caller works in, or null for everyone else (every blinded role among them). */
    public String studyOf(Caller caller) {
        if (caller == null || caller.isSystem()) {
            return null;
        }
        return catalog.protocols().stream().map(Protocol::id).filter(id -> caller.has(id, Permission.DISPENSE)).findFirst().orElse(null);
    }
}
