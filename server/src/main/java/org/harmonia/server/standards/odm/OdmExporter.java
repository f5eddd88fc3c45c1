package org.harmonia.server.standards.odm;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.harmonia.server.cli.HarmoniaVersion;
import org.harmonia.server.security.SiteScope;
import org.harmonia.trial.eligibility.ScreeningVariable;
import org.harmonia.trial.eligibility.VariableType;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.forms.FormField;
import org.harmonia.trial.protocol.Activity;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Sequence;
import org.harmonia.trial.protocol.Site;
import org.harmonia.trial.protocol.SubTrial;
import org.harmonia.trial.protocol.Visit;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a study as one CDISC ODM 1.3.2 file: the protocol as metadata and, unless metadata alone is asked for, every
 * subject's live data with the audit record of each value. Written element by element while the rows are read
 * through a database cursor, one subject at a time, so memory holds one subject's records whatever the study's size.
 */
public final class OdmExporter {
    static final String ODM_NS = "http://www.cdisc.org/ns/odm/v1.3";
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() { };
    /** Subjects fetched per round trip of the cursor. */
    private static final int FETCH_SIZE = 200;

    /** What goes into the file, and for whom: the site scope and blinding of the caller decide. */
    public record Options(boolean metadataOnly, boolean allocations, boolean auditRecords, SiteScope sites) {
        public Options {
            if (sites == null) {
                throw new IllegalArgumentException("an export needs its site scope");
            }
        }
    }

    /** What was written: subjects, form records and values, for the command's and the API's one-line summary. */
    public record Summary(int subjects, int records, long values) {
    }

    private final DataSource dataSource;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock;

