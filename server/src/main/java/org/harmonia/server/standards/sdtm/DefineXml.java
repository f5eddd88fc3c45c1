package org.harmonia.server.standards.sdtm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.harmonia.server.standards.dataset.DataType;
import org.harmonia.server.standards.dataset.Variable;

/**
 * Define-XML 2.1 for one export: the standard and its version, one ItemGroupDef per dataset (class, structure, keys,
 * the file it is in), one ItemDef per variable (data type, length, origin, codelist), the codelists, and a MethodDef
 * for each derivation. OIDs match the {@code itemGroupOID} and {@code itemOID} of the Dataset-JSON files.
 */
public final class DefineXml {
    static final String ODM = "http://www.cdisc.org/ns/odm/v1.3";
    static final String DEF = "http://www.cdisc.org/ns/def/v2.1";
    static final String XLINK = "http://www.w3.org/1999/xlink";

    /** What the file describes: the study, the standard, and whether the datasets are tabulation or analysis ones. */
    public record Description(String studyOid, String studyName, String studyDescription, String protocolName,
                              String standardName, String standardVersion, String purpose, String created, String originator,
                              String systemVersion, String fileExtension) {
    }

    private DefineXml() {
    }

    public static void write(Path file, Description d, List<Domain> domains, List<Codelist> codelists) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.setDefaultNamespace(ODM);
            x.setPrefix("def", DEF);
            x.setPrefix("xlink", XLINK);
            x.writeStartElement(ODM, "ODM");
            x.writeDefaultNamespace(ODM);
            x.writeNamespace("def", DEF);
            x.writeNamespace("xlink", XLINK);
            x.writeAttribute("FileType", "Snapshot");
            x.writeAttribute("FileOID", "DEFINE." + d.studyOid() + "." + d.standardName() + "." + d.created());
            x.writeAttribute("CreationDateTime", d.created());
            x.writeAttribute("ODMVersion", "1.3.2");
            x.writeAttribute("Originator", d.originator());
            x.writeAttribute("SourceSystem", "Harmonia");
            x.writeAttribute("SourceSystemVersion", d.systemVersion());
            x.writeAttribute(DEF, "Context", "Submission");
            x.writeStartElement(ODM, "Study");
            x.writeAttribute("OID", d.studyOid());
            x.writeStartElement(ODM, "GlobalVariables");
            element(x, "StudyName", d.studyName());
            element(x, "StudyDescription", d.studyDescription());
            element(x, "ProtocolName", d.protocolName());
            x.writeEndElement();
            x.writeStartElement(ODM, "MetaDataVersion");
            x.writeAttribute("OID", metaDataVersionOid(d.standardName(), d.standardVersion()));
            x.writeAttribute("Name", d.studyName() + " " + d.standardName() + " " + d.standardVersion());
            x.writeAttribute(DEF, "DefineVersion", "2.1.0");
            x.writeStartElement(DEF, "Standards");
            x.writeEmptyElement(DEF, "Standard");
            x.writeAttribute("OID", "STD." + d.standardName());
            x.writeAttribute("Name", d.standardName());
            x.writeAttribute("Type", "IG");
            x.writeAttribute("Version", d.standardVersion());
            x.writeAttribute("Status", "Final");
            x.writeEmptyElement(DEF, "Standard");
            x.writeAttribute("OID", "STD.CT");
            x.writeAttribute("Name", "CDISC/NCI");
            x.writeAttribute("Type", "CT");
            x.writeAttribute("PublishingSet", d.purpose().equals("Analysis") ? "ADaM" : "SDTM");
            x.writeAttribute("Version", "2024-03-29");
            x.writeAttribute("Status", "Final");
            x.writeEndElement();

