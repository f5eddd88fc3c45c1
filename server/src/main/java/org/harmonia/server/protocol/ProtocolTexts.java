package org.harmonia.server.protocol;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The protocol's own texts (visit, form, field and choice labels, check messages, criterion wording) in the page's
 * language, for templates as {@code @protocolTexts.of(studyId, text)}: the protocol file's translation when it has
 * one, else the English wording. Only pages translate: the API, exports and the audit trail keep the protocol's
 * English texts, which are also the stored choice values.
 */
@Component("protocolTexts")
public class ProtocolTexts {
    private final ProtocolCatalog catalog;

    public ProtocolTexts(ProtocolCatalog catalog) {
        this.catalog = catalog;
    }

    public String of(String studyId, String english) {
        if (english == null) {
            return null;
        }
        return catalog.protocol(studyId).map(p -> p.text(LocaleContextHolder.getLocale().getLanguage(), english)).orElse(english);
    }
}
