package org.harmonia.server.analysis;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.harmonia.trial.subject.SubjectStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a study's data for analysis. Usable with or without the web application (the report command opens
 * the database directly). Allocations are read only for an unblinded snapshot. The study's analysis data cut-off, if
 * one is set, splits the subjects into the analysed ones and the later ones (see {@link AnalysisCutoff}).
 */
public final class SnapshotLoader {
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() { };
    static final String ADVERSE_EVENT_FORM = "adverse_event";

    private final DataSource dataSource;
    private final JsonMapper json;
    private final Clock clock;

    public SnapshotLoader(DataSource dataSource, JsonMapper json, Clock clock) {
        this.dataSource = dataSource;
        this.json = json;
        this.clock = clock;
    }

    /**
     * A database lock whose stored snapshot (migration V19) is read instead of the live tables: its id, and its name and
     * time as the report states them. The protocol to pass is the version recorded with the lock.
     */
    public record DatabaseLock(long id, String name, java.time.Instant lockedAt) {
        String describe() {
            return "database lock " + id + " \"" + name + "\"";
        }
    }

    /** A study-wide database lock and the protocol version recorded with it: what a report or an export at a lock reads. */
    public record LockedProtocol(DatabaseLock lock, Protocol protocol) {
        /** The study's study-wide lock with this id, if there is one. */
        public static java.util.Optional<LockedProtocol> find(DataSource dataSource, String studyId, long lockId) {
            return JdbcClient.create(dataSource).sql("""
                            select l.id, l.name, l.locked_at, v.source from data_lock l
                            join protocol_version v on v.study_id = l.study_id and v.version = l.protocol_version
                            where l.study_id = ? and l.id = ? and l.scope = 'STUDY'
                            """).params(studyId, lockId)
                    .query((rs, n) -> new LockedProtocol(new DatabaseLock(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
                            new ProtocolLoader().load(studyId + " (as stored)", rs.getString(4))))
                    .optional();
        }
    }

    /** The database this loader reads, for analyses that read more than one study's snapshot. */
    public DataSource dataSource() {
        return dataSource;
    }

    public TrialSnapshot load(Protocol protocol, boolean unblinded) {
        return load(protocol, unblinded, null);
    }

    /** The live data ({@code lock} null), or the snapshot stored by a database lock, which never changes. */
    public TrialSnapshot load(Protocol protocol, boolean unblinded, DatabaseLock lock) {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        tx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        tx.setReadOnly(true);
        return tx.execute(status -> read(JdbcClient.create(dataSource), protocol, unblinded, lock));
    }

    /** The same queries on the live tables or on a lock's copies of them, which keep the same columns. */
    private TrialSnapshot read(JdbcClient jdbc, Protocol protocol, boolean unblinded, DatabaseLock lock) {
        String studyId = protocol.id();
        // a blinded report never reads a sequence
        String allocations = "select subject_id" + (unblinded ? ", sequence_id" : "")
                + (lock == null ? " from allocation where study_id = ?" : " from lock_snapshot_allocation where lock_id = ?");
        String formRecords = lock == null
                ? "select subject_id, visit_id, form_id, data::text as data from form_record where study_id = ? and not voided order by id"
                : "select subject_id, visit_id, form_id, data::text as data from lock_snapshot_form_record where lock_id = ? order by form_record_id";
        String subjectRows = "select id, site_id, sub_trial_id, status, screening_date, screening_data::text as screening, failed_criteria, "
                + "end_reason, day_zero " + (lock == null ? "from subject where study_id = ? order by id"
                : "from lock_snapshot_subject where lock_id = ? order by id");
        Object key = lock == null ? studyId : lock.id();
        Map<String, String> sequences = new HashMap<>();
        java.util.Set<String> randomised = new java.util.HashSet<>();
        jdbc.sql(allocations).param(key).query(rs -> {
            randomised.add(rs.getString(1));
            if (unblinded) {
                sequences.put(rs.getString(1), rs.getString(2));
            }
        });
        Map<String, Map<String, Map<String, Map<String, String>>>> forms = new HashMap<>();
        Map<String, List<Map<String, String>>> aes = new HashMap<>();
        Map<String, Integer> recordsBySubject = new HashMap<>();
        jdbc.sql(formRecords).param(key).query(rs -> {
                    String subject = rs.getString("subject_id");
                    recordsBySubject.merge(subject, 1, Integer::sum);
                    String form = rs.getString("form_id");
                    String visit = rs.getString("visit_id");
                    Map<String, String> values = new LinkedHashMap<>(json.readValue(rs.getString("data"), TEXT_MAP));
                    if (form.equals(ADVERSE_EVENT_FORM)) {
                        if (visit != null) {
                            values.put("visit", visit);
                        }
                        aes.computeIfAbsent(subject, k -> new ArrayList<>()).add(values);
                    } else if (visit != null) {
                        forms.computeIfAbsent(subject, k -> new HashMap<>()).computeIfAbsent(visit, k -> new HashMap<>()).put(form, values);
                    }
                });
        AnalysisCutoff cutoff = (lock == null ? AnalysisCutoffService.read(jdbc, studyId) : AnalysisCutoffService.readAtLock(jdbc, lock.id()))
                .orElse(null);
        List<SubjectData> subjects = new ArrayList<>();
        List<TrialSnapshot.LaterSubject> later = new ArrayList<>();
        jdbc.sql(subjectRows).param(key).query(rs -> {
                    String id = rs.getString("id");
                    SubjectStatus status = SubjectStatus.valueOf(rs.getString("status"));
                    LocalDate screened = rs.getObject("screening_date", LocalDate.class);
                    LocalDate dayZero = rs.getObject("day_zero", LocalDate.class);
                    if (cutoff != null && cutoff.excludes(screened, dayZero)) {
                        later.add(new TrialSnapshot.LaterSubject(id, rs.getString("site_id"), status, screened, dayZero,
                                randomised.contains(id)));
                        return;
                    }
                    subjects.add(new SubjectData(id, rs.getString("site_id"), rs.getString("sub_trial_id"), status, screened,
                            json.readValue(rs.getString("screening"), TEXT_MAP),
                            Arrays.asList((String[]) rs.getArray("failed_criteria").getArray()), rs.getString("end_reason"),
                            dayZero != null, randomised.contains(id), sequences.get(id), forms.getOrDefault(id, Map.of()),
                            aes.getOrDefault(id, List.of()), dayZero));
                });
        int records = subjects.stream().mapToInt(s -> recordsBySubject.getOrDefault(s.id(), 0)).sum();
        java.time.Instant taken = (lock == null ? clock.instant() : lock.lockedAt()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<String> order = new ArrayList<>();
        if (unblinded) {
            // allocation rows are never changed once written, so the live table gives a lock's order too
            java.util.Set<String> analysed = new java.util.HashSet<>();
            subjects.forEach(s -> analysed.add(s.id()));
            jdbc.sql("select subject_id from allocation where study_id = ? order by allocated_at, subject_id").param(studyId)
                    .query(rs -> {
                        String id = rs.getString(1);
                        if (analysed.contains(id) && randomised.contains(id)) {
                            order.add(id);
                        }
                    });
        }
        return new TrialSnapshot(studyId, protocol.version(), protocol.sha256(), taken, unblinded, subjects, records, cutoff, later,
                lock == null ? null : lock.describe(), order);
    }
}
