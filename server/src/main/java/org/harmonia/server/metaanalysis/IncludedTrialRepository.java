package org.harmonia.server.metaanalysis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The included trials of a meta-analysis study, in the order they were recorded. */
public final class IncludedTrialRepository {
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public IncludedTrialRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static final String SELECT = """
            select id, label, experimental_events, experimental_total, control_events, control_total, experimental_any_ae,
                control_any_ae, moderators::text as moderators, source
            from included_trial
            """;

    public List<IncludedTrial> list(String studyId) {
        return jdbc.sql(SELECT + "where study_id = ? order by recorded_at, id").param(studyId).query(this::map).list();
    }

    public Optional<IncludedTrial> find(String studyId, String id) {
        return jdbc.sql(SELECT + "where study_id = ? and id = ?").params(studyId, id).query(this::map).optional();
    }

    private IncludedTrial map(ResultSet rs, int n) throws SQLException {
        return new IncludedTrial(rs.getString("id"), rs.getString("label"), rs.getInt("experimental_events"),
                rs.getInt("experimental_total"), rs.getInt("control_events"), rs.getInt("control_total"),
                (Integer) rs.getObject("experimental_any_ae"), (Integer) rs.getObject("control_any_ae"),
                json.readValue(rs.getString("moderators"), TEXT_MAP), rs.getString("source"));
    }

    void insert(String studyId, IncludedTrial t, String recordedBy) {
        jdbc.sql("""
                insert into included_trial (study_id, id, label, experimental_events, experimental_total, control_events, control_total,
                    experimental_any_ae, control_any_ae, moderators, source, recorded_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                """).params(studyId, t.id(), t.label(), t.experimentalEvents(), t.experimentalTotal(), t.controlEvents(),
                t.controlTotal(), t.experimentalAnyAe(), t.controlAnyAe(), json.writeValueAsString(t.moderators()), t.source(),
                recordedBy).update();
    }
}
