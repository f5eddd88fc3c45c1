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

    /** The database this loader reads, for analyses that read more than one study's snapshot. */
    public DataSource dataSource() {
        return dataSource;
    }

    public TrialSnapshot load(Protocol protocol, boolean unblinded) {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        tx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        tx.setReadOnly(true);
        return tx.execute(status -> read(JdbcClient.create(dataSource), protocol, unblinded));
    }

    private TrialSnapshot read(JdbcClient jdbc, Protocol protocol, boolean unblinded) {
        String studyId = protocol.id();
        Map<String, String> sequences = new HashMap<>();
        java.util.Set<String> randomised = new java.util.HashSet<>(jdbc.sql("select subject_id from allocation where study_id = ?")
                .param(studyId).query(String.class).list());
        if (unblinded) {
            jdbc.sql("select subject_id, sequence_id from allocation where study_id = ?").param(studyId)
                    .query(rs -> {
                        sequences.put(rs.getString(1), rs.getString(2));
                    });
        }
        Map<String, Map<String, Map<String, Map<String, String>>>> forms = new HashMap<>();
        Map<String, List<Map<String, String>>> aes = new HashMap<>();
        Map<String, Integer> recordsBySubject = new HashMap<>();
        jdbc.sql("select subject_id, visit_id, form_id, data::text as data from form_record where study_id = ? and not voided order by id")
                .param(studyId).query(rs -> {
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
        AnalysisCutoff cutoff = AnalysisCutoffService.read(jdbc, studyId).orElse(null);
        List<SubjectData> subjects = new ArrayList<>();
        List<TrialSnapshot.LaterSubject> later = new ArrayList<>();
        jdbc.sql("""
                select id, site_id, sub_trial_id, status, screening_date, screening_data::text as screening, failed_criteria, end_reason,
                    day_zero
                from subject where study_id = ? order by id
                """).param(studyId).query(rs -> {
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
                            aes.getOrDefault(id, List.of())));
                });
        int records = subjects.stream().mapToInt(s -> recordsBySubject.getOrDefault(s.id(), 0)).sum();
        return new TrialSnapshot(studyId, protocol.version(), protocol.sha256(), clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                unblinded, subjects, records, cutoff, later);
    }
}
