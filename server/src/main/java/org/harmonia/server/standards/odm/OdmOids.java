package org.harmonia.server.standards.odm;

/**
 * How Harmonia names the parts of a study in ODM: one StudyEventDef per visit, one FormDef and one ItemGroupDef per
 * form, one ItemDef per field. The prefixes keep the kinds apart (ODM OIDs share one space per file) and the names
 * stay the protocol's own, so an OID read back gives the visit, form and field without a lookup table.
 */
final class OdmOids {
    /** The event that holds log records (adverse events, medication) tied to no visit. */
    static final String LOG_EVENT = "LOG";
    /** The form that holds a subject's screening data (the protocol's screening fields). */
    static final String SCREENING_FORM = "SCREENING";
    /** The form that holds a subject's enrolment dates (screening date, consent, day 0). */
    static final String SUBJECT_FORM = "SUBJECT";
    /** The form of the unblinded export only: the subject's sequence and kit. */
    static final String ALLOCATION_FORM = "ALLOCATION";

    private OdmOids() {
    }

    static String study(String studyId) {
        return "ST." + studyId;
    }

    static String metaDataVersion(String version) {
        return "MDV." + version;
    }

    static String event(String visitId) {
        return "SE." + visitId;
    }

    static String form(String formId) {
        return "F." + formId;
    }

    static String itemGroup(String formId) {
        return "IG." + formId;
    }

    static String item(String formId, String field) {
        return "IT." + formId + "." + field;
    }

    static String codeList(String formId, String field) {
        return "CL." + formId + "." + field;
    }

    static String unit(String symbol) {
        StringBuilder b = new StringBuilder("MU.");
        for (char c : symbol.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) ? c : '_');
        }
        return b.toString();
    }

    static String site(String siteId) {
        return "LOC." + siteId;
    }

    static String user(String username) {
        return "USR." + username;
    }

    /** The part after a prefix, or null when the OID does not carry it. */
    static String strip(String prefix, String oid) {
        return oid != null && oid.startsWith(prefix) ? oid.substring(prefix.length()) : null;
    }
}
