package org.harmonia.server.standards.odm;

import java.util.List;
import java.util.Map;

/**
 * An ODM file as read: the study's metadata (one MetaDataVersion) and its clinical data, with the line of each value so
 * that a problem can be reported where it is. Vendor extensions are kept only where they change the meaning (REDCap's
 * field types and checkbox variables, OpenClinica's subject labels).
 */
record OdmFile(String sourceSystem, String studyOid, String studyName, String studyDescription, String protocolName,
               List<EventDef> events, Map<String, FormDef> forms, Map<String, GroupDef> groups, Map<String, ItemDef> items,
               Map<String, CodeList> codeLists, Map<String, String> units, Map<String, String> locations,
               List<SubjectData> subjects) {

    /** A StudyEventDef (a visit) with the forms it holds, in the protocol's order when the file gives one. */
    record EventDef(String oid, String name, boolean repeating, String type, List<String> formOids) {
    }

    record FormDef(String oid, String name, boolean repeating, List<String> groupOids) {
    }

    record GroupDef(String oid, String name, boolean repeating, List<ItemRef> items) {
    }

    record ItemRef(String itemOid, boolean mandatory) {
    }

    /** An ItemDef; {@code vendor} holds REDCap's FieldType, TextValidationType and Variable when present. */
    record ItemDef(String oid, String name, String dataType, Integer length, String question, String unitOid,
                   List<RangeCheck> rangeChecks, String codeListOid, Map<String, String> vendor) {
    }

    record RangeCheck(String comparator, String softHard, String value) {
    }

    record CodeList(String oid, String name, String dataType, List<CodeItem> items) {
    }

    record CodeItem(String code, String decode) {
    }

    /** A subject's data; {@code label} is the subject's id in the source system when it differs from the key. */
    record SubjectData(String key, String label, String siteOid, int line, List<EventData> events) {
    }

    /** Data of one event; REDCap's classic projects put forms directly under the subject, read here as event null. */
    record EventData(String eventOid, String repeatKey, int line, List<FormData> forms) {
    }

    record FormData(String formOid, String repeatKey, int line, List<GroupData> groups) {
    }

    record GroupData(String groupOid, String repeatKey, int line, List<ItemValue> items) {
    }

    record ItemValue(String itemOid, String value, int line) {
    }
}
