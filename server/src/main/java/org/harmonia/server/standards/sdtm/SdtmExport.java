package org.harmonia.server.standards.sdtm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.harmonia.server.cli.HarmoniaVersion;
import org.harmonia.server.standards.dataset.DatasetFileInfo;
import org.harmonia.server.standards.dataset.DatasetFormat;
import org.harmonia.server.standards.dataset.DatasetWriter;
import org.harmonia.trial.protocol.Protocol;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A study's SDTM datasets and their define.xml, written into a directory from the live data. Everything is read in one
 * read-only repeatable-read transaction (every dataset from the same state) with a cursor that fetches
 * {@value #FETCH_SIZE} rows at a time, and each row goes to its file as it is read: memory does not grow with the
 * study. An export without {@code unblinded} never reads the allocation table.
 */
public final class SdtmExport {
    static final int FETCH_SIZE = 500;
    public static final String STANDARD = "SDTMIG";
    public static final String VERSION = "3.4";

    private final DataSource dataSource;
    private final JsonMapper json = JsonMapper.builder().build();

    public SdtmExport(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What was written: the datasets with their row counts. */
    public record Result(Map<String, Long> rows, Path define, boolean unblinded) {
    }

    public Result export(Protocol protocol, DatasetFormat format, Path dir, boolean unblinded, Instant now) throws IOException {
        Files.createDirectories(dir);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        tx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        tx.setReadOnly(true);
        try {
            return tx.execute(status -> {
                try {
                    return write(protocol, format, dir, unblinded, now);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A JDBC client whose queries stream through a cursor (PostgreSQL does so inside a transaction with a fetch size). */
    static JdbcClient streaming(DataSource dataSource) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(FETCH_SIZE);
        return JdbcClient.create(template);
    }

    private Result write(Protocol protocol, DatasetFormat format, Path dir, boolean unblinded, Instant now) throws IOException {
        JdbcClient jdbc = streaming(dataSource);
        StudyTimeline timeline = new StudyTimeline(protocol);
        TrialDesign design = new TrialDesign(timeline);
        SubjectDomains subjects = new SubjectDomains(timeline, json, unblinded);
        FindingsDomains findings = new FindingsDomains(timeline, json);
        String created = now.truncatedTo(ChronoUnit.SECONDS).toString();
        Instant lastChange = jdbc.sql("""
                select greatest((select max(updated_at) from form_record where study_id = ?),
                                (select max(updated_at) from subject where study_id = ?),
                                (select max(updated_at) from visit_record where study_id = ?))
                """).params(protocol.id(), protocol.id(), protocol.id()).query((rs, n) -> {
                    var t = rs.getObject(1, java.time.OffsetDateTime.class);
                    return t == null ? null : t.toInstant();
                }).single();
        Domain ta = TrialDesign.ta();
        Domain te = TrialDesign.te();
        Domain tv = TrialDesign.tv();
        Domain ti = TrialDesign.ti();
        Domain ts = TrialDesign.ts();
        Domain dm = subjects.dm();
        Domain ds = subjects.ds();
        Domain sv = subjects.sv();
        Domain ex = subjects.ex();
        Domain ae = subjects.ae();
        Domain cm = subjects.cm();
        Domain ce = subjects.ce();
        List<Domain> findingsDomains = FindingsDomains.domains();
        List<Domain> all = new ArrayList<>(List.of(ta, te, tv, ti, ts, dm, ds, sv, ex, ae, cm, ce));
        all.addAll(findingsDomains);
        DatasetFileInfo info = new DatasetFileInfo(timeline.studyId(), DefineXml.metaDataVersionOid(STANDARD, VERSION), "define.xml",
                "Harmonia", "Harmonia", HarmoniaVersion.current(), created,
                lastChange == null ? null : lastChange.truncatedTo(ChronoUnit.SECONDS).toString(),
                all.stream().filter(Domain::reference).map(Domain::name).collect(Collectors.toSet()));
        Map<String, Long> rows = new LinkedHashMap<>();
        var studyDates = jdbc.sql("""
                select (select count(*) from allocation where study_id = ?) as randomised,
                       (select min(screening_date) from subject where study_id = ?) as first,
                       (select max(visit_date) from visit_record where study_id = ?) as last
                """).params(protocol.id(), protocol.id(), protocol.id())
                .query((rs, n) -> new Object[] {rs.getInt(1), rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class)}).single();
        for (Domain d : all) {
            try (DatasetWriter out = format.open(d.dataset(), dir, info)) {
                switch (d.name()) {
                    case "TA" -> design.writeTa(d, out);
                    case "TE" -> design.writeTe(d, out);
                    case "TV" -> design.writeTv(d, out);
                    case "TI" -> design.writeTi(d, out);
                    case "TS" -> design.writeTs(d, out, (Integer) studyDates[0], (LocalDate) studyDates[1], (LocalDate) studyDates[2]);
                    case "DM" -> subjects.writeDm(d, out, jdbc);
                    case "DS" -> subjects.writeDs(d, out, jdbc);
                    case "SV" -> subjects.writeSv(d, out, jdbc);
                    case "EX" -> subjects.writeEx(d, out, jdbc);
                    case "AE" -> subjects.writeAe(d, out, jdbc);
                    case "CM" -> subjects.writeCm(d, out, jdbc);
                    case "CE" -> subjects.writeCe(d, out, jdbc);
                    default -> findings.write(d, out, jdbc);
                }
                rows.put(d.name(), out.rows());
            }
        }
        Path define = dir.resolve("define.xml");
        DefineXml.write(define, new DefineXml.Description(timeline.studyId(), timeline.studyId(), protocol.title(),
                protocol.id() + " " + protocol.version(), STANDARD, VERSION, "Tabulation", created, "Harmonia",
                HarmoniaVersion.current(), format.extension()), all, Terminology.sdtm(protocol, FindingsDomains.TESTS));
        return new Result(rows, define, unblinded);
    }

    /** The names of the datasets an SDTM export writes. */
    public static Set<String> datasetNames() {
        return Set.of("TA", "TE", "TV", "TI", "TS", "DM", "DS", "SV", "EX", "AE", "CM", "CE", "VS", "LB", "RS", "NV");
    }
}
