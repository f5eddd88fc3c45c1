package org.harmonia.server.datamanagement;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.security.SiteScope;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.protocol.Activity;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Visit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The central data manager's cross-site views: data completeness by site, visit and form; overdue visits and forms;
 * the queries awaiting someone by site and age. Each is one set-based query over all subjects: the protocol's
 * schedule goes into the SQL as arrays, so nothing is read subject by subject.
 */
@Service
public class DataManagementService {
    /** Subjects whose schedule runs: enrolled (day 0 set) and not screen-failed; those who left count until they left. */
    private static final String SCHEDULED_SUBJECTS = """
            select s.id, s.site_id, s.day_zero, s.end_date from subject s
            where s.study_id = ? and s.day_zero is not null
              and s.status in ('ENROLLED', 'RANDOMISED', 'ON_STUDY', 'COMPLETED', 'WITHDRAWN')
              and (cast(? as text) is null or s.site_id = cast(? as text))
              and (cast(? as text[]) is null or s.site_id = any(cast(? as text[])))
            """;

    private final JdbcClient jdbc;
    private final ProtocolCatalog catalog;
    private final Clock clock;

    public DataManagementService(JdbcClient jdbc, ProtocolCatalog catalog, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The filter of a view's request parameters, for a caller who may read the views (checked first). */
    public DataFilter filter(String studyId, java.util.Map<String, String> params, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.READ_DATA_MANAGEMENT);
        return DataFilter.of(protocol, params);
    }

    /** One planned record of a form recorded once at a visit, as the SQL reads the schedule. */
    private record PlannedForm(Visit visit, FormDefinition form, int order) {
    }

    private static List<PlannedForm> plan(Protocol protocol, DataFilter filter) {
        List<PlannedForm> out = new ArrayList<>();
        List<Visit> visits = protocol.visits();
        for (int i = 0; i < visits.size(); i++) {
            Visit v = visits.get(i);
            if (filter.visitId() != null && !filter.visitId().equals(v.id())) {
                continue;
            }
            for (Activity a : protocol.activitiesAt(v.id())) {
                FormDefinition form = a.form() == null ? null : protocol.form(a.form()).orElse(null);
                // logs (adverse events, medication) have no expected number of records
                if (form == null || form.repeating() || (filter.formId() != null && !filter.formId().equals(form.id()))
                        || out.stream().anyMatch(p -> p.visit() == v && p.form() == form)) {
                    continue;
                }
                out.add(new PlannedForm(v, form, i));
            }
        }
        return out;
    }

    /** Expected by the schedule against saved, per site, visit and form, in site, visit and form order. */
    public List<CompletenessRow> completeness(String studyId, DataFilter filter, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        SiteScope scope = caller.scope(studyId, Permission.READ_DATA_MANAGEMENT);
        List<PlannedForm> plan = plan(protocol, filter);
        if (plan.isEmpty()) {
            return List.of();
        }
        LocalDate today = LocalDate.now(clock);
        return jdbc.sql("""
                with plan (visit_id, form_id, target_day, visit_order) as (
                  select * from unnest(cast(? as text[]), cast(? as text[]), cast(? as int[]), cast(? as int[]))
                ),
                subjects as (""" + SCHEDULED_SUBJECTS + """
                ),
                expected as (
                  select su.site_id, su.id as subject_id, p.visit_id, p.form_id, p.visit_order from subjects su cross join plan p
                  where su.day_zero + p.target_day <= ?
                    and (su.end_date is null or su.day_zero + p.target_day <= su.end_date)
                    and not exists (select 1 from visit_record v where v.study_id = ? and v.subject_id = su.id
                                    and v.visit_id = p.visit_id and v.status = 'MISSED')
                )
                select e.site_id, e.visit_id, e.form_id, min(e.visit_order) as visit_order, count(*) as expected,
                       count(f.id) as saved
                from expected e
                left join form_record f on f.study_id = ? and f.subject_id = e.subject_id and f.visit_id = e.visit_id
                                       and f.form_id = e.form_id and not f.voided
                group by e.site_id, e.visit_id, e.form_id
                order by e.site_id, visit_order, e.form_id
                """)
                .params(plan.stream().map(p -> p.visit().id()).toArray(String[]::new),
                        plan.stream().map(p -> p.form().id()).toArray(String[]::new),
                        plan.stream().map(p -> p.visit().targetDay()).toArray(Integer[]::new),
                        plan.stream().map(PlannedForm::order).toArray(Integer[]::new),
                        studyId, filter.siteId(), filter.siteId(), scope.sqlSites(), scope.sqlSites(),
                        Date.valueOf(today), studyId, studyId)
                .query((rs, n) -> {
                    String visitId = rs.getString("visit_id");
                    String formId = rs.getString("form_id");
                    return new CompletenessRow(rs.getString("site_id"), visitId, protocol.visit(visitId).orElseThrow().label(),
                            formId, protocol.form(formId).orElseThrow().label(), rs.getInt("expected"), rs.getInt("saved"));
                }).list();
    }

