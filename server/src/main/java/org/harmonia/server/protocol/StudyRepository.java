package org.harmonia.server.protocol;

import java.util.List;
import java.util.Optional;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Registration;
import org.harmonia.trial.protocol.Site;
import org.harmonia.trial.protocol.SubTrial;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Studies, their immutable protocol versions, sub-trials, sites and registrations in PostgreSQL. */
@Repository
public class StudyRepository {
    private final JdbcClient jdbc;

    public StudyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The checksum of an already loaded version, if any. */
    public Optional<String> versionChecksum(String studyId, String version) {
        return jdbc.sql("select sha256 from protocol_version where study_id = ? and version = ?")
                .params(studyId, version).query(String.class).optional();
    }

    public void upsertStudy(Protocol p) {
        jdbc.sql("""
                insert into study (id, acronym, title, current_version) values (?, ?, ?, ?)
                on conflict (id) do update set acronym = excluded.acronym, title = excluded.title,
                    current_version = excluded.current_version, updated_at = now()
                """).params(p.id(), p.acronym(), p.title(), p.version()).update();
    }

    public void insertVersion(Protocol p, String sourceFile, String source, String definitionJson) {
        jdbc.sql("""
                insert into protocol_version (study_id, version, sha256, source_file, source, definition)
                values (?, ?, ?, ?, ?, cast(? as jsonb))
                """).params(p.id(), p.version(), p.sha256(), sourceFile, source, definitionJson).update();
    }

    /** Adds sub-trials, sites and registrations not yet known; existing rows are kept (nothing is deleted). */
    public void mergeSubTrials(Protocol p) {
        for (SubTrial st : p.subTrials()) {
            jdbc.sql("""
                    insert into sub_trial (study_id, id, name, country) values (?, ?, ?, ?)
                    on conflict (study_id, id) do update set name = excluded.name, country = excluded.country
                    """).params(p.id(), st.id(), st.name(), st.country()).update();
            for (Site site : st.sites()) {
                jdbc.sql("""
                        insert into site (study_id, id, sub_trial_id, name, city) values (?, ?, ?, ?, ?)
                        on conflict (study_id, id) do update set name = excluded.name, city = excluded.city
                        """).params(p.id(), site.id(), st.id(), site.name(), site.city()).update();
            }
            for (Registration r : st.registrations()) {
                jdbc.sql("""
                        insert into registration (study_id, sub_trial_id, registry, id, registered_on)
                        values (?, ?, ?, ?, ?) on conflict do nothing
                        """).params(p.id(), st.id(), r.registry(), r.id(), r.date()).update();
            }
        }
    }

    public List<StudySummary> list() {
        return jdbc.sql("""
                select s.id, s.acronym, s.title, s.current_version,
                       v.definition -> 'design' ->> 'type' as design,
                       (select count(*) from sub_trial t where t.study_id = s.id) as sub_trials,
                       (select count(*) from site x where x.study_id = s.id) as sites
                from study s join protocol_version v on v.study_id = s.id and v.version = s.current_version
                order by s.id
                """).query((rs, n) -> new StudySummary(rs.getString("id"), rs.getString("acronym"), rs.getString("title"),
                rs.getString("current_version"), rs.getString("design"), rs.getInt("sub_trials"), rs.getInt("sites")))
                .list();
    }

    /** The current protocol definition of a study as JSON text. */
    public Optional<String> currentDefinition(String studyId) {
        return jdbc.sql("""
                select v.definition::text from study s
                join protocol_version v on v.study_id = s.id and v.version = s.current_version
                where s.id = ?
                """).param(studyId).query(String.class).optional();
    }
}
