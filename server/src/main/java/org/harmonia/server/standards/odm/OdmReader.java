package org.harmonia.server.standards.odm;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an ODM 1.3 file (1.3.0 to 1.3.2, as REDCap, OpenClinica and Harmonia write it) with the defences an upload
 * needs: no DTD at all (so no entity can expand, a billion laughs included, and no external entity or schema is ever
 * fetched), a limit on the file's size, on nesting and on the length of any one value.
 */
final class OdmReader {
    /** The largest file read; a study of 10,000 subjects exports to well under this. */
    static final long MAX_BYTES = 512L * 1024 * 1024;
    private static final int MAX_DEPTH = 64;
    private static final int MAX_TEXT = 100_000;
    private static final String ODM_NS = OdmExporter.ODM_NS;
    private static final String REDCAP_NS = "https://projectredcap.org";
    private static final String OPENCLINICA_NS_PREFIX = "http://www.openclinica.org/ns/odm_ext";

    private final long maxBytes;

    OdmReader() {
        this(MAX_BYTES);
    }

    OdmReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        // XXE: no DTD processing and no external entities, whatever the file declares
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setXMLResolver((publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external resources are not read (" + systemId + ")");
        });
        return f;
    }

    OdmFile read(InputStream in, String name) {
        try {
            XMLStreamReader r = factory().createXMLStreamReader(new Limited(in, maxBytes, name));
            try {
                return new Parse(r, name).file();
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new OdmReadException(name + ": not a readable XML file" + where(e) + ": " + firstLine(e.getMessage()), e);
        } catch (SizeExceeded e) {
            throw new OdmReadException(e.getMessage());
        }
    }

    private static String where(XMLStreamException e) {
        return e.getLocation() == null || e.getLocation().getLineNumber() < 0 ? "" : " (line " + e.getLocation().getLineNumber() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed XML";
        }
        String m = message.contains("Message: ") ? message.substring(message.indexOf("Message: ") + 9) : message;
        return m.lines().findFirst().orElse(m).strip();
    }

    /** One pass over the document, building the model as elements close. */
    private static final class Parse {
        private final XMLStreamReader r;
        private final String name;
        private String sourceSystem;
        private String studyOid;
        private String studyName;
        private String studyDescription;
        private String protocolName;
        private final List<String> eventOrder = new ArrayList<>();
        private final Map<String, OdmFile.EventDef> events = new LinkedHashMap<>();
        private final Map<String, OdmFile.FormDef> forms = new LinkedHashMap<>();
        private final Map<String, OdmFile.GroupDef> groups = new LinkedHashMap<>();
        private final Map<String, OdmFile.ItemDef> items = new LinkedHashMap<>();
        private final Map<String, OdmFile.CodeList> codeLists = new LinkedHashMap<>();
        private final Map<String, String> units = new LinkedHashMap<>();
        private final Map<String, String> locations = new LinkedHashMap<>();
        private final List<OdmFile.SubjectData> subjects = new ArrayList<>();
        private boolean metaDataVersionSeen;
        private int depth;

        Parse(XMLStreamReader r, String name) {
            this.r = r;
            this.name = name;
        }

        OdmFile file() throws XMLStreamException {
            boolean root = false;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new OdmReadException(name + ": a DOCTYPE (line " + line() + ") is not accepted: ODM files need no DTD, "
                            + "and entities could expand without bound or read other files");
                }
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new OdmReadException(name + ": entity reference &" + r.getLocalName() + "; at line " + line()
                            + " is not accepted");
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (!root) {
                    if (!"ODM".equals(r.getLocalName()) || !ODM_NS.equals(r.getNamespaceURI())) {
                        throw new OdmReadException(name + ": not an ODM file (the root element is " + r.getName() + ", expected ODM in "
                                + ODM_NS + ")");
                    }
                    root = true;
                    sourceSystem = attr("SourceSystem");
                    depth = 1;
                    continue;
                }
                depth++;
                checkDepth();
                switch (r.getLocalName()) {
                    case "Study" -> study();
                    case "AdminData" -> adminData();
                    case "ClinicalData" -> clinicalData();
                    default -> skip();
                }
            }
            if (!root) {
                throw new OdmReadException(name + ": the file is empty");
            }
            List<OdmFile.EventDef> ordered = new ArrayList<>();
            eventOrder.stream().filter(events::containsKey).forEach(oid -> ordered.add(events.get(oid)));
            events.values().stream().filter(e -> !ordered.contains(e)).forEach(ordered::add);
            return new OdmFile(sourceSystem, studyOid, studyName, studyDescription, protocolName, ordered, forms, groups, items,
                    codeLists, units, locations, subjects);
        }

        private void study() throws XMLStreamException {
            if (studyOid != null) {
                // OpenClinica writes each site as a Study of its own after the parent study: the first one is the study
                skip();
                return;
            }
            studyOid = attr("OID");
            children(() -> {
                switch (r.getLocalName()) {
                    case "GlobalVariables" -> children(() -> {
                        switch (r.getLocalName()) {
                            case "StudyName" -> studyName = text();
                            case "StudyDescription" -> studyDescription = text();
                            case "ProtocolName" -> protocolName = text();
                            default -> skip();
                        }
                    });
                    case "BasicDefinitions" -> children(() -> {
                        if ("MeasurementUnit".equals(r.getLocalName())) {
                            String oid = attr("OID");
                            String[] symbol = {attr("Name")};
                            children(() -> {
                                if ("Symbol".equals(r.getLocalName())) {
                                    String s = translated();
                                    if (s != null) {
                                        symbol[0] = s;
                                    }
                                } else {
                                    skip();
                                }
                            });
                            units.put(oid, symbol[0]);
                        } else {
                            skip();
                        }
                    });
                    case "MetaDataVersion" -> metaDataVersion();
                    default -> skip();
                }
            });
        }

        private void metaDataVersion() throws XMLStreamException {
            if (metaDataVersionSeen) {
                // later versions of the metadata would redefine the same OIDs: the first one is the one read
                skip();
                return;
            }
            metaDataVersionSeen = true;
            children(() -> {
                switch (r.getLocalName()) {
                    case "Protocol" -> children(() -> {
                        if ("StudyEventRef".equals(r.getLocalName())) {
                            eventOrder.add(attr("StudyEventOID"));
                        }
                        skip();
                    });
                    case "StudyEventDef" -> {
                        String oid = attr("OID");
                        String n = attr("Name");
                        boolean repeating = "Yes".equals(attr("Repeating"));
                        String type = attr("Type");
                        List<String> refs = new ArrayList<>();
                        children(() -> {
                            if ("FormRef".equals(r.getLocalName())) {
                                refs.add(attr("FormOID"));
                            }
                            skip();
                        });
                        events.put(oid, new OdmFile.EventDef(oid, n, repeating, type, refs));
                    }
                    case "FormDef" -> {
                        String oid = attr("OID");
                        String n = attr("Name");
                        boolean repeating = "Yes".equals(attr("Repeating"));
                        List<String> refs = new ArrayList<>();
                        children(() -> {
                            if ("ItemGroupRef".equals(r.getLocalName())) {
                                refs.add(attr("ItemGroupOID"));
                            }
                            skip();
                        });
                        forms.put(oid, new OdmFile.FormDef(oid, n, repeating, refs));
                    }
                    case "ItemGroupDef" -> {
                        String oid = attr("OID");
                        String n = attr("Name");
                        boolean repeating = "Yes".equals(attr("Repeating"));
                        List<OdmFile.ItemRef> refs = new ArrayList<>();
                        children(() -> {
                            if ("ItemRef".equals(r.getLocalName())) {
                                refs.add(new OdmFile.ItemRef(attr("ItemOID"), "Yes".equals(attr("Mandatory"))));
                            }
                            skip();
                        });
                        groups.put(oid, new OdmFile.GroupDef(oid, n, repeating, refs));
                    }
                    case "ItemDef" -> itemDef();
                    case "CodeList" -> codeList();
                    default -> skip();
                }
            });
        }

        private void itemDef() throws XMLStreamException {
            String oid = attr("OID");
            String n = attr("Name");
            String dataType = attr("DataType");
            Integer length = null;
            String l = attr("Length");
            if (l != null && l.matches("\\d{1,9}")) {
                length = Integer.valueOf(l);
            }
            Map<String, String> vendor = new LinkedHashMap<>();
            for (int i = 0; i < r.getAttributeCount(); i++) {
                if (REDCAP_NS.equals(r.getAttributeNamespace(i))) {
                    vendor.put("redcap:" + r.getAttributeLocalName(i), r.getAttributeValue(i));
                }
            }
            String comment = attr("Comment");
            String[] question = {null};
            String[] unit = {null};
            String[] codeList = {null};
            List<OdmFile.RangeCheck> checks = new ArrayList<>();
            children(() -> {
                switch (r.getLocalName()) {
                    case "Question" -> question[0] = translated();
                    case "MeasurementUnitRef" -> {
                        unit[0] = attr("MeasurementUnitOID");
                        skip();
                    }
                    case "CodeListRef" -> {
                        codeList[0] = attr("CodeListOID");
                        skip();
                    }
                    case "RangeCheck" -> {
                        String comparator = attr("Comparator");
                        String softHard = attr("SoftHard");
                        List<String> values = new ArrayList<>();
                        children(() -> {
                            if ("CheckValue".equals(r.getLocalName())) {
                                values.add(text());
                            } else {
                                skip();
                            }
                        });
                        if (values.size() == 1) {
                            checks.add(new OdmFile.RangeCheck(comparator, softHard, values.get(0)));
                        }
                    }
                    default -> skip();
                }
            });
            items.put(oid, new OdmFile.ItemDef(oid, n, dataType, length, question[0] != null ? question[0] : comment, unit[0],
                    checks, codeList[0], vendor));
        }

        private void codeList() throws XMLStreamException {
            String oid = attr("OID");
            String n = attr("Name");
            String dataType = attr("DataType");
            List<OdmFile.CodeItem> list = new ArrayList<>();
            children(() -> {
                switch (r.getLocalName()) {
                    case "CodeListItem" -> {
                        String code = attr("CodedValue");
                        String[] decode = {null};
                        children(() -> {
                            if ("Decode".equals(r.getLocalName())) {
                                decode[0] = translated();
                            } else {
                                skip();
                            }
                        });
                        list.add(new OdmFile.CodeItem(code, decode[0] == null ? code : decode[0]));
                    }
                    case "EnumeratedItem" -> {
                        list.add(new OdmFile.CodeItem(attr("CodedValue"), attr("CodedValue")));
                        skip();
                    }
                    default -> skip();
                }
            });
            codeLists.put(oid, new OdmFile.CodeList(oid, n, dataType, list));
        }

        private void adminData() throws XMLStreamException {
            children(() -> {
                if ("Location".equals(r.getLocalName())) {
                    locations.put(attr("OID"), attr("Name"));
                }
                skip();
            });
        }

        private void clinicalData() throws XMLStreamException {
            children(() -> {
                if (!"SubjectData".equals(r.getLocalName())) {
                    skip();
                    return;
                }
                String key = attr("SubjectKey");
                String label = null;
                for (int i = 0; i < r.getAttributeCount(); i++) {
                    String ns = r.getAttributeNamespace(i);
                    if (ns != null && ns.startsWith(OPENCLINICA_NS_PREFIX) && "StudySubjectID".equals(r.getAttributeLocalName(i))) {
                        label = r.getAttributeValue(i);
                    }
                }
                int subjectLine = line();
                String[] site = {null};
                List<OdmFile.EventData> evs = new ArrayList<>();
                List<OdmFile.FormData> direct = new ArrayList<>();
                children(() -> {
                    switch (r.getLocalName()) {
                        case "SiteRef" -> {
                            site[0] = attr("LocationOID");
                            skip();
                        }
                        case "StudyEventData" -> {
                            String oid = attr("StudyEventOID");
                            String repeat = attr("StudyEventRepeatKey");
                            int l = line();
                            List<OdmFile.FormData> fs = new ArrayList<>();
                            children(() -> {
                                if ("FormData".equals(r.getLocalName())) {
                                    fs.add(formData());
                                } else {
                                    skip();
                                }
                            });
                            evs.add(new OdmFile.EventData(oid, repeat, l, fs));
                        }
                        case "FormData" -> direct.add(formData());
                        default -> skip();
                    }
                });
                if (!direct.isEmpty()) {
                    evs.add(0, new OdmFile.EventData(null, null, subjectLine, direct));
                }
                subjects.add(new OdmFile.SubjectData(key, label, site[0], subjectLine, evs));
            });
        }

        private OdmFile.FormData formData() throws XMLStreamException {
            String oid = attr("FormOID");
            String repeat = attr("FormRepeatKey");
            int l = line();
            List<OdmFile.GroupData> gs = new ArrayList<>();
            children(() -> {
                if (!"ItemGroupData".equals(r.getLocalName())) {
                    skip();
                    return;
                }
                String g = attr("ItemGroupOID");
                String gr = attr("ItemGroupRepeatKey");
                int gl = line();
                List<OdmFile.ItemValue> values = new ArrayList<>();
                children(() -> {
                    String local = r.getLocalName();
                    if (local.startsWith("ItemData")) {
                        String item = attr("ItemOID");
                        int il = line();
                        String v = attr("Value");
                        if (local.length() > "ItemData".length()) {
                            // typed ItemDataString, ItemDataInteger...: the value is the element's text
                            v = text();
                        } else {
                            skip();
                        }
                        values.add(new OdmFile.ItemValue(item, v, il));
                    } else {
                        skip();
                    }
                });
                gs.add(new OdmFile.GroupData(g, gr, gl, values));
            });
            return new OdmFile.FormData(oid, repeat, l, gs);
        }

        /** The first TranslatedText of the current element (English when marked), as one line. */
        private String translated() throws XMLStreamException {
            String[] first = {null};
            String[] english = {null};
            children(() -> {
                if ("TranslatedText".equals(r.getLocalName())) {
                    String lang = r.getAttributeValue("http://www.w3.org/XML/1998/namespace", "lang");
                    String t = text();
                    t = t == null ? null : t.strip().replaceAll("\\s+", " ");
                    if (first[0] == null) {
                        first[0] = t;
                    }
                    if (lang != null && lang.startsWith("en") && english[0] == null) {
                        english[0] = t;
                    }
                } else {
                    skip();
                }
            });
            return english[0] != null ? english[0] : first[0];
        }

        /** Runs {@code body} at each child element's start; the body must consume the element. */
        private void children(Body body) throws XMLStreamException {
            int level = depth;
            while (r.hasNext()) {
                int e = r.next();
                if (e == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    checkDepth();
                    body.run();
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    if (depth < level) {
                        return;
                    }
                } else if (e == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new OdmReadException(name + ": entity reference &" + r.getLocalName() + "; at line " + line()
                            + " is not accepted");
                }
            }
        }

        /** Skips the current element and everything in it. */
        private void skip() throws XMLStreamException {
            children(() -> skip());
        }

        /** The text of the current element (which is consumed), limited in length. */
        private String text() throws XMLStreamException {
            StringBuilder b = new StringBuilder();
            int level = depth;
            while (r.hasNext()) {
                int e = r.next();
                if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA || e == XMLStreamConstants.SPACE) {
                    b.append(r.getText());
                    if (b.length() > MAX_TEXT) {
                        throw new OdmReadException(name + ": line " + line() + ": a text longer than " + MAX_TEXT + " characters");
                    }
                } else if (e == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    checkDepth();
                    skip();
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    if (depth < level) {
                        break;
                    }
                } else if (e == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new OdmReadException(name + ": entity reference &" + r.getLocalName() + "; at line " + line()
                            + " is not accepted");
                }
            }
            String s = b.toString().strip();
            return s.isEmpty() ? null : s;
        }

        private String attr(String local) {
            String v = r.getAttributeValue(null, local);
            if (v != null && v.length() > MAX_TEXT) {
                throw new OdmReadException(name + ": line " + line() + ": attribute " + local + " is longer than " + MAX_TEXT
                        + " characters");
            }
            return v;
        }

        private void checkDepth() {
            if (depth > MAX_DEPTH) {
                throw new OdmReadException(name + ": line " + line() + ": elements nested deeper than " + MAX_DEPTH);
            }
        }

        private int line() {
            return r.getLocation() == null ? -1 : r.getLocation().getLineNumber();
        }
    }

    @FunctionalInterface
    private interface Body {
        void run() throws XMLStreamException;
    }

    private static final class SizeExceeded extends RuntimeException {
        SizeExceeded(String message) {
            super(message);
        }
    }

    /** Refuses to read past the limit, so a huge upload stops early instead of filling memory. */
    private static final class Limited extends FilterInputStream {
        private final long max;
        private final String name;
        private long read;

        Limited(InputStream in, long max, String name) {
            super(in);
            this.max = max;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw new SizeExceeded(name + ": the file is larger than the limit of " + max + " bytes");
            }
        }
    }
}