    public OdmExporter(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Writes the file to {@code out} (left open). */
    public Summary write(Protocol protocol, Options options, OutputStream out) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            // one consistent snapshot for the whole file; a cursor needs a transaction to fetch in portions
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("set transaction isolation level repeatable read, read only");
            }
            try {
                XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
                Summary s = write(c, protocol, options, new Xml(x));
                x.flush();
                return s;
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException | XMLStreamException e) {
            throw new IllegalStateException("ODM export of " + protocol.id() + " failed: " + e.getMessage(), e);
        }
    }

    private Summary write(Connection c, Protocol p, Options o, Xml x) throws SQLException, XMLStreamException {
        String now = timestamp(clock.instant());
        x.w.writeStartDocument("UTF-8", "1.0");
        x.w.setDefaultNamespace(ODM_NS);
        x.start("ODM");
        x.w.writeDefaultNamespace(ODM_NS);
        x.attr("FileType", "Snapshot");
        if (o.metadataOnly()) {
            x.attr("Granularity", "Metadata");
        }
        x.attr("FileOID", "HARMONIA." + p.id() + "." + clock.instant().toEpochMilli());
        x.attr("CreationDateTime", now);
        x.attr("AsOfDateTime", now);
        x.attr("ODMVersion", "1.3.2");
        x.attr("Originator", "Harmonia");
        x.attr("SourceSystem", "Harmonia");
        x.attr("SourceSystemVersion", HarmoniaVersion.current());
        x.attr("Description", (o.allocations() ? "unblinded" : "blinded") + (o.metadataOnly() ? " metadata of " : " export of ")
                + p.id() + " version " + p.version());
        writeStudy(p, o, x);
        if (o.metadataOnly()) {
            x.end();
            x.w.writeEndDocument();
            return new Summary(0, 0, 0);
        }
        writeAdminData(c, p, o, x);
        Summary s = writeClinicalData(c, p, o, x);
        x.end();
        x.w.writeEndDocument();
        return s;
    }

    // ---- metadata -------------------------------------------------------------------------------------------

    private void writeStudy(Protocol p, Options o, Xml x) throws XMLStreamException {
        x.start("Study");
        x.attr("OID", OdmOids.study(p.id()));
        x.start("GlobalVariables");
        x.text("StudyName", p.acronym() == null ? p.id() : p.acronym());
        x.text("StudyDescription", p.title());
        x.text("ProtocolName", p.id());
        x.end();
        Map<String, String> units = units(p);
        if (!units.isEmpty()) {
            x.start("BasicDefinitions");
            for (Map.Entry<String, String> u : units.entrySet()) {
                x.start("MeasurementUnit");
                x.attr("OID", u.getKey());
                x.attr("Name", u.getValue());
                x.start("Symbol");
                translated(x, u.getValue(), null);
                x.end();
                x.end();
            }
            x.end();
        }
        x.start("MetaDataVersion");
        x.attr("OID", OdmOids.metaDataVersion(p.version()));
        x.attr("Name", p.id() + " version " + p.version());
        x.attr("Description", p.title());
        x.start("Protocol");
        int order = 1;
        for (Visit v : p.visits()) {
            studyEventRef(x, OdmOids.event(v.id()), order++, true);
        }
        studyEventRef(x, OdmOids.event(OdmOids.LOG_EVENT), order, false);
        x.end();
        String firstVisit = p.visits().get(0).id();
        for (Visit v : p.visits()) {
            x.start("StudyEventDef");
            x.attr("OID", OdmOids.event(v.id()));
            x.attr("Name", v.label() == null ? v.id() : v.label());
            x.attr("Repeating", "No");
            x.attr("Type", "Scheduled");
            description(x, p, v.label());
            int f = 1;
            if (v.id().equals(firstVisit)) {
                formRef(x, OdmOids.SUBJECT_FORM, f++, true);
                formRef(x, OdmOids.SCREENING_FORM, f++, true);
            }
            for (String form : formsAt(p, v.id())) {
                formRef(x, form, f++, false);
            }
            x.end();
        }
        x.start("StudyEventDef");
        x.attr("OID", OdmOids.event(OdmOids.LOG_EVENT));
        x.attr("Name", "log records tied to no visit");
        x.attr("Repeating", "No");
        x.attr("Type", "Common");
        int f = 1;
        for (FormDefinition form : p.forms()) {
            if (form.repeating()) {
                formRef(x, form.id(), f++, false);
            }
        }
        if (o.allocations()) {
            formRef(x, OdmOids.ALLOCATION_FORM, f, false);
        }
        x.end();

        List<Form> forms = forms(p, o);
        for (Form form : forms) {
            x.start("FormDef");
            x.attr("OID", OdmOids.form(form.id));
            x.attr("Name", form.label);
            x.attr("Repeating", form.repeating ? "Yes" : "No");
            description(x, p, form.label);
            x.start("ItemGroupRef");
            x.attr("ItemGroupOID", OdmOids.itemGroup(form.id));
            x.attr("Mandatory", "Yes");
            x.end();
            x.end();
        }
        for (Form form : forms) {
            x.start("ItemGroupDef");
            x.attr("OID", OdmOids.itemGroup(form.id));
            x.attr("Name", form.id);
            x.attr("Repeating", "No");
            int n = 1;
            for (FormField field : form.fields) {
                x.start("ItemRef");
                x.attr("ItemOID", OdmOids.item(form.id, field.name()));
                x.attr("OrderNumber", Integer.toString(n++));
                x.attr("Mandatory", field.required() ? "Yes" : "No");
                x.end();
            }
            x.end();
        }
        for (Form form : forms) {
            for (FormField field : form.fields) {
                itemDef(x, p, form.id, field);
            }
        }
        for (Form form : forms) {
            for (FormField field : form.fields) {
                ScreeningVariable v = field.variable();
                if (v.type() != VariableType.CHOICE && v.type() != VariableType.BOOLEAN) {
                    continue;
                }
                x.start("CodeList");
                x.attr("OID", OdmOids.codeList(form.id, v.name()));
                x.attr("Name", v.label());
                // a CodeList's DataType is integer, float, text or string: yes/no is coded 1/0 as integers
                x.attr("DataType", v.type() == VariableType.BOOLEAN ? "integer" : "text");
                List<String[]> items = v.type() == VariableType.BOOLEAN
                        ? List.of(new String[] {"1", "yes"}, new String[] {"0", "no"})
                        : v.choices().stream().map(ch -> new String[] {ch, ch}).toList();
                int rank = 1;
                for (String[] item : items) {
                    x.start("CodeListItem");
                    x.attr("CodedValue", item[0]);
                    x.attr("OrderNumber", Integer.toString(rank++));
                    x.start("Decode");
                    translated(x, item[1], p);
                    x.end();
                    x.end();
                }
                x.end();
            }
        }
        x.end();
        x.end();
    }

    /** A form as ODM sees it: the protocol's eCRFs plus the subject, screening and (unblinded) allocation forms. */
    record Form(String id, String label, boolean repeating, List<FormField> fields) {
    }

    static List<Form> forms(Protocol p, Options o) {
        List<Form> out = new ArrayList<>();
        out.add(new Form(OdmOids.SUBJECT_FORM, "subject: screening and enrolment dates", false, List.of(
                dateField("screening_date", "date of screening", true), dateField("planned_randomisation_date",
                        "planned randomisation date", false), dateField("consent_date", "date of written consent", false),
                dateField("day_zero", "day 0 (baseline)", false))));
        out.add(new Form(OdmOids.SCREENING_FORM, "screening data", false,
                p.screening().stream().map(v -> new FormField(v, false, v.min(), v.max(), null, null)).toList()));
        for (FormDefinition f : p.forms()) {
            out.add(new Form(f.id(), f.label() == null ? f.id() : f.label(), f.repeating(), f.fields()));
        }
        if (o != null && o.allocations()) {
            out.add(new Form(OdmOids.ALLOCATION_FORM, "allocation (unblinded)", false, List.of(
                    new FormField(new ScreeningVariable("sequence", VariableType.CHOICE, "randomised sequence", null,
                            p.sequences().stream().map(Sequence::id).toList().isEmpty() ? List.of("none")
                                    : p.sequences().stream().map(Sequence::id).toList()), true, null, null, null, null),
                    new FormField(new ScreeningVariable("kit_number", VariableType.TEXT, "kit number", null, List.of()),
                            true, null, null, null, null),
                    new FormField(new ScreeningVariable("allocated_at", VariableType.TEXT, "time of allocation (UTC)", null,
                            List.of()), true, null, null, null, null))));
        }
        return out;
    }

    private static FormField dateField(String name, String label, boolean required) {
        return new FormField(ScreeningVariable.of(name, VariableType.DATE, label), required, null, null, null, null);
    }

    private static void itemDef(Xml x, Protocol p, String formId, FormField field) throws XMLStreamException {
        ScreeningVariable v = field.variable();
        x.start("ItemDef");
        x.attr("OID", OdmOids.item(formId, v.name()));
        x.attr("Name", v.name());
        x.attr("DataType", dataType(v));
        if (v.type() == VariableType.TEXT) {
            x.attr("Length", Integer.toString(v.maxLength()));
        } else if (v.type() == VariableType.CHOICE) {
            x.attr("Length", Integer.toString(v.choices().stream().mapToInt(String::length).max().orElse(1)));
        } else if (v.type() == VariableType.EDSS) {
            x.attr("Length", "4");
            x.attr("SignificantDigits", "1");
        }
        x.start("Question");
        translated(x, v.label(), p);
        x.end();
        if (v.unit() != null) {
            x.start("MeasurementUnitRef");
            x.attr("MeasurementUnitOID", OdmOids.unit(v.unit()));
            x.end();
        }
        BigDecimal min = field.min() != null ? field.min() : v.type() == VariableType.EDSS ? BigDecimal.ZERO : null;
        BigDecimal max = field.max() != null ? field.max() : v.type() == VariableType.EDSS ? BigDecimal.TEN : null;
        rangeCheck(x, "GE", "Hard", min);
        rangeCheck(x, "LE", "Hard", max);
        // a normal range only flags a value for review: ODM's soft check
        rangeCheck(x, "GE", "Soft", field.normalLow());
        rangeCheck(x, "LE", "Soft", field.normalHigh());
        if (v.type() == VariableType.CHOICE || v.type() == VariableType.BOOLEAN) {
            x.start("CodeListRef");
            x.attr("CodeListOID", OdmOids.codeList(formId, v.name()));
            x.end();
        }
        x.end();
    }

    static String dataType(ScreeningVariable v) {
        return switch (v.type()) {
            case NUMBER, EDSS -> "float";
            case INTEGER -> "integer";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case CHOICE, TEXT -> "text";
        };
    }

    private static void rangeCheck(Xml x, String comparator, String softHard, BigDecimal value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        x.start("RangeCheck");
        x.attr("Comparator", comparator);
        x.attr("SoftHard", softHard);
        x.text("CheckValue", value.toPlainString());
        x.end();
    }

    private static List<String> formsAt(Protocol p, String visitId) {
        Set<String> out = new LinkedHashSet<>();
        for (Activity a : p.activitiesAt(visitId)) {
            if (a.form() != null) {
                out.add(a.form());
            }
        }
        return List.copyOf(out);
    }

    private static Map<String, String> units(Protocol p) {
        Map<String, String> out = new TreeMap<>();
        for (Form f : forms(p, null)) {
            for (FormField field : f.fields) {
                if (field.variable().unit() != null) {
                    out.put(OdmOids.unit(field.variable().unit()), field.variable().unit());
                }
            }
        }
        return out;
    }

    private static void studyEventRef(Xml x, String oid, int order, boolean mandatory) throws XMLStreamException {
        x.start("StudyEventRef");
        x.attr("StudyEventOID", oid);
        x.attr("OrderNumber", Integer.toString(order));
        x.attr("Mandatory", mandatory ? "Yes" : "No");
        x.end();
    }

    private static void formRef(Xml x, String formId, int order, boolean mandatory) throws XMLStreamException {
        x.start("FormRef");
        x.attr("FormOID", OdmOids.form(formId));
        x.attr("OrderNumber", Integer.toString(order));
        x.attr("Mandatory", mandatory ? "Yes" : "No");
        x.end();
    }

    private static void description(Xml x, Protocol p, String english) throws XMLStreamException {
        if (english == null) {
            return;
        }
        x.start("Description");
        translated(x, english, p);
        x.end();
    }

    /** The English text, then its translations from the protocol file where it has them. */
    private static void translated(Xml x, String english, Protocol p) throws XMLStreamException {
        x.start("TranslatedText");
        x.w.writeAttribute("xml", XMLConstants.XML_NS_URI, "lang", "en");
        x.w.writeCharacters(english);
        x.end();
        if (p == null) {
            return;
        }
        for (String language : p.translations().languages()) {
            String t = p.translations().text(language, english);
            if (t != null && !t.equals(english)) {
                x.start("TranslatedText");
                x.w.writeAttribute("xml", XMLConstants.XML_NS_URI, "lang", language);
                x.w.writeCharacters(t);
                x.end();
            }
        }
    }

    // ---- administrative data --------------------------------------------------------------------------------

    private void writeAdminData(Connection c, Protocol p, Options o, Xml x) throws SQLException, XMLStreamException {
        x.start("AdminData");
        x.attr("StudyOID", OdmOids.study(p.id()));
        if (o.auditRecords()) {
            try (PreparedStatement st = c.prepareStatement("""
                    select distinct a.actor from audit_log a
                    where a.study_id = ? and a.entity_type in ('form_record', 'subject')
                      and (cast(? as text[]) is null or a.site_id = any(?)) order by a.actor
                    """)) {
                st.setString(1, p.id());
                sites(c, st, 2, o.sites());
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        x.start("User");
                        x.attr("OID", OdmOids.user(rs.getString(1)));
                        x.text("LoginName", rs.getString(1));
                        x.end();
                    }
                }
            }
        }
        for (SubTrial t : p.subTrials()) {
            for (Site s : t.sites()) {
                if (!o.sites().contains(s.id())) {
                    continue;
                }
                x.start("Location");
                x.attr("OID", OdmOids.site(s.id()));
                x.attr("Name", s.id() + " " + s.name());
                x.attr("LocationType", "Site");
                x.start("MetaDataVersionRef");
                x.attr("StudyOID", OdmOids.study(p.id()));
                x.attr("MetaDataVersionOID", OdmOids.metaDataVersion(p.version()));
                x.attr("EffectiveDate", java.time.LocalDate.now(clock).toString());
                x.end();
                x.end();
            }
        }
        x.end();
    }

    // ---- clinical data --------------------------------------------------------------------------------------

    private Summary writeClinicalData(Connection c, Protocol p, Options o, Xml x) throws SQLException, XMLStreamException {
        x.start("ClinicalData");
        x.attr("StudyOID", OdmOids.study(p.id()));
        x.attr("MetaDataVersionOID", OdmOids.metaDataVersion(p.version()));
        int subjects = 0;
        int records = 0;
        long values = 0;
        List<String> visitOrder = p.visits().stream().map(Visit::id).toList();
        Map<String, Form> byId = new HashMap<>();
        forms(p, o).forEach(f -> byId.put(f.id(), f));
        try (PreparedStatement st = c.prepareStatement("""
                select s.id, s.site_id, s.screening_date, s.planned_randomisation_date, s.consent_date, s.day_zero,
                       s.screening_data, a.sequence_id, a.kit_number, a.allocated_at
                from subject s left join allocation a on ? and a.study_id = s.study_id and a.subject_id = s.id
                where s.study_id = ? and (cast(? as text[]) is null or s.site_id = any(?))
                order by s.site_id, s.id
                """)) {
            st.setFetchSize(FETCH_SIZE);
            st.setBoolean(1, o.allocations());
            st.setString(2, p.id());
            sites(c, st, 3, o.sites());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    SubjectRow s = new SubjectRow(rs.getString("id"), rs.getString("site_id"), rs.getString("screening_date"),
                            rs.getString("planned_randomisation_date"), rs.getString("consent_date"), rs.getString("day_zero"),
                            json.readValue(rs.getString("screening_data"), TEXT_MAP), rs.getString("sequence_id"),
                            rs.getString("kit_number"), rs.getObject("allocated_at", OffsetDateTime.class));
                    List<RecordRow> recs = records(c, p.id(), s.id, visitOrder);
                    Map<String, Map<String, AuditRow>> audit = o.auditRecords() ? audit(c, p.id(), s.id, recs) : Map.of();
                    values += writeSubject(p, o, x, s, recs, audit, byId);
                    subjects++;
                    records += recs.size();
                }
            }
        }
        x.end();
        return new Summary(subjects, records, values);
    }

    private record SubjectRow(String id, String siteId, String screeningDate, String plannedRandomisationDate,
                              String consentDate, String dayZero, Map<String, String> screening, String sequence,
                              String kit, OffsetDateTime allocatedAt) {
    }

    private record RecordRow(long id, String visitId, String formId, Map<String, String> values) {
    }

    private record AuditRow(long seq, String actor, Instant at, String reason) {
    }

    /** The subject's live (not voided) records, visit by visit in the protocol's order, logs last. */
    private List<RecordRow> records(Connection c, String studyId, String subjectId, List<String> visitOrder) throws SQLException {
        List<RecordRow> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                select id, visit_id, form_id, data from form_record
                where study_id = ? and subject_id = ? and not voided
                order by coalesce(array_position(?, visit_id), 100000), id
                """)) {
            st.setString(1, studyId);
            st.setString(2, subjectId);
            st.setArray(3, c.createArrayOf("text", visitOrder.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new RecordRow(rs.getLong("id"), rs.getString("visit_id"), rs.getString("form_id"),
                            json.readValue(rs.getString("data"), TEXT_MAP)));
                }
            }
        }
        return out;
    }

    /**
     * For each record (and the subject itself, under its id) and field: the audit row that gave the field its current
     * value, i.e. the last row that wrote the field.
     */
    private Map<String, Map<String, AuditRow>> audit(Connection c, String studyId, String subjectId, List<RecordRow> recs)
            throws SQLException {
        Map<String, Map<String, AuditRow>> out = new HashMap<>();
        List<String> ids = new ArrayList<>();
        recs.forEach(r -> ids.add(Long.toString(r.id())));
        try (PreparedStatement st = c.prepareStatement("""
                select entity_type, entity_id, field, seq, actor, recorded_at, reason from audit_log
                where study_id = ? and ((entity_type = 'form_record' and entity_id = any(?)) or (entity_type = 'subject' and entity_id = ?))
                  and field is not null
                order by seq
                """)) {
            st.setString(1, studyId);
            st.setArray(2, c.createArrayOf("text", ids.toArray()));
            st.setString(3, subjectId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString("entity_type").equals("subject") ? "subject" : rs.getString("entity_id");
                    out.computeIfAbsent(key, k -> new HashMap<>()).put(rs.getString("field"), new AuditRow(rs.getLong("seq"),
                            rs.getString("actor"), rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                            rs.getString("reason")));
                }
            }
        }
        return out;
    }

    private long writeSubject(Protocol p, Options o, Xml x, SubjectRow s, List<RecordRow> recs,
                              Map<String, Map<String, AuditRow>> audit, Map<String, Form> forms) throws XMLStreamException {
        long values = 0;
        x.start("SubjectData");
        x.attr("SubjectKey", s.id);
        x.start("SiteRef");
        x.attr("LocationOID", OdmOids.site(s.siteId));
        x.end();
        Map<String, AuditRow> subjectAudit = audit.getOrDefault("subject", Map.of());
        // the first visit holds the subject's dates and screening data, then its own forms
        String firstVisit = p.visits().get(0).id();
        x.start("StudyEventData");
        x.attr("StudyEventOID", OdmOids.event(firstVisit));
        Map<String, String> dates = new LinkedHashMap<>();
        dates.put("screening_date", s.screeningDate);
        dates.put("planned_randomisation_date", s.plannedRandomisationDate);
        dates.put("consent_date", s.consentDate);
        dates.put("day_zero", s.dayZero);
        values += formData(forms, x, OdmOids.SUBJECT_FORM, null, dates, subjectAudit::get, s.siteId);
        values += formData(forms, x, OdmOids.SCREENING_FORM, null, s.screening, f -> subjectAudit.get("screening." + f), s.siteId);
        int i = 0;
        for (; i < recs.size() && firstVisit.equals(recs.get(i).visitId()); i++) {
            RecordRow r = recs.get(i);
            values += formData(forms, x, r.formId(), repeatKey(p, recs, i), r.values(), fieldAudit(audit, r), s.siteId);
        }
        x.end();
        String open = null;
        for (; i < recs.size(); i++) {
            RecordRow r = recs.get(i);
            String event = r.visitId() == null ? OdmOids.LOG_EVENT : r.visitId();
            if (!event.equals(open)) {
                if (open != null) {
                    x.end();
                }
                x.start("StudyEventData");
                x.attr("StudyEventOID", OdmOids.event(event));
                open = event;
            }
            values += formData(forms, x, r.formId(), repeatKey(p, recs, i), r.values(), fieldAudit(audit, r), s.siteId);
        }
        if (o.allocations() && s.sequence != null) {
            if (!OdmOids.LOG_EVENT.equals(open)) {
                if (open != null) {
                    x.end();
                }
                x.start("StudyEventData");
                x.attr("StudyEventOID", OdmOids.event(OdmOids.LOG_EVENT));
                open = OdmOids.LOG_EVENT;
            }
            Map<String, String> allocation = new LinkedHashMap<>();
            allocation.put("sequence", s.sequence);
            allocation.put("kit_number", s.kit);
            allocation.put("allocated_at", timestamp(s.allocatedAt.toInstant()));
            values += formData(forms, x, OdmOids.ALLOCATION_FORM, null, allocation, f -> null, s.siteId);
        }
        if (open != null) {
            x.end();
        }
        x.end();
        return values;
    }

    /** A repeating form's records numbered 1, 2, ... per subject and form in the order they were made. */
    private static String repeatKey(Protocol p, List<RecordRow> recs, int index) {
        RecordRow r = recs.get(index);
        if (p.form(r.formId()).map(f -> !f.repeating()).orElse(true)) {
            return null;
        }
        int n = 0;
        for (RecordRow other : recs) {
            if (other.formId().equals(r.formId()) && other.id() <= r.id()) {
                n++;
            }
        }
        return Integer.toString(n);
    }

    private static java.util.function.Function<String, AuditRow> fieldAudit(Map<String, Map<String, AuditRow>> audit, RecordRow r) {
        Map<String, AuditRow> rows = audit.getOrDefault(Long.toString(r.id()), Map.of());
        return rows::get;
    }

    private static long formData(Map<String, Form> forms, Xml x, String formId, String repeatKey, Map<String, String> values,
                                 java.util.function.Function<String, AuditRow> audit, String siteId) throws XMLStreamException {
        Form form = forms.get(formId);
        if (form == null) {
            // a record of a form no longer in the protocol version exported: nothing in the metadata describes it
            return 0;
        }
        long n = 0;
        x.start("FormData");
        x.attr("FormOID", OdmOids.form(formId));
        if (repeatKey != null) {
            x.attr("FormRepeatKey", repeatKey);
        }
        x.start("ItemGroupData");
        x.attr("ItemGroupOID", OdmOids.itemGroup(formId));
        for (FormField field : form.fields()) {
            String value = values.get(field.name());
            if (value == null || value.isEmpty()) {
                continue;
            }
            x.start("ItemData");
            x.attr("ItemOID", OdmOids.item(formId, field.name()));
            x.attr("Value", odmValue(field.variable(), value));
            AuditRow a = audit.apply(field.name());
            if (a != null) {
                x.start("AuditRecord");
                // Harmonia's audit trail is the database's own: ODM's DBAudit
                x.attr("EditPoint", "DBAudit");
                x.attr("UsedImputationMethod", "No");
                x.start("UserRef");
                x.attr("UserOID", OdmOids.user(a.actor()));
                x.end();
                x.start("LocationRef");
                x.attr("LocationOID", OdmOids.site(siteId));
                x.end();
                x.text("DateTimeStamp", timestamp(a.at()));
                if (a.reason() != null && !a.reason().isBlank()) {
                    x.text("ReasonForChange", a.reason());
                }
                x.text("SourceID", "audit_log " + a.seq());
                x.end();
            }
            x.end();
            n++;
        }
        x.end();
        x.end();
        return n;
    }

    /** Harmonia stores yes/no; ODM's boolean is 1/0 (as REDCap writes it). */
    static String odmValue(ScreeningVariable v, String stored) {
        if (v.type() == VariableType.BOOLEAN) {
            return "yes".equals(stored) ? "1" : "no".equals(stored) ? "0" : stored;
        }
        return stored;
    }

    private static void sites(Connection c, PreparedStatement st, int index, SiteScope scope) throws SQLException {
        String[] sites = scope.sqlSites();
        java.sql.Array a = sites == null ? null : c.createArrayOf("text", sites);
        st.setArray(index, a);
        st.setArray(index + 1, a);
    }

    static String timestamp(Instant t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }

    /** The writer with the few moves the format needs. */
    private record Xml(XMLStreamWriter w) {
        void start(String name) throws XMLStreamException {
            w.writeStartElement(ODM_NS, name);
        }

        void end() throws XMLStreamException {
            w.writeEndElement();
        }

        void attr(String name, String value) throws XMLStreamException {
            w.writeAttribute(name, value);
        }

        void text(String name, String value) throws XMLStreamException {
            start(name);
            w.writeCharacters(value);
            end();
        }
    }
}
