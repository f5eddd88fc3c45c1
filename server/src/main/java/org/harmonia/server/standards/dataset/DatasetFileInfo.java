package org.harmonia.server.standards.dataset;

import java.util.Set;

/**
 * What every Dataset-JSON file of one export says about where it comes from: the study and metadata version (the
 * OIDs of the Define-XML beside it), the organisation and system that wrote it, when, and when the source data last
 * changed. {@code referenceDatasets} names the datasets that hold no subject data (the trial design ones).
 */
public record DatasetFileInfo(String studyOid, String metaDataVersionOid, String metaDataRef, String originator,
                              String systemName, String systemVersion, String created, String dbLastModified,
                              Set<String> referenceDatasets) {
    public DatasetFileInfo {
        referenceDatasets = Set.copyOf(referenceDatasets);
    }

    String fileOid(Dataset dataset) {
        return studyOid + "." + dataset.name() + "." + created;
    }

    boolean referenceData(Dataset dataset) {
        return referenceDatasets.contains(dataset.name());
    }
}
