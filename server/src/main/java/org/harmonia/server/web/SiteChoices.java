package org.harmonia.server.web;

import java.util.ArrayList;
import java.util.List;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.security.SiteScope;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Site;
import org.harmonia.trial.protocol.SubTrial;
import org.springframework.stereotype.Component;

/** The sites whose data a user may read, per study: the assigned sites of a site role, every site of a central one. */
@Component
public class SiteChoices {
    private final ProtocolCatalog catalog;

    public SiteChoices(ProtocolCatalog catalog) {
        this.catalog = catalog;
    }

    /** One site of the caller's; another site is not found, exactly as in the API. */
    public SiteChoice require(Caller caller, String studyId, String siteId) {
        return of(caller).stream().filter(c -> c.studyId().equals(studyId) && c.siteId().equals(siteId)).findFirst()
                .orElseThrow(() -> new NotFoundException("no site \"" + siteId + "\" in study " + studyId));
    }

    /** A study in which the caller holds a role, with the study-wide pages the role may open (reports, locks). */
    public record StudyPages(String studyId, String studyName, boolean reports, boolean locks) {
    }

    /** The studies where the caller holds a role and may open a study-wide page: a DSMB member reaches the reports here. */
    public List<StudyPages> studies(Caller caller) {
        List<StudyPages> out = new ArrayList<>();
        if (caller.isSystem()) {
            return out;
        }
        // a permission of a signed-in user comes from a role in the study
        for (Protocol p : catalog.protocols()) {
            boolean reports = caller.has(p.id(), Permission.READ_BLINDED_REPORTS) || caller.has(p.id(), Permission.READ_UNBLINDED_REPORTS);
            boolean locks = caller.has(p.id(), Permission.READ_LOCKS);
            if (reports || locks) {
                out.add(new StudyPages(p.id(), name(p), reports, locks));
            }
        }
        return out;
    }

    public List<SiteChoice> of(Caller caller) {
        List<SiteChoice> out = new ArrayList<>();
        for (Protocol p : catalog.protocols()) {
            if (!caller.has(p.id(), Permission.READ_DATA)) {
                continue;
            }
            SiteScope scope = caller.scope(p.id(), Permission.READ_DATA);
            for (SubTrial st : p.subTrials()) {
                for (Site s : st.sites()) {
                    if (scope.contains(s.id())) {
                        out.add(new SiteChoice(p.id(), name(p), s.id(), s.name(), s.city()));
                    }
                }
            }
        }
        return out;
    }

    private static String name(Protocol p) {
        return p.acronym() == null ? p.id() : p.acronym();
    }
}
