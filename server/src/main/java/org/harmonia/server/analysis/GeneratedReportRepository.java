package org.harmonia.server.analysis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The generated reports of a study, in SQL. Every read takes the kinds the caller may see, so a report of another kind
 * is simply not found, as if it did not exist.
 */
public class GeneratedReportRepository {
    private static final String SELECT = """
            select r.id, r.study_id, r.kind, r.lock_id, l.name as lock_name, l.locked_at, r.analysis_cutoff, r.protocol_version,
                   r.harmonia_version, r.html_sha256, r.pdf_sha256, r.channel, r.reproduces_id, r.generated_by, r.generated_at
            from generated_report r left join data_lock l on l.id = r.lock_id
            """;

    private final JdbcClient jdbc;

    public GeneratedReportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a report; the caller's transaction also writes its audit row. */
    public GeneratedReport insert(String studyId, GeneratedReport.Kind kind, Long lockId, String htmlSha256, String pdfSha256,
                                  String harmoniaVersion, GeneratedReport.Channel channel, Long reproducesId, String generatedBy) {
        long id = jdbc.sql("""
                insert into generated_report (study_id, kind, lock_id, analysis_cutoff, protocol_version, harmonia_version,
                                              html_sha256, pdf_sha256, channel, reproduces_id, generated_by)
                select s.id, ?, l.id,
                       case when l.id is null then s.analysis_cutoff else c.analysis_cutoff end,
                       coalesce(l.protocol_version, s.current_version), ?, ?, ?, ?, ?, ?
                from study s
                left join data_lock l on l.study_id = s.id and l.id = ?
                left join lock_snapshot_cutoff c on c.lock_id = l.id
                where s.id = ?
                returning id
                """).params(kind.name(), harmoniaVersion, htmlSha256, pdfSha256, channel.name(), reproducesId, generatedBy,
                lockId, studyId).query(Long.class).single();
        return find(studyId, id, Set.of(GeneratedReport.Kind.values())).orElseThrow();
    }

    /** The study's reports of the given kinds, newest first. */
    public List<GeneratedReport> list(String studyId, Set<GeneratedReport.Kind> kinds) {
        if (kinds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " where r.study_id = ? and r.kind = any(?) order by r.id desc")
                .params(studyId, kinds.stream().map(Enum::name).toArray(String[]::new)).query(GeneratedReportRepository::row).list();
    }

    public Optional<GeneratedReport> find(String studyId, long id, Set<GeneratedReport.Kind> kinds) {
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT + " where r.study_id = ? and r.id = ? and r.kind = any(?)")
                .params(studyId, id, kinds.stream().map(Enum::name).toArray(String[]::new)).query(GeneratedReportRepository::row).optional();
    }

    private static GeneratedReport row(ResultSet rs, int n) throws SQLException {
        Timestamp lockedAt = rs.getTimestamp("locked_at");
        java.sql.Date cutoff = rs.getDate("analysis_cutoff");
        return new GeneratedReport(rs.getLong("id"), rs.getString("study_id"), GeneratedReport.Kind.valueOf(rs.getString("kind")),
                rs.getObject("lock_id", Long.class), rs.getString("lock_name"), lockedAt == null ? null : lockedAt.toInstant(),
                cutoff == null ? null : cutoff.toLocalDate(), rs.getString("protocol_version"), rs.getString("harmonia_version"),
                rs.getString("html_sha256"), rs.getString("pdf_sha256"), GeneratedReport.Channel.valueOf(rs.getString("channel")),
                rs.getObject("reproduces_id", Long.class), rs.getString("generated_by"), rs.getTimestamp("generated_at").toInstant());
    }
}
