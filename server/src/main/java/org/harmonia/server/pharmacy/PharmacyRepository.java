package org.harmonia.server.pharmacy;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.harmonia.server.pharmacy.PharmacyViews.Dispensing;
import org.harmonia.server.pharmacy.PharmacyViews.Kit;
import org.harmonia.server.pharmacy.PharmacyViews.KitEvent;
import org.harmonia.server.pharmacy.PharmacyViews.Shipment;
import org.harmonia.server.pharmacy.PharmacyViews.ShipmentRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The pharmacy's SQL. A kit with no {@code kit_stock} row is at the depot as the list generated it (version 0); its
 * first transition writes the row. Every transition takes the kit's row of {@code kit} for update first, so two
 * pharmacists acting on one kit are served in turn.
 */
@Repository
public class PharmacyRepository {
    private static final String KIT = """
            select k.kit_number, coalesce(s.state, 'AT_DEPOT') as state, s.site_id, s.batch_id, s.shipment_id, s.subject_id,
                   coalesce(s.version, 0) as version, s.updated_at, s.updated_by
            from kit k left join kit_stock s on s.study_id = k.study_id and s.kit_number = k.kit_number
            """;

    private final JdbcClient jdbc;

    public PharmacyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Kit> kit(String studyId, String kitNumber) {
        return jdbc.sql(KIT + " where k.study_id = ? and k.kit_number = ?").params(studyId, kitNumber).query(PharmacyRepository::kit).optional();
    }

    /** The kit, its {@code kit} row locked until the transaction ends. */
    Optional<Kit> kitForUpdate(String studyId, String kitNumber) {
        boolean exists = jdbc.sql("select 1 from kit where study_id = ? and kit_number = ? for update").params(studyId, kitNumber)
                .query(Integer.class).optional().isPresent();
        return exists ? kit(studyId, kitNumber) : Optional.empty();
    }

    List<Kit> kits(String studyId, String siteId, KitState state) {
        StringBuilder sql = new StringBuilder(KIT + " where k.study_id = :study");
        if (siteId != null) {
            sql.append(" and s.site_id = :site");
        }
        if (state != null) {
            sql.append(" and coalesce(s.state, 'AT_DEPOT') = :state");
        }
        sql.append(" order by s.site_id nulls first, k.kit_number");
        var spec = jdbc.sql(sql.toString()).param("study", studyId);
        if (siteId != null) {
            spec = spec.param("site", siteId);
        }
        if (state != null) {
            spec = spec.param("state", state.name());
        }
        return spec.query(PharmacyRepository::kit).list();
    }