            Map<String, String> methods = new LinkedHashMap<>();
            for (Domain dom : domains) {
                x.writeStartElement(ODM, "ItemGroupDef");
                x.writeAttribute("OID", "IG." + dom.name());
                x.writeAttribute("Name", dom.name());
                x.writeAttribute("SASDatasetName", dom.name());
                x.writeAttribute("Repeating", dom.structure().startsWith("One record per subject") ? "No" : "Yes");
                x.writeAttribute("IsReferenceData", dom.reference() ? "Yes" : "No");
                x.writeAttribute("Purpose", d.purpose());
                x.writeAttribute(DEF, "Structure", dom.structure());
                x.writeAttribute(DEF, "StandardOID", "STD." + d.standardName());
                x.writeAttribute(DEF, "ArchiveLocationID", "LF." + dom.name());
                description(x, dom.label());
                int order = 1;
                for (Column c : dom.columns()) {
                    x.writeEmptyElement(ODM, "ItemRef");
                    x.writeAttribute("ItemOID", itemOid(dom, c));
                    x.writeAttribute("OrderNumber", Integer.toString(order++));
                    x.writeAttribute("Mandatory", dom.keys().contains(c.name()) ? "Yes" : "No");
                    int key = dom.keys().indexOf(c.name());
                    if (key >= 0) {
                        x.writeAttribute("KeySequence", Integer.toString(key + 1));
                    }
                    if (c.origin() == Origin.DERIVED) {
                        String oid = methods.computeIfAbsent(c.method(), m -> "MT." + (methods.size() + 1));
                        x.writeAttribute("MethodOID", oid);
                    }
                }
                x.writeEmptyElement(DEF, "Class");
                x.writeAttribute("Name", dom.observationClass());
                x.writeStartElement(DEF, "leaf");
                x.writeAttribute("ID", "LF." + dom.name());
                x.writeAttribute(XLINK, "href", dom.name().toLowerCase(java.util.Locale.ROOT) + "." + d.fileExtension());
                x.writeStartElement(DEF, "title");
                x.writeCharacters(dom.name().toLowerCase(java.util.Locale.ROOT) + "." + d.fileExtension());
                x.writeEndElement();
                x.writeEndElement();
                x.writeEndElement();
            }
            for (Domain dom : domains) {
                for (Column c : dom.columns()) {
                    Variable v = c.variable();
                    x.writeStartElement(ODM, "ItemDef");
                    x.writeAttribute("OID", itemOid(dom, c));
                    x.writeAttribute("Name", v.name());
                    x.writeAttribute("SASFieldName", v.name());
                    x.writeAttribute("DataType", dataType(v.type()));
                    if (v.type() == DataType.STRING || v.type() == DataType.INTEGER) {
                        x.writeAttribute("Length", Integer.toString(v.type() == DataType.STRING ? v.length() : 8));
                    }
                    description(x, v.label());
                    if (c.codelist() != null) {
                        x.writeEmptyElement(ODM, "CodeListRef");
                        x.writeAttribute("CodeListOID", c.codelist());
                    }
                    x.writeStartElement(DEF, "Origin");
                    x.writeAttribute("Type", c.origin().type());
                    if (c.origin() == Origin.COLLECTED || c.origin() == Origin.ASSIGNED) {
                        x.writeAttribute("Source", c.origin().source());
                    }
                    if (c.origin() == Origin.PREDECESSOR) {
                        description(x, c.method());
                    }
                    x.writeEndElement();
                    x.writeEndElement();
                }
            }
            for (Codelist cl : codelists) {
                x.writeStartElement(ODM, "CodeList");
                x.writeAttribute("OID", cl.id());
                x.writeAttribute("Name", cl.name());
                x.writeAttribute("DataType", "text");
                if (!cl.cdisc()) {
                    x.writeAttribute(DEF, "IsNonStandard", "Yes");
                } else {
                    x.writeAttribute(DEF, "StandardOID", "STD.CT");
                }
                int order = 1;
                for (Codelist.Term t : cl.terms()) {
                    if (cl.decoded()) {
                        x.writeStartElement(ODM, "CodeListItem");
                        x.writeAttribute("CodedValue", t.code());
                        x.writeAttribute("OrderNumber", Integer.toString(order++));
                        x.writeStartElement(ODM, "Decode");
                        x.writeStartElement(ODM, "TranslatedText");
                        x.writeAttribute("xml:lang", "en");
                        x.writeCharacters(t.decode() == null ? t.code() : t.decode());
                        x.writeEndElement();
                        x.writeEndElement();
                        x.writeEndElement();
                    } else {
                        x.writeEmptyElement(ODM, "EnumeratedItem");
                        x.writeAttribute("CodedValue", t.code());
                        x.writeAttribute("OrderNumber", Integer.toString(order++));
                    }
                }
                x.writeEndElement();
            }
            for (Map.Entry<String, String> m : methods.entrySet()) {
                x.writeStartElement(ODM, "MethodDef");
                x.writeAttribute("OID", m.getValue());
                x.writeAttribute("Name", "Derivation " + m.getValue().substring(3));
                x.writeAttribute("Type", "Computation");
                description(x, m.getKey());
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("define.xml: " + e.getMessage(), e);
        }
    }

    public static String metaDataVersionOid(String standard, String version) {
        return "MDV." + standard + "." + version;
    }

    static String itemOid(Domain d, Column c) {
        return "IT." + d.name() + "." + c.name();
    }

    private static String dataType(DataType t) {
        return switch (t) {
            case STRING -> "text";
            case DATE -> "date";
            case INTEGER -> "integer";
            case DOUBLE -> "float";
        };
    }

    private static void element(XMLStreamWriter x, String name, String text) throws XMLStreamException {
        x.writeStartElement(ODM, name);
        x.writeCharacters(text == null ? "" : text);
        x.writeEndElement();
    }

    private static void description(XMLStreamWriter x, String text) throws XMLStreamException {
        x.writeStartElement(ODM, "Description");
        x.writeStartElement(ODM, "TranslatedText");
        x.writeAttribute("xml:lang", "en");
        x.writeCharacters(text);
        x.writeEndElement();
        x.writeEndElement();
    }
}
