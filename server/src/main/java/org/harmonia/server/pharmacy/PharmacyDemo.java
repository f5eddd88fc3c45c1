package org.harmonia.server.pharmacy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.UserService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo's initial inventory, through the pharmacy's services as the demo pharmacist: at each site with subjects on
 * study, every randomised subject still on study gets its own (autologous) MSC batch, its kit linked, shipped, received
 * and dispensed at week 0 on its day 0, alongside spare kits (the next ones of the site's list); the last site keeps
 * only one spare, so its stock raises a shipment request; and one allogeneic batch below the release limit waits on the
 * batches page. The completed cohort's kits stay at the depot: it ran before the pharmacy kept its books here.
 */
@Component
public class PharmacyDemo {
    static final String PHARMACIST = "pharmacist";

    private final PharmacyService pharmacy;
    private final ProtocolCatalog catalog;
    private final UserService users;
    private final JdbcClient jdbc;
    private final Clock clock;

    public PharmacyDemo(PharmacyService pharmacy, ProtocolCatalog catalog, UserService users, JdbcClient jdbc, Clock clock) {
        this.pharmacy = pharmacy;
        this.catalog = catalog;
        this.users = users;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Loads the inventory of the given sites, in order; the number of kits dispensed. */
    public int load(String studyId, List<String> siteIds) {
        Caller pharmacist = users.caller(PHARMACIST);
        LocalDate today = LocalDate.now(clock);
        SplittableRandom r = new SplittableRandom(20261203L);
        int dispensed = 0;
        for (int i = 0; i < siteIds.size(); i++) {
            String siteId = siteIds.get(i);
            // the subjects on study today who received their first infusion: randomised with day 0 in the last months
            record OnStudy(String subjectId, String kitNumber, LocalDate dayZero) {
            }
            List<OnStudy> subjects = jdbc.sql("""
                    select s.id, a.kit_number, s.day_zero from subject s join allocation a on a.study_id = s.study_id and a.subject_id = s.id
                    where s.study_id = ? and s.site_id = ? and s.status in ('RANDOMISED', 'ON_STUDY') and s.day_zero between ? and ?
                    order by s.id""").params(studyId, siteId, today.minusDays(200), today)
                    .query((rs, n) -> new OnStudy(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class))).list();
            List<String> kits = new ArrayList<>(subjects.stream().map(OnStudy::kitNumber).toList());
            kits.addAll(nextKits(studyId, siteId, i == siteIds.size() - 1 ? 1 : 3));
            for (OnStudy s : subjects) {
                LocalDate released = s.dayZero().minusDays(5);
                pharmacy.recordBatch(studyId, new PharmacyRequests.NewBatch("MSC-" + s.subjectId(), "AUTOLOGOUS", s.subjectId(),
                        BigDecimal.valueOf(1_500_000), BigDecimal.valueOf(80 + r.nextInt(13)), true, released, released.plusDays(365)),
                        pharmacist);
                pharmacy.linkBatch(studyId, s.kitNumber(), new PharmacyRequests.BatchLink("MSC-" + s.subjectId(), 0), pharmacist);
            }
            PharmacyViews.Shipment shipment = pharmacy.ship(studyId, new PharmacyRequests.NewShipment(siteId, kits), pharmacist);
            pharmacy.receive(studyId, shipment.id(), new PharmacyRequests.Receipt(kits), pharmacist);
            for (OnStudy s : subjects) {
                pharmacy.dispense(studyId, new PharmacyRequests.NewDispensing(s.kitNumber(), s.subjectId(), "W0", s.dayZero()), pharmacist);
                dispensed++;
            }
        }
        pharmacy.recordBatch(studyId, new PharmacyRequests.NewBatch("ALLO-2026-03", "ALLOGENEIC", "donor D-0311",
                BigDecimal.valueOf(1_000_000), new BigDecimal("66.40"), true, today.minusDays(3), today.plusDays(180)), pharmacist);
        return dispensed;
    }

    /** The kits of the next free places of the site's stratum (MESEMS stratifies by sub-trial), else any free kits. */
    private List<String> nextKits(String studyId, String siteId, int n) {
        String subTrial = catalog.require(studyId).subTrialOfSite(siteId).orElseThrow().id();
        List<String> next = jdbc.sql("""
                select s.kit_number from randomisation_slot s
                where s.study_id = ? and s.stratum = ? and s.subject_id is null
                  and not exists (select 1 from kit_stock k where k.study_id = s.study_id and k.kit_number = s.kit_number)
                order by s.position limit ?""").params(studyId, "subTrial=" + subTrial, n).query(String.class).list();
        if (!next.isEmpty()) {
            return next;
        }
        return jdbc.sql("""
                select k.kit_number from kit k where k.study_id = ? and k.subject_id is null
                  and not exists (select 1 from kit_stock s where s.study_id = k.study_id and s.kit_number = k.kit_number)
                order by k.kit_number limit ?""").params(studyId, n).query(String.class).list();
    }
}