    /** Writes the kit's new state; false if someone else changed it since {@code version} was read. */
    boolean move(String studyId, Kit kit, KitState to, String siteId, String batchId, Long shipmentId, String subjectId, String actor) {
        if (kit.version() == 0) {
            return jdbc.sql("""
                    insert into kit_stock (study_id, kit_number, state, site_id, batch_id, shipment_id, subject_id, updated_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(studyId, kit.kitNumber(), to.name(), siteId, batchId, shipmentId, subjectId, actor).update() == 1;
        }
        return jdbc.sql("""
                update kit_stock set state = ?, site_id = ?, batch_id = ?, shipment_id = ?, subject_id = ?, version = version + 1,
                       updated_at = now(), updated_by = ?
                where study_id = ? and kit_number = ? and version = ?""")
                .params(to.name(), siteId, batchId, shipmentId, subjectId, actor, studyId, kit.kitNumber(), kit.version()).update() == 1;
    }

    void event(String studyId, String kitNumber, String event, KitState from, KitState to, String siteId, Long shipmentId, String reason,
               String actor) {
        jdbc.sql("""
                insert into kit_event (study_id, kit_number, event, from_state, to_state, site_id, shipment_id, reason, by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(studyId, kitNumber, event, from.name(), to.name(), siteId, shipmentId, reason, actor).update();
    }

    List<KitEvent> events(String studyId, String kitNumber) {
        return jdbc.sql("select * from kit_event where study_id = ? and kit_number = ? order by id").params(studyId, kitNumber)
                .query((rs, n) -> new KitEvent(rs.getLong("id"), rs.getString("event"), KitState.valueOf(rs.getString("from_state")),
                        KitState.valueOf(rs.getString("to_state")), rs.getString("site_id"), (Long) rs.getObject("shipment_id"),
                        rs.getString("reason"), instant(rs, "at"), rs.getString("by"))).list();
    }

    // batches

    boolean insertBatch(String studyId, PharmacyRequests.NewBatch b, String actor) {
        return jdbc.sql("""
                insert into msc_batch (study_id, batch_id, source, donor, cell_dose_per_kg, viability_percent, release_tests_passed,
                                       release_date, expiry_date, recorded_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(studyId, b.batchId().strip(), b.source(), b.donor().strip(), b.cellDosePerKg(), b.viabilityPercent(),
                        b.releaseTestsPassed(), b.releaseDate(), b.expiryDate(), actor).update() == 1;
    }

    record BatchRow(String batchId, String source, String donor, BigDecimal cellDosePerKg, BigDecimal viabilityPercent,
                    boolean releaseTestsPassed, LocalDate releaseDate, LocalDate expiryDate, int kits, Instant recordedAt, String recordedBy) {
    }

    private static final String BATCH = """
            select b.*, (select count(*) from kit_stock s where s.study_id = b.study_id and s.batch_id = b.batch_id) as kits
            from msc_batch b""";

    Optional<BatchRow> batch(String studyId, String batchId) {
        return jdbc.sql(BATCH + " where b.study_id = ? and b.batch_id = ?").params(studyId, batchId).query(PharmacyRepository::batch).optional();
    }

    List<BatchRow> batches(String studyId) {
        return jdbc.sql(BATCH + " where b.study_id = ? order by b.batch_id").param(studyId).query(PharmacyRepository::batch).list();
    }

    private static BatchRow batch(ResultSet rs, int n) throws SQLException {
        return new BatchRow(rs.getString("batch_id"), rs.getString("source"), rs.getString("donor"), rs.getBigDecimal("cell_dose_per_kg"),
                rs.getBigDecimal("viability_percent"), rs.getBoolean("release_tests_passed"), rs.getObject("release_date", LocalDate.class),
                rs.getObject("expiry_date", LocalDate.class), rs.getInt("kits"), instant(rs, "recorded_at"), rs.getString("recorded_by"));
    }

    // shipments and requests

    long insertShipment(String studyId, String siteId, String actor) {
        return jdbc.sql("insert into shipment (study_id, site_id, status, shipped_by) values (?, ?, 'SHIPPED', ?) returning id")
                .params(studyId, siteId, actor).query(Long.class).single();
    }

    void shipmentReceived(long shipmentId, String actor) {
        jdbc.sql("update shipment set status = 'RECEIVED', received_at = now(), received_by = ? where id = ?").params(actor, shipmentId).update();
    }

    Optional<Shipment> shipment(String studyId, long id) {
        return shipments(studyId, id).stream().findFirst();
    }

    /**
     * Shipments with their kits, in one query: the kits a shipment carried come from their "ship" events (a kit later
     * moved on still belongs to the shipment it came in), those still to receive from the kits' current state.
     */
    List<Shipment> shipments(String studyId, Long onlyId) {
        return jdbc.sql("""
                select s.*,
                       array(select e.kit_number from kit_event e
                             where e.study_id = s.study_id and e.shipment_id = s.id and e.event = 'ship' order by e.kit_number) as shipped_kits,
                       array(select k.kit_number from kit_stock k
                             where k.study_id = s.study_id and k.shipment_id = s.id and k.state = 'SHIPPED' order by k.kit_number) as kits_to_receive
                from shipment s where s.study_id = ? and (?::bigint is null or s.id = ?) order by s.id desc""")
                .params(studyId, onlyId, onlyId)
                .query((rs, n) -> new Shipment(rs.getLong("id"), rs.getString("site_id"), rs.getString("status"), texts(rs, "shipped_kits"),
                        texts(rs, "kits_to_receive"), instant(rs, "shipped_at"), rs.getString("shipped_by"), instant(rs, "received_at"),
                        rs.getString("received_by"))).list();
    }

    /** The site's kits a subject could still receive: received there, or on their way to it. */
    int usableKits(String studyId, String siteId) {
        return jdbc.sql("select count(*) from kit_stock where study_id = ? and site_id = ? and state in ('RECEIVED', 'SHIPPED')")
                .params(studyId, siteId).query(Integer.class).single();
    }

    /** Raises a request unless one is open for the site already; the request's id, or empty. */
    Optional<Long> raiseRequest(String studyId, String siteId, int onHand, int threshold, int wanted, String actor) {
        return jdbc.sql("""
                insert into shipment_request (study_id, site_id, kits_on_hand, threshold, kits_wanted, status, raised_by)
                values (?, ?, ?, ?, ?, 'OPEN', ?) on conflict do nothing returning id""")
                .params(studyId, siteId, onHand, threshold, wanted, actor).query(Long.class).optional();
    }

    /** Marks the site's open request as answered by the shipment; its id, or empty if none was open. */
    Optional<Long> fulfilRequest(String studyId, String siteId, long shipmentId) {
        return jdbc.sql("update shipment_request set status = 'SHIPPED', shipment_id = ? where study_id = ? and site_id = ? and status = 'OPEN' returning id")
                .params(shipmentId, studyId, siteId).query(Long.class).optional();
    }

    List<ShipmentRequest> requests(String studyId, boolean openOnly) {
        return jdbc.sql("select * from shipment_request where study_id = ?" + (openOnly ? " and status = 'OPEN'" : "") + " order by id desc")
                .param(studyId).query((rs, n) -> new ShipmentRequest(rs.getLong("id"), rs.getString("site_id"), rs.getInt("kits_on_hand"),
                        rs.getInt("threshold"), rs.getInt("kits_wanted"), rs.getString("status"), instant(rs, "raised_at"),
                        rs.getString("raised_by"), (Long) rs.getObject("shipment_id"))).list();
    }

    /** Per site that holds or held kits: the count of kits in each state. */
    Map<String, Map<KitState, Integer>> countsBySite(String studyId) {
        Map<String, Map<KitState, Integer>> out = new LinkedHashMap<>();
        jdbc.sql("select site_id, state, count(*) as n from kit_stock where study_id = ? and site_id is not null group by site_id, state order by site_id")
                .param(studyId).query(rs -> {
                    out.computeIfAbsent(rs.getString("site_id"), s -> new EnumMap<>(KitState.class))
                            .put(KitState.valueOf(rs.getString("state")), rs.getInt("n"));
                });
        return out;
    }

    int atDepot(String studyId) {
        return jdbc.sql("""
                select count(*) from kit k left join kit_stock s on s.study_id = k.study_id and s.kit_number = k.kit_number
                where k.study_id = ? and coalesce(s.state, 'AT_DEPOT') = 'AT_DEPOT'""").param(studyId).query(Integer.class).single();
    }

    // subjects, allocations, dispensings

    record SubjectRow(String id, String siteId, String status) {
    }

    Optional<SubjectRow> subject(String studyId, String subjectId) {
        return jdbc.sql("select id, site_id, status from subject where study_id = ? and id = ?").params(studyId, subjectId)
                .query((rs, n) -> new SubjectRow(rs.getString("id"), rs.getString("site_id"), rs.getString("status"))).optional();
    }

    Optional<String> allocatedKit(String studyId, String subjectId) {
        return jdbc.sql("select kit_number from allocation where study_id = ? and subject_id = ?").params(studyId, subjectId)
                .query(String.class).optional();
    }

    boolean dispensedAt(String studyId, String subjectId, String visitId) {
        return jdbc.sql("select count(*) from dispensing where study_id = ? and subject_id = ? and visit_id = ?")
                .params(studyId, subjectId, visitId).query(Integer.class).single() > 0;
    }

    long insertDispensing(String studyId, String kitNumber, String batchId, SubjectRow subject, String visitId, LocalDate on, String actor) {
        return jdbc.sql("""
                insert into dispensing (study_id, kit_number, batch_id, subject_id, site_id, visit_id, dispensed_on, dispensed_by)
                values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(studyId, kitNumber, batchId, subject.id(), subject.siteId(), visitId, on, actor).query(Long.class).single();
    }

    /**
     * Dispensings with their infusion record: the live record, at the dispensing's visit, of one of the forms that carry
     * a kit number ({@code kitForms}), and the kit number it names.
     */
    List<Dispensing> dispensings(String studyId, Collection<String> kitForms, String subjectId, String kitNumber, Long id) {
        StringBuilder sql = new StringBuilder("""
                select d.*, r.id as record_id, r.data ->> 'kit_number' as record_kit
                from dispensing d
                left join lateral (select f.id, f.data from form_record f
                                   where f.study_id = d.study_id and f.subject_id = d.subject_id and f.visit_id = d.visit_id
                                     and f.form_id = any(:forms) and not f.voided order by f.id desc limit 1) r on true
                where d.study_id = :study""");
        if (subjectId != null) {
            sql.append(" and d.subject_id = :subject");
        }
        if (kitNumber != null) {
            sql.append(" and d.kit_number = :kit");
        }
        if (id != null) {
            sql.append(" and d.id = :id");
        }
        sql.append(" order by d.id desc");
        var spec = jdbc.sql(sql.toString()).param("study", studyId).param("forms", kitForms.toArray(String[]::new));
        if (subjectId != null) {
            spec = spec.param("subject", subjectId);
        }
        if (kitNumber != null) {
            spec = spec.param("kit", kitNumber);
        }
        if (id != null) {
            spec = spec.param("id", id);
        }
        return spec.query((rs, n) -> {
            String recordKit = rs.getString("record_kit");
            Long recordId = (Long) rs.getObject("record_id");
            return new Dispensing(rs.getLong("id"), rs.getString("kit_number"), rs.getString("batch_id"), rs.getString("subject_id"),
                    rs.getString("site_id"), rs.getString("visit_id"), rs.getObject("dispensed_on", LocalDate.class),
                    instant(rs, "dispensed_at"), rs.getString("dispensed_by"), recordId, recordKit,
                    recordId == null ? null : rs.getString("kit_number").equals(recordKit == null ? null : recordKit.strip()));
        }).list();
    }

    Map<String, String> siteNames(String studyId) {
        Map<String, String> out = new LinkedHashMap<>();
        jdbc.sql("select id, name from site where study_id = ? order by id").param(studyId).query(rs -> {
            out.put(rs.getString("id"), rs.getString("name"));
        });
        return out;
    }

    private static Kit kit(ResultSet rs, int n) throws SQLException {
        return new Kit(rs.getString("kit_number"), KitState.valueOf(rs.getString("state")), rs.getString("site_id"), rs.getString("batch_id"),
                (Long) rs.getObject("shipment_id"), rs.getString("subject_id"), rs.getInt("version"), instant(rs, "updated_at"),
                rs.getString("updated_by"));
    }

    private static List<String> texts(ResultSet rs, String column) throws SQLException {
        return List.of((String[]) rs.getArray(column).getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
