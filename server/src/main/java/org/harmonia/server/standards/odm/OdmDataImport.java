package org.harmonia.server.standards.odm;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.harmonia.server.audit.AuditAction;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.subjects.Enrolment;
import org.harmonia.server.subjects.ScreeningRequest;
import org.harmonia.server.subjects.Subject;
import org.harmonia.server.subjects.SubjectService;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.DatabaseOptions;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.server.system.ServerLauncher;
import org.harmonia.server.visits.FormEntry;
import org.harmonia.server.visits.FormService;
import org.harmonia.trial.eligibility.ScreeningVariable;
import org.harmonia.trial.eligibility.VariableType;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.protocol.Protocol;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Clinical data from an ODM file into a study, through the services the API uses: a subject not yet in the study is
 * screened and enrolled from the file's SUBJECT and SCREENING forms, each form goes through {@link FormService} with
 * its validation and audit (one audit row per value, the reason naming the file). The whole file is one transaction:
 * the first value that fails rolls everything back, and the error says where in the file it is.
 */
@Service
public class OdmDataImport {
    private final ProtocolCatalog catalog;
    private final SubjectService subjects;
    private final FormService forms;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    public OdmDataImport(ProtocolCatalog catalog, SubjectService subjects, FormService forms, AuditTrail audit,
                         TransactionTemplate tx, org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.subjects = subjects;
        this.forms = forms;
        this.audit = audit;
        this.tx = tx;
    }

    /** What was imported. */
    public record Result(String studyId, String file, int subjectsCreated, int subjectsUpdated, int records, long values) {
        public String summary() {
            return "imported " + file + " into " + studyId + ": " + subjectsCreated + " subjects screened and enrolled, "
                    + subjectsUpdated + " existing subjects, " + records + " form records, " + values + " values";
        }
    }

