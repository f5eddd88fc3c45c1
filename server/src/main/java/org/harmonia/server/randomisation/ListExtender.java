package org.harmonia.server.randomisation;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.harmonia.server.audit.AuditAction;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.randomisation.RandomisationViews.Extension;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.randomisation.AllocationSlot;
import org.harmonia.trial.randomisation.Kit;
import org.harmonia.trial.randomisation.KitNumber;
import org.harmonia.trial.randomisation.KitNumbers;
import org.harmonia.trial.randomisation.PermutedBlockList;
import org.harmonia.trial.randomisation.RandomisationSeed;
import org.harmonia.trial.randomisation.Stratum;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Extends a stratum's permuted-block list by whole further blocks, with a kit per new slot, from the study's
 * list-extension key (see {@link PermutedBlockList#extend}); records the extension, audits it without sizes or
 * positions (blinded monitors read the trail) and tells the unblinded statistician the details.
 */
@Component
class ListExtender {
    /** Why a list was extended. */
    enum Reason { ALLOCATION, STATISTICIAN }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final AuditTrail audit;

    ListExtender(JdbcClient jdbc, JdbcTemplate batch, AuditTrail audit) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.audit = audit;
    }

    /**
     * Adds at least {@code atLeast} slots to the stratum's list. The caller holds the stratum's advisory lock, so no
     * allocation or other extension of the stratum runs meanwhile; {@code subjectId} is the subject whose
     * randomisation found the list used up, if any.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Extension extend(String studyId, Protocol protocol, RandomisationSeed key, Stratum stratum, int atLeast, Reason reason,
                     String subjectId, String actor) {
        PermutedBlockList blocks = PermutedBlockList.of(protocol.design().randomisation(), protocol.sequences());
        List<AllocationSlot> added = blocks.extend(key, stratum, lastBlock(studyId, stratum), atLeast);
        // Kit numbers are unique across the study: one extension at a time draws them, whatever the stratum.
        RandomisationService.lock(jdbc, studyId + "|kits");
        Set<KitNumber> issued = new HashSet<>(jdbc.sql("select kit_number from kit where study_id = ?").param(studyId)
                .query((rs, n) -> new KitNumber(rs.getString(1))).list());
        Map<Integer, List<AllocationSlot>> byBlock = new TreeMap<>();
        added.forEach(s -> byBlock.computeIfAbsent(s.blockNumber(), b -> new ArrayList<>()).add(s));
        AllocationSlot first = added.get(0);
        AllocationSlot last = added.get(added.size() - 1);
        long id = jdbc.sql("""
                insert into randomisation_extension (study_id, stratum, first_position, last_position, first_block, last_block,
                    reason, extended_by)
                values (?, ?, ?, ?, ?, ?, ?, ?) returning id
                """).params(studyId, stratum.key(), first.position(), last.position(), first.blockNumber(), last.blockNumber(),
                reason.name(), actor).query(Long.class).single();
        List<Object[]> slotRows = new ArrayList<>();
        List<Object[]> kitRows = new ArrayList<>();
        byBlock.forEach((blockNumber, slots) -> {
            Map<String, Integer> perSequence = new TreeMap<>();
            slots.forEach(s -> perSequence.merge(s.sequenceId(), 1, Integer::sum));
            // one kit batch per block, named by the block's context, so the statistician re-derives it block by block
            Map<String, List<Kit>> kits = new LinkedHashMap<>();
            for (Kit k : KitNumbers.generate(key, PermutedBlockList.extensionContext(stratum, blockNumber), perSequence, issued)) {
                kits.computeIfAbsent(k.armId(), a -> new ArrayList<>()).add(k);
                issued.add(k.number());
                kitRows.add(new Object[] {studyId, k.number().toString(), k.armId()});
            }
            for (AllocationSlot s : slots) {
                String kit = kits.get(s.sequenceId()).remove(0).number().toString();
                slotRows.add(new Object[] {studyId, stratum.key(), s.position(), s.sequenceId(), s.blockNumber(), s.blockSize(), kit, id});
            }
        });
        batch.batchUpdate("insert into kit (study_id, kit_number, sequence_id) values (?, ?, ?)", kitRows);
        batch.batchUpdate("""
                insert into randomisation_slot (study_id, stratum, position, sequence_id, block_number, block_size, kit_number, extension_id)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", slotRows);
        String why = reason == Reason.ALLOCATION ? "when subject " + subjectId + " was randomised" : "at the request of " + actor;
        audit.record(AuditEvent.of(actor, AuditAction.of("RANDOMISATION_LIST_EXTENDED"), studyId, null, "randomisation_setup", studyId,
                "stratum " + stratum.key() + ": list extended from the list-extension key; the unblinded statistician is notified", null));
        jdbc.sql("""
                insert into notification (study_id, kind, subject_id, site_id, message, audience)
                values (?, 'LIST_EXTENDED', ?, null, ?, 'UNBLINDED_STATISTICIAN')
                """).params(studyId, subjectId, "the randomisation list of stratum " + stratum.key() + " was extended " + why + ": "
                + added.size() + " slots, positions " + first.position() + " to " + last.position() + ", blocks " + first.blockNumber()
                + " to " + last.blockNumber() + " (extension " + id + ")").update();
        Timestamp at = jdbc.sql("select extended_at from randomisation_extension where id = ?").param(id).query(Timestamp.class).single();
        return new Extension(id, stratum.key(), first.position(), last.position(), first.blockNumber(), last.blockNumber(),
                added.size(), reason.name(), actor, at.toInstant());
    }

    /** The stored slots of the stratum's last block, in position order (none if the stratum has no list yet). */
    private List<AllocationSlot> lastBlock(String studyId, Stratum stratum) {
        List<Object[]> rows = jdbc.sql("""
                select position, sequence_id, block_number, block_size from randomisation_slot
                where study_id = ? and stratum = ?
                  and block_number = (select max(block_number) from randomisation_slot where study_id = ? and stratum = ?)
                order by position
                """).params(studyId, stratum.key(), studyId, stratum.key())
                .query((rs, n) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getInt(4)}).list();
        List<AllocationSlot> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new AllocationSlot(stratum, (Integer) r[0], (String) r[1], (Integer) r[2], (Integer) r[3], out.size() + 1));
        }
        return out;
    }
}
