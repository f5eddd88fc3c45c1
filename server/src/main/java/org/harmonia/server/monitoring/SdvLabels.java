package org.harmonia.server.monitoring;

import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.trial.protocol.Protocol;
import org.springframework.stereotype.Component;

/** The protocol's English labels of visits and forms by id, for templates ({@code @sdvLabels}), which translate them. */
@Component("sdvLabels")
public class SdvLabels {
    private final ProtocolCatalog catalog;

    public SdvLabels(ProtocolCatalog catalog) {
        this.catalog = catalog;
    }

    public String visit(String studyId, String visitId) {
        Protocol p = catalog.require(studyId);
        return MonitoringVisitReport.visit(p, visitId);
    }

    public String form(String studyId, String formId) {
        return MonitoringVisitReport.form(catalog.require(studyId), formId);
    }
}