    /** Imports all of the file or nothing; an {@link OdmReadException} names the place of the first failing value. */
    public Result importData(String studyId, OdmFile odm, String fileName, String sha256, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.ENTER_DATA);
        return tx.execute(status -> {
            // a file imported once is refused the second time, so a retried upload creates nothing twice
            jdbc.sql("select pg_advisory_xact_lock(hashtext('odm-import:' || ?))").param(studyId).query().singleRow();
            jdbc.sql("select recorded_at from audit_log where study_id = ? and action = 'ODM_IMPORTED' and new_value like ? limit 1")
                    .params(studyId, "sha256 " + sha256 + "%").query(java.time.OffsetDateTime.class).optional()
                    .ifPresent(at -> {
                        throw new ConflictException(fileName + " (sha256 " + sha256 + ") was already imported into " + studyId
                                + " at " + at.toInstant() + "; nothing was imported again");
                    });
            return apply(protocol, odm, fileName, sha256, caller);
        });
    }

    private Result apply(Protocol p, OdmFile odm, String fileName, String sha256, Caller caller) {
        String reason = "imported from ODM file " + fileName;
        int created = 0;
        int existing = 0;
        int records = 0;
        long values = 0;
        // subjects of one site in the order of their numbers, so that a new study numbers them as the file does
        List<OdmFile.SubjectData> ordered = new ArrayList<>(odm.subjects());
        ordered.sort(Comparator.comparing((OdmFile.SubjectData s) -> s.siteOid() == null ? "" : s.siteOid())
                .thenComparing(OdmFile.SubjectData::key));
        for (OdmFile.SubjectData sd : ordered) {
            String where = fileName + ": subject " + sd.key() + " (line " + sd.line() + ")";
            String subjectId = sd.label() != null ? sd.label() : sd.key();
            Map<String, Map<String, String>> subjectForms = subjectForms(p, odm, sd);
            Optional<Subject> found = find(p.id(), subjectId, caller);
            Subject subject;
            if (found.isPresent()) {
                subject = found.get();
                existing++;
            } else {
                subject = screenAndEnrol(p, sd, subjectId, subjectForms, caller, where);
                created++;
            }
            for (Placed placed : inCreationOrder(p, sd)) {
                OdmFile.EventData ev = placed.event();
                OdmFile.FormData fd = placed.form();
                String visitId = visitOf(p, ev.eventOid());
                {
                    String formId = formOf(p, fd.formOid());
                    if (OdmOids.SUBJECT_FORM.equals(formId) || OdmOids.SCREENING_FORM.equals(formId)) {
                        continue;
                    }
                    if (OdmOids.ALLOCATION_FORM.equals(formId)) {
                        throw new OdmReadException(fileName + ": line " + fd.line() + ": the file carries allocations (form "
                                + fd.formOid() + "); randomisation is never imported, export the study blinded");
                    }
                    String formWhere = fileName + ": subject " + sd.key() + ", event " + ev.eventOid() + ", form " + fd.formOid()
                            + (fd.repeatKey() == null ? "" : " #" + fd.repeatKey()) + " (line " + fd.line() + ")";
                    FormDefinition form = p.form(formId).orElseThrow(() -> new OdmReadException(formWhere
                            + ": study " + p.id() + " has no form " + formId));
                    Map<String, Object> vals = new LinkedHashMap<>();
                    Map<String, Integer> lines = new LinkedHashMap<>();
                    for (OdmFile.GroupData g : fd.groups()) {
                        for (OdmFile.ItemValue iv : g.items()) {
                            String field = fieldOf(odm, form, iv.itemOid());
                            if (field == null) {
                                throw new OdmReadException(formWhere + ", line " + iv.line() + ": item " + iv.itemOid()
                                        + " is no field of form " + formId);
                            }
                            String v = harmoniaValue(odm, form.field(field).orElseThrow().variable(), iv);
                            if (v != null) {
                                vals.put(field, v);
                                lines.put(field, iv.line());
                            }
                        }
                    }
                    if (vals.isEmpty()) {
                        continue;
                    }
                    try {
                        FormEntry entry = new FormEntry(vals, null, reason);
                        if (form.repeating()) {
                            forms.add(p.id(), subject.id(), formId, visitId, entry, caller);
                        } else {
                            if (visitId == null) {
                                throw new OdmReadException(formWhere + ": form " + formId + " is recorded at a visit, and the file "
                                        + "names none");
                            }
                            forms.saveAtVisit(p.id(), subject.id(), visitId, formId, entry, caller);
                        }
                    } catch (InvalidInputException e) {
                        throw new OdmReadException(formWhere + ": " + e.errors().stream().map(fe -> {
                            String f = fe.field().startsWith("values.") ? fe.field().substring(7) : fe.field();
                            Integer line = lines.get(f);
                            return (line == null ? f : "item " + OdmOids.item(formId, f) + " (line " + line + ")") + ": " + fe.message();
                        }).collect(Collectors.joining("; ")));
                    } catch (ConflictException | NotFoundException e) {
                        throw new OdmReadException(formWhere + ": " + e.getMessage());
                    }
                    records++;
                    values += vals.size();
                }
            }
        }
        audit.record(AuditEvent.of(caller.username(), AuditAction.of("ODM_IMPORTED"), p.id(), null, "odm_file", fileName,
                "sha256 " + sha256 + ": " + created + " subjects created, " + existing + " existing, " + records + " form records, " + values + " values",
                reason));
        return new Result(p.id(), fileName, created, existing, records, values);
    }

    private record Placed(OdmFile.EventData event, OdmFile.FormData form) {
    }

    /**
     * The subject's forms in the order to create them: forms at visits as the file lists them, then each log's records in
     * the order of their repeat keys, which numbered them in the order they were made, so that they keep that order.
     */
    private static List<Placed> inCreationOrder(Protocol p, OdmFile.SubjectData sd) {
        List<Placed> once = new ArrayList<>();
        List<Placed> logs = new ArrayList<>();
        for (OdmFile.EventData ev : sd.events()) {
            for (OdmFile.FormData fd : ev.forms()) {
                boolean repeating = p.form(formOf(p, fd.formOid())).map(FormDefinition::repeating).orElse(false);
                (repeating ? logs : once).add(new Placed(ev, fd));
            }
        }
        logs.sort(Comparator.comparing((Placed x) -> x.form().formOid()).thenComparingLong(x -> repeatNumber(x.form().repeatKey())));
        once.addAll(logs);
        return once;
    }

    private static long repeatNumber(String key) {
        try {
            return key == null ? 0 : Long.parseLong(key.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private Optional<Subject> find(String studyId, String subjectId, Caller caller) {
        try {
            return Optional.of(subjects.get(studyId, subjectId, caller));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The SUBJECT and SCREENING forms of a Harmonia export, as field → value. */
    private static Map<String, Map<String, String>> subjectForms(Protocol p, OdmFile odm, OdmFile.SubjectData sd) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (OdmFile.EventData ev : sd.events()) {
            for (OdmFile.FormData fd : ev.forms()) {
                String formId = OdmOids.strip("F.", fd.formOid());
                if (!OdmOids.SUBJECT_FORM.equals(formId) && !OdmOids.SCREENING_FORM.equals(formId)) {
                    continue;
                }
                Map<String, String> m = out.computeIfAbsent(formId, k -> new LinkedHashMap<>());
                for (OdmFile.GroupData g : fd.groups()) {
                    for (OdmFile.ItemValue iv : g.items()) {
                        String field = OdmOids.strip("IT." + formId + ".", iv.itemOid());
                        if (field != null && iv.value() != null) {
                            m.put(field, iv.value());
                        }
                    }
                }
            }
        }
        return out;
    }

    private Subject screenAndEnrol(Protocol p, OdmFile.SubjectData sd, String subjectId, Map<String, Map<String, String>> sf,
                                   Caller caller, String where) {
        Map<String, String> dates = sf.get(OdmOids.SUBJECT_FORM);
        String siteId = OdmOids.strip("LOC.", sd.siteOid());
        if (dates == null || siteId == null) {
            throw new OdmReadException(where + ": subject " + subjectId + " is not in study " + p.id()
                    + ", and the file does not carry what screening it needs (its site and the SUBJECT form)");
        }
        Map<String, Object> screening = new LinkedHashMap<>();
        Map<String, ScreeningVariable> variables = p.screeningVariables();
        sf.getOrDefault(OdmOids.SCREENING_FORM, Map.of()).forEach((k, v) -> {
            ScreeningVariable var = variables.get(k);
            screening.put(k, var != null && var.type() == VariableType.BOOLEAN ? bool(v) : v);
        });
        Subject s;
        try {
            s = subjects.screen(p.id(), new ScreeningRequest(siteId, date(dates.get("screening_date"), where),
                    date(dates.get("planned_randomisation_date"), where), screening), caller);
        } catch (InvalidInputException e) {
            throw new OdmReadException(where + ": screening refused: " + e.errors().stream()
                    .map(fe -> fe.field() + ": " + fe.message()).collect(Collectors.joining("; ")));
        } catch (NotFoundException e) {
            throw new OdmReadException(where + ": " + e.getMessage());
        }
        if (!s.id().equals(subjectId)) {
            throw new OdmReadException(where + ": the study numbers this subject " + s.id() + ", not " + subjectId
                    + "; import a site's subjects into a study that has none of them yet, or screen them first");
        }
        LocalDate consent = date(dates.get("consent_date"), where);
        LocalDate dayZero = date(dates.get("day_zero"), where);
        if (consent != null && dayZero != null) {
            try {
                s = subjects.enrol(p.id(), s.id(), new Enrolment(consent, dayZero, s.version()), caller);
            } catch (InvalidInputException e) {
                throw new OdmReadException(where + ": enrolment refused: " + e.errors().stream()
                        .map(fe -> fe.field() + ": " + fe.message()).collect(Collectors.joining("; ")));
            } catch (ConflictException e) {
                throw new OdmReadException(where + ": enrolment refused: " + e.getMessage());
            }
        }
        return s;
    }

    private static LocalDate date(String s, String where) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new OdmReadException(where + ": \"" + s + "\" is not a date (yyyy-mm-dd)");
        }
    }

    /** The visit of an event: Harmonia's own OIDs (SE.W4), else the event OID without its prefix, if the protocol has it. */
    private static String visitOf(Protocol p, String eventOid) {
        if (eventOid == null) {
            return p.visits().get(0).id();
        }
        String v = OdmOids.strip("SE.", eventOid);
        if (OdmOids.LOG_EVENT.equals(v)) {
            return null;
        }
        if (v != null && p.visit(v).isPresent()) {
            return v;
        }
        String plain = eventOid.replaceFirst("^(SE_|Event\\.)", "").toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]+", "-");
        return p.visit(plain).map(x -> x.id()).orElse(plain);
    }

    private static String formOf(Protocol p, String formOid) {
        String f = OdmOids.strip("F.", formOid);
        if (f != null) {
            return f;
        }
        return OdmProtocolWriter.snake(formOid.replaceFirst("^(F_|Form\\.)", ""));
    }

    private static String fieldOf(OdmFile odm, FormDefinition form, String itemOid) {
        String f = OdmOids.strip("IT." + form.id() + ".", itemOid);
        if (f != null && form.field(f).isPresent()) {
            return f;
        }
        OdmFile.ItemDef def = odm.items().get(itemOid);
        String name = OdmProtocolWriter.snake((def != null && def.name() != null ? def.name() : itemOid).replaceFirst("^I_", ""));
        return form.field(name).isPresent() ? name : null;
    }

    /** A value as Harmonia stores it: booleans yes/no, a code list's code as its label when the field lists labels. */
    private static String harmoniaValue(OdmFile odm, ScreeningVariable v, OdmFile.ItemValue iv) {
        String value = iv.value();
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (v.type() == VariableType.BOOLEAN) {
            return bool(value);
        }
        if (v.type() == VariableType.CHOICE && !v.choices().contains(value)) {
            OdmFile.ItemDef def = odm.items().get(iv.itemOid());
            OdmFile.CodeList cl = def == null || def.codeListOid() == null ? null : odm.codeLists().get(def.codeListOid());
            if (cl != null) {
                for (OdmFile.CodeItem ci : cl.items()) {
                    if (ci.code().equals(value) && v.choices().contains(ci.decode())) {
                        return ci.decode();
                    }
                }
            }
        }
        return value;
    }

    private static String bool(String v) {
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes", "y" -> "yes";
            case "0", "false", "no", "n" -> "no";
            default -> v;
        };
    }

    /**
     * The command line's import: the application is started on the chosen database (its web server on a free port for the
     * length of the command) so that the data go through the very services of the API, then stopped.
     */
    static Result runFromCommandLine(DatabaseOptions database, Path protocols, String studyId, OdmFile odm, Path file) {
        if (database.url() == null || database.url().isBlank()) {
            if (database.dataDir() == null) {
                throw new UsageException("--study needs the database: give --db-url (or --data-dir of a stopped server)");
            }
        }
        ConfigurableApplicationContext context = ServerLauncher.start(new ServerLauncher.Settings(0, database.url(),
                database.user(), database.password(), database.dataDir(), true, protocols));
        try {
            return context.getBean(OdmDataImport.class).importData(studyId, odm, file.getFileName().toString(),
                    sha256(file), Caller.SYSTEM);
        } catch (OdmReadException | NotFoundException | ConflictException e) {
            throw new UsageException(e.getMessage());
        } finally {
            context.close();
        }
    }

    static String sha256(Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return sha256(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String sha256(java.io.InputStream in) throws java.io.IOException {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