    /**
     * Visits whose window has closed with nothing recorded (neither done nor missed, no form saved) and forms still not
     * saved at visits that took place after their window closed; the oldest first. The first visit (screening) took
     * place on the screening date, so only its forms can be overdue. A subject who left is only owed what fell due
     * before leaving.
     */
    public List<OverdueItem> overdue(String studyId, DataFilter filter, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        SiteScope scope = caller.scope(studyId, Permission.READ_DATA_MANAGEMENT);
        LocalDate today = LocalDate.now(clock);
        String screening = protocol.visits().get(0).id();
        List<Visit> visits = protocol.visits().stream().filter(v -> filter.visitId() == null || filter.visitId().equals(v.id()))
                .toList();
        List<PlannedForm> plan = plan(protocol, filter);
        List<OverdueItem> out = new ArrayList<>();
        if (filter.formId() == null && !visits.isEmpty()) {
            out.addAll(jdbc.sql("""
                    with plan (visit_id, target_day, late_days) as (
                      select * from unnest(cast(? as text[]), cast(? as int[]), cast(? as int[]))
                    ),
                    subjects as (""" + SCHEDULED_SUBJECTS + """
                    )
                    select su.site_id, su.id as subject_id, p.visit_id, su.day_zero + p.target_day as target,
                           su.day_zero + p.target_day + p.late_days as closed
                    from subjects su cross join plan p
                    where p.visit_id <> ? and su.day_zero + p.target_day + p.late_days < ?
                      and (su.end_date is null or su.day_zero + p.target_day <= su.end_date)
                      and not exists (select 1 from visit_record v where v.study_id = ? and v.subject_id = su.id and v.visit_id = p.visit_id)
                      and not exists (select 1 from form_record f where f.study_id = ? and f.subject_id = su.id
                                      and f.visit_id = p.visit_id and not f.voided)
                    """)
                    .params(visits.stream().map(Visit::id).toArray(String[]::new),
                            visits.stream().map(Visit::targetDay).toArray(Integer[]::new),
                            visits.stream().map(v -> v.window().late()).toArray(Integer[]::new),
                            studyId, filter.siteId(), filter.siteId(), scope.sqlSites(), scope.sqlSites(),
                            screening, Date.valueOf(today), studyId, studyId)
                    .query((rs, n) -> item(protocol, OverdueItem.Kind.VISIT, rs, today)).list());
        }
        if (!plan.isEmpty()) {
            out.addAll(jdbc.sql("""
                    with plan (visit_id, form_id, target_day, late_days) as (
                      select * from unnest(cast(? as text[]), cast(? as text[]), cast(? as int[]), cast(? as int[]))
                    ),
                    subjects as (""" + SCHEDULED_SUBJECTS + """
                    )
                    select su.site_id, su.id as subject_id, p.visit_id, p.form_id, su.day_zero + p.target_day as target,
                           su.day_zero + p.target_day + p.late_days as closed
                    from subjects su cross join plan p
                    where su.day_zero + p.target_day + p.late_days < ?
                      and (su.end_date is null or su.day_zero + p.target_day <= su.end_date)
                      and (p.visit_id = ?
                           or exists (select 1 from visit_record v where v.study_id = ? and v.subject_id = su.id
                                      and v.visit_id = p.visit_id and v.status = 'DONE')
                           or (not exists (select 1 from visit_record v where v.study_id = ? and v.subject_id = su.id
                                           and v.visit_id = p.visit_id)
                               and exists (select 1 from form_record f where f.study_id = ? and f.subject_id = su.id
                                           and f.visit_id = p.visit_id and not f.voided)))
                      and not exists (select 1 from form_record f where f.study_id = ? and f.subject_id = su.id
                                      and f.visit_id = p.visit_id and f.form_id = p.form_id and not f.voided)
                    """)
                    .params(plan.stream().map(p -> p.visit().id()).toArray(String[]::new),
                            plan.stream().map(p -> p.form().id()).toArray(String[]::new),
                            plan.stream().map(p -> p.visit().targetDay()).toArray(Integer[]::new),
                            plan.stream().map(p -> p.visit().window().late()).toArray(Integer[]::new),
                            studyId, filter.siteId(), filter.siteId(), scope.sqlSites(), scope.sqlSites(),
                            Date.valueOf(today), screening, studyId, studyId, studyId, studyId)
                    .query((rs, n) -> item(protocol, OverdueItem.Kind.FORM, rs, today)).list());
        }
        out.sort(java.util.Comparator.comparing(OverdueItem::windowClosed).thenComparing(OverdueItem::siteId)
                .thenComparing(OverdueItem::subjectId).thenComparing(OverdueItem::visitId)
                .thenComparing(i -> i.formId() == null ? "" : i.formId()));
        return out;
    }

    private static OverdueItem item(Protocol protocol, OverdueItem.Kind kind, java.sql.ResultSet rs, LocalDate today)
            throws java.sql.SQLException {
        String visitId = rs.getString("visit_id");
        String formId = kind == OverdueItem.Kind.FORM ? rs.getString("form_id") : null;
        LocalDate closed = rs.getObject("closed", LocalDate.class);
        return new OverdueItem(kind, rs.getString("site_id"), rs.getString("subject_id"), visitId,
                protocol.visit(visitId).orElseThrow().label(), formId, formId == null ? null : protocol.form(formId).orElseThrow().label(),
                rs.getObject("target", LocalDate.class), closed, (int) java.time.temporal.ChronoUnit.DAYS.between(closed, today));
    }

    /** The queries awaiting the site (open) or the data manager (answered), per site, by age since they were raised. */
    public List<QueryAgeRow> queryAgeing(String studyId, DataFilter filter, Caller caller) {
        catalog.require(studyId);
        SiteScope scope = caller.scope(studyId, Permission.READ_DATA_MANAGEMENT);
        LocalDate today = LocalDate.now(clock);
        String status = filter.status() == null ? null : filter.status().name();
        return jdbc.sql("""
                select site_id, status, count(*) as total,
                       count(*) filter (where age <= 7) as d7, count(*) filter (where age between 8 and 14) as d14,
                       count(*) filter (where age between 15 and 30) as d30, count(*) filter (where age > 30) as older,
                       max(age) as oldest
                from (select site_id, status, greatest(0, cast(? as date) - cast(raised_at at time zone ? as date)) as age
                      from data_query
                      where study_id = ? and status <> 'CLOSED'
                        and (cast(? as text) is null or status = cast(? as text))
                        and (cast(? as text) is null or site_id = cast(? as text))
                        and (cast(? as text[]) is null or site_id = any(cast(? as text[])))) q
                group by site_id, status
                order by site_id, status desc
                """).params(Date.valueOf(today), clock.getZone().getId(), studyId, status, status, filter.siteId(), filter.siteId(),
                        scope.sqlSites(), scope.sqlSites())
                .query((rs, n) -> new QueryAgeRow(rs.getString("site_id"), rs.getString("status").toLowerCase(java.util.Locale.ROOT),
                        rs.getInt("total"), rs.getInt("d7"), rs.getInt("d14"), rs.getInt("d30"), rs.getInt("older"), rs.getInt("oldest")))
                .list();
    }
}
