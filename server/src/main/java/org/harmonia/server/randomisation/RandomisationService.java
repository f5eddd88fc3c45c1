package org.harmonia.server.randomisation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.harmonia.server.audit.AuditAction;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.randomisation.RandomisationViews.Allocated;
import org.harmonia.server.randomisation.RandomisationViews.Extension;
import org.harmonia.server.randomisation.RandomisationViews.ExtensionRequest;
import org.harmonia.server.randomisation.RandomisationViews.KitView;
import org.harmonia.server.randomisation.RandomisationViews.ListRequest;
import org.harmonia.server.randomisation.RandomisationViews.ListSummary;
import org.harmonia.server.randomisation.RandomisationViews.Notification;
import org.harmonia.server.randomisation.RandomisationViews.Slot;
import org.harmonia.server.randomisation.RandomisationViews.UnblindedAllocation;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.security.SiteScope;
import org.harmonia.server.subjects.Subject;
import org.harmonia.server.subjects.SubjectRepository;
import org.harmonia.server.subjects.SubjectService;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.ForbiddenException;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.server.system.Text;
import org.harmonia.trial.eligibility.ScreeningVariable;
import org.harmonia.trial.eligibility.VariableType;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Randomisation;
import org.harmonia.trial.protocol.RandomisationMethod;
import org.harmonia.trial.protocol.Sequence;
import org.harmonia.trial.protocol.SubTrial;
import org.harmonia.trial.randomisation.AllocationSlot;
import org.harmonia.trial.randomisation.ImbalanceMeasure;
import org.harmonia.trial.randomisation.Kit;
import org.harmonia.trial.randomisation.KitNumbers;
import org.harmonia.trial.randomisation.Minimisation;
import org.harmonia.trial.randomisation.MinimisationDecision;
import org.harmonia.trial.randomisation.MinimisationState;
import org.harmonia.trial.randomisation.PermutedBlockList;
import org.harmonia.trial.randomisation.RandomisationException;
import org.harmonia.trial.randomisation.RandomisationSeed;
import org.harmonia.trial.randomisation.SeededRandom;
import org.harmonia.trial.randomisation.Stratum;
import org.harmonia.trial.subject.SubjectStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Concealed randomisation: the statistician's list (permuted blocks per stratum, or minimisation),
 * atomic allocation of the next slot with its kit, the unblinded views, and emergency unblinding.
 * Allocation serialises per stratum with a transaction-scoped advisory lock, so concurrent requests,
 * also from several server instances on one database, never take the same slot or skip one.
 */
@Service
public class RandomisationService {
    static final int DEFAULT_LENGTH = 100;
    static final int MAX_LENGTH = 10_000;
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() { };

    private final ProtocolCatalog catalog;
    private final SubjectRepository subjects;
    private final SubjectService subjectService;
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;
    private final ListExtender extender;

    public RandomisationService(ProtocolCatalog catalog, SubjectRepository subjects, SubjectService subjectService,
                                JdbcClient jdbc, JdbcTemplate batch, AuditTrail audit, JsonMapper json, Clock clock,
                                ListExtender extender) {
        this.catalog = catalog;
        this.subjects = subjects;
        this.subjectService = subjectService;
        this.jdbc = jdbc;
        this.batch = batch;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.extender = extender;
    }

    /**
     * Generates the study's list (once): slots for every stratum, a kit per slot. For blocks the seed is never stored,
     * only its fingerprint and the list-extension key derived from it.
     */
    @Transactional
    public ListSummary generate(String studyId, ListRequest request, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.MANAGE_RANDOMISATION);
        Randomisation design = protocol.design().randomisation();
        if (!protocol.design().randomised() || design.method() == RandomisationMethod.NONE) {
            throw new ConflictException("study " + studyId + " is not randomised");
        }
        if (setup(studyId).isPresent()) {
            throw new ConflictException("the randomisation list of " + studyId + " was already generated; it is never generated twice");
        }
        int length = request == null || request.lengthPerStratum() == null ? DEFAULT_LENGTH : request.lengthPerStratum();
        if (length < 1 || length > MAX_LENGTH) {
            throw new InvalidInputException("lengthPerStratum", "must be between 1 and " + MAX_LENGTH);
        }
        boolean drawn = request == null || request.seedHex() == null || request.seedHex().isBlank();
        RandomisationSeed seed;
        try {
            seed = drawn ? RandomisationSeed.generate() : RandomisationSeed.fromHex(request.seedHex().strip());
        } catch (RandomisationException e) {
            throw new InvalidInputException("seedHex", e.getMessage());
        }
        String actor = caller.username();
        int slots = 0;
        int kits;
        int strataCount;
        if (design.method() == RandomisationMethod.PERMUTED_BLOCKS) {
            PermutedBlockList blocks = PermutedBlockList.of(design, protocol.sequences());
            List<Stratum> strata = strata(protocol);
            strataCount = strata.size();
            List<AllocationSlot> all = new ArrayList<>();
            for (Stratum stratum : strata) {
                all.addAll(blocks.generate(seed, stratum, length));
            }
            Map<String, Integer> perSequence = new TreeMap<>();
            all.forEach(s -> perSequence.merge(s.sequenceId(), 1, Integer::sum));
            Map<String, List<Kit>> kitsBySequence = kitsBySequence(seed, perSequence);
            Map<String, Integer> used = new HashMap<>();
            List<Object[]> rows = new ArrayList<>();
            for (AllocationSlot s : all) {
                int i = used.merge(s.sequenceId(), 1, Integer::sum) - 1;
                String kit = kitsBySequence.get(s.sequenceId()).get(i).number().toString();
                rows.add(new Object[] {studyId, s.stratum().key(), s.position(), s.sequenceId(), s.blockNumber(), s.blockSize(), kit});
            }
            batch.batchUpdate("""
                    insert into randomisation_slot (study_id, stratum, position, sequence_id, block_number, block_size, kit_number)
                    values (?, ?, ?, ?, ?, ?, ?)""", rows);
            insertKits(studyId, kitsBySequence);
            slots = all.size();
            kits = all.size();
        } else {
            strataCount = 1;
            Map<String, Integer> perSequence = new TreeMap<>();
            protocol.sequences().forEach(s -> perSequence.put(s.id(), length));
            Map<String, List<Kit>> kitsBySequence = kitsBySequence(seed, perSequence);
            insertKits(studyId, kitsBySequence);
            kits = perSequence.values().stream().mapToInt(Integer::intValue).sum();
        }
        boolean minimisation = design.method() == RandomisationMethod.MINIMISATION;
        jdbc.sql("""
                insert into randomisation_setup (study_id, method, seed_fingerprint, minimisation_seed, list_length, generated_by,
                    extension_key)
                values (?, ?, ?, ?, ?, ?, ?)
                """).params(studyId, design.method().name(), seed.fingerprint(), minimisation ? seed.toHex() : null, length, actor,
                minimisation ? null : PermutedBlockList.extensionKey(seed).toHex()).update();
        // no slot or kit count: with the number of strata it gives the list length, which blinded monitors must not read
        audit.record(AuditEvent.of(actor, AuditAction.of("RANDOMISATION_LIST"), studyId, null, "randomisation_setup", studyId,
                design.method().name().toLowerCase() + ", seed fingerprint " + seed.fingerprint() + ", " + strataCount + " strata", null));
        Instant generatedAt = jdbc.sql("select generated_at from randomisation_setup where study_id = ?").param(studyId)
                .query(java.sql.Timestamp.class).single().toInstant();
        return new ListSummary(design.method().name(), seed.fingerprint(), drawn ? seed.toHex() : null, strataCount, slots, kits,
                generatedAt);
    }

    /** Randomises an enrolled subject: the next slot of its stratum (or the minimisation decision) and a kit, in one transaction. */
    @Transactional
    public Allocated randomise(String studyId, String subjectId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        SiteScope scope = caller.scope(studyId, Permission.RANDOMISE);
        Subject subject = subjects.findForUpdate(studyId, subjectId, scope)
                .orElseThrow(() -> new NotFoundException("no subject \"" + subjectId + "\" in study " + studyId));
        if (subject.status() != SubjectStatus.ENROLLED) {
            throw new ConflictException("subject " + subjectId + " is " + subject.status().label()
                    + "; only an enrolled subject (eligible and consented) can be randomised");
        }
        Setup setup = setup(studyId).orElseThrow(() -> new ConflictException(
                "study " + studyId + " has no randomisation list yet; the unblinded statistician generates it"));
        Randomisation design = protocol.design().randomisation();
        // PostgreSQL keeps microseconds: answer with the instant exactly as stored
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String actor = caller.username();
        String stratumKey;
        Integer position;
        String sequenceId;
        String kit;
        Map<String, String> levels = values(protocol, subject, design.method() == RandomisationMethod.MINIMISATION
                ? design.factors() : design.strata());
        if (setup.method() == RandomisationMethod.PERMUTED_BLOCKS) {
            Stratum stratum = Stratum.of(design.strata(), levels);
            stratumKey = stratum.key();
            lock(jdbc, studyId + "|" + stratumKey);
            Optional<Object[]> free = freeSlot(studyId, stratumKey);
            if (free.isEmpty()) {
                // randomisation never stops: whole further blocks, as many slots as the generated list had per stratum
                RandomisationSeed key = setup.extensionKey().map(RandomisationSeed::fromHex).orElseThrow(() -> new ConflictException(
                        "subject " + subjectId + " cannot be randomised yet: the randomisation list needs the unblinded statistician"));
                extender.extend(studyId, protocol, key, stratum, setup.listLength(), ListExtender.Reason.ALLOCATION, subjectId, actor);
                free = freeSlot(studyId, stratumKey);
            }
            Object[] slot = free.orElseThrow(() -> new IllegalStateException("an extended list has a free slot"));
            position = (Integer) slot[0];
            sequenceId = (String) slot[1];
            kit = (String) slot[2];
            jdbc.sql("update randomisation_slot set subject_id = ?, allocated_at = ? where study_id = ? and stratum = ? and position = ?")
                    .params(subjectId, Timestamp.from(now), studyId, stratumKey, position).update();
        } else {
            stratumKey = Stratum.UNSTRATIFIED_KEY;
            lock(jdbc, studyId + "|minimisation");
            Minimisation minimisation = Minimisation.of(design, protocol.sequences(), ImbalanceMeasure.RANGE);
            MinimisationState state = minimisation.newState();
            List<Map<String, Object>> prior = jdbc.sql("select sequence_id, factor_levels::text as levels from allocation where study_id = ? order by allocated_at")
                    .param(studyId).query().listOfRows();
            for (Map<String, Object> row : prior) {
                state.record((String) row.get("sequence_id"), json.readValue((String) row.get("levels"), TEXT_MAP));
            }
            SeededRandom random = SeededRandom.of(RandomisationSeed.fromHex(setup.minimisationSeed()), Minimisation.PURPOSE,
                    studyId + "#" + (prior.size() + 1));
            MinimisationDecision decision = state.allocate(levels, random);
            sequenceId = decision.sequenceId();
            position = prior.size() + 1;
            kit = jdbc.sql("select kit_number from kit where study_id = ? and sequence_id = ? and subject_id is null order by kit_number limit 1")
                    .params(studyId, sequenceId).query(String.class).optional()
                    .orElseThrow(() -> new ConflictException("subject " + subjectId
                            + " cannot be randomised yet: the kits need the unblinded statistician"));
        }
        jdbc.sql("update kit set subject_id = ? where study_id = ? and kit_number = ?").params(subjectId, studyId, kit).update();
        jdbc.sql("""
                insert into allocation (study_id, subject_id, stratum, position, sequence_id, kit_number, factor_levels, allocated_at, allocated_by)
                values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?)
                """).params(studyId, subjectId, stratumKey, position, sequenceId, kit, json.writeValueAsString(levels),
                Timestamp.from(now), actor).update();
        // the audit row names stratum and kit: never the sequence nor the slot, as blinded monitors read it
        audit.record(AuditEvent.of(actor, AuditAction.of("RANDOMISED"), studyId, subject.siteId(), "subject", subjectId,
                "stratum " + stratumKey + ", kit " + kit, null));
        subjectService.move(studyId, subjectId, SubjectStatus.RANDOMISED, "randomised", caller);
        return new Allocated(subjectId, kit, stratumKey, now);
    }

    /**
     * What a randomised subject's site sees of its randomisation, as the answer to randomising gave it: the subject
     * and its kit, never the product. For the roles that randomise, within their sites; another site's subject is not found.
     */
    public Allocated allocated(String studyId, String subjectId, Caller caller) {
        catalog.require(studyId);
        SiteScope scope = caller.scope(studyId, Permission.RANDOMISE);
        subjects.find(studyId, subjectId, scope)
                .orElseThrow(() -> new NotFoundException("no subject \"" + subjectId + "\" in study " + studyId));
        return jdbc.sql("select subject_id, kit_number, stratum, allocated_at from allocation where study_id = ? and subject_id = ?")
                .params(studyId, subjectId)
                .query((rs, n) -> new Allocated(rs.getString("subject_id"), rs.getString("kit_number"), rs.getString("stratum"),
                        rs.getTimestamp("allocated_at").toInstant())).optional()
                .orElseThrow(() -> new NotFoundException("subject " + subjectId + " is not randomised"));
    }

    /**
     * Extends the list by hand (the unblinded statistician): one stratum or every stratum, by whole blocks. A list
     * generated before extension keys were stored needs the seed once; its key is then derived and kept.
     */
    @Transactional
    public List<Extension> extend(String studyId, ExtensionRequest request, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.MANAGE_RANDOMISATION);
        Setup setup = setup(studyId).orElseThrow(() -> new ConflictException(
                "study " + studyId + " has no randomisation list yet; generate it first"));
        if (setup.method() != RandomisationMethod.PERMUTED_BLOCKS) {
            throw new ConflictException("study " + studyId + " randomises by minimisation, which has no list to extend");
        }
        ExtensionRequest r = request == null ? new ExtensionRequest(null, null, null) : request;
        int slots = r.slots() == null ? setup.listLength() : r.slots();
        if (slots < 1 || slots > MAX_LENGTH) {
            throw new InvalidInputException("slots", "must be between 1 and " + MAX_LENGTH);
        }
        List<Stratum> all = strata(protocol);
        List<Stratum> chosen = all;
        if (r.stratum() != null) {
            String key = Text.singleLine("stratum", r.stratum()).strip();
            chosen = all.stream().filter(s -> s.key().equals(key)).toList();
            if (chosen.isEmpty()) {
                throw new InvalidInputException("stratum", "\"" + key + "\" is not a stratum of " + studyId + "; the strata are "
                        + String.join(", ", all.stream().map(Stratum::key).toList()));
            }
        }
        RandomisationSeed key;
        if (setup.extensionKey().isPresent()) {
            key = RandomisationSeed.fromHex(setup.extensionKey().get());
        } else {
            key = PermutedBlockList.extensionKey(seedOfThisList(studyId, r.seedHex(), setup));
            jdbc.sql("update randomisation_setup set extension_key = ? where study_id = ?").params(key.toHex(), studyId).update();
        }
        // every stratum's lock before any kit is drawn, in one order, as allocations take one stratum's lock then the kits'
        chosen.forEach(s -> lock(jdbc, studyId + "|" + s.key()));
        List<Extension> out = new ArrayList<>();
        for (Stratum s : chosen) {
            out.add(extender.extend(studyId, protocol, key, s, slots, ListExtender.Reason.STATISTICIAN, null, caller.username()));
        }
        return out;
    }

    /** Every extension of the study's list, oldest first, for the unblinded statistician. */
    public List<Extension> extensions(String studyId, Caller caller) {
        catalog.require(studyId);
        caller.require(studyId, Permission.MANAGE_RANDOMISATION);
        return jdbc.sql("select * from randomisation_extension where study_id = ? order by id").param(studyId)
                .query((rs, n) -> new Extension(rs.getLong("id"), rs.getString("stratum"), rs.getInt("first_position"),
                        rs.getInt("last_position"), rs.getInt("first_block"), rs.getInt("last_block"),
                        rs.getInt("last_position") - rs.getInt("first_position") + 1, rs.getString("reason"),
                        rs.getString("extended_by"), rs.getTimestamp("extended_at").toInstant())).list();
    }

    private RandomisationSeed seedOfThisList(String studyId, String seedHex, Setup setup) {
        if (seedHex == null || seedHex.isBlank()) {
            throw new InvalidInputException("seedHex", "the list of " + studyId + " was generated before extension keys were stored: "
                    + "give the seed once (its key is then kept)");
        }
        RandomisationSeed seed;
        try {
            seed = RandomisationSeed.fromHex(Text.singleLine("seedHex", seedHex));
        } catch (RandomisationException e) {
            throw new InvalidInputException("seedHex", e.getMessage());
        }
        if (!seed.fingerprint().equals(setup.seedFingerprint())) {
            throw new InvalidInputException("seedHex", "is not the seed of this list (its fingerprint is " + seed.fingerprint()
                    + ", the list's is " + setup.seedFingerprint() + ")");
        }
        return seed;
    }

    private Optional<Object[]> freeSlot(String studyId, String stratumKey) {
        return jdbc.sql("""
                select position, sequence_id, kit_number from randomisation_slot
                where study_id = ? and stratum = ? and subject_id is null order by position limit 1
                """).params(studyId, stratumKey).query((rs, n) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getString(3)})
                .optional();
    }

    /** Every allocation with its sequence, for the unblinded statistician and pharmacist. */
    public List<UnblindedAllocation> allocations(String studyId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.SEE_ALLOCATION);
        return jdbc.sql("""
                select a.*, s.site_id from allocation a join subject s on s.study_id = a.study_id and s.id = a.subject_id
                where a.study_id = ? order by a.allocated_at, a.subject_id
                """).param(studyId).query((rs, n) -> unblinded(protocol, rs.getString("subject_id"), rs.getString("site_id"),
                rs.getString("stratum"), (Integer) rs.getObject("position"), rs.getString("sequence_id"), rs.getString("kit_number"),
                rs.getTimestamp("allocated_at").toInstant())).list();
    }

    /** The whole list, slot by slot with its block, for the unblinded statistician's export. */
    public List<Slot> export(String studyId, Caller caller) {
        catalog.require(studyId);
        caller.require(studyId, Permission.MANAGE_RANDOMISATION);
        return jdbc.sql("select * from randomisation_slot where study_id = ? order by stratum, position").param(studyId)
                .query((rs, n) -> new Slot(rs.getString("stratum"), rs.getInt("position"), rs.getInt("block_number"),
                        rs.getInt("block_size"), rs.getString("sequence_id"), rs.getString("kit_number"), rs.getString("subject_id"),
                        rs.getTimestamp("allocated_at") == null ? null : rs.getTimestamp("allocated_at").toInstant(),
                        (Long) rs.getObject("extension_id"))).list();
    }

    /** What a kit holds, for the pharmacy. */
    public KitView kit(String studyId, String kitNumber, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        caller.require(studyId, Permission.DISPENSE);
        return jdbc.sql("select * from kit where study_id = ? and kit_number = ?").params(studyId, kitNumber)
                .query((rs, n) -> {
                    Sequence s = sequence(protocol, rs.getString("sequence_id"));
                    return new KitView(rs.getString("kit_number"), s.id(), s.label(), arms(s), rs.getString("subject_id"));
                }).optional().orElseThrow(() -> new NotFoundException("no kit " + kitNumber + " in study " + studyId));
    }

    /** One subject's allocation: for unblinded roles, and for the investigator who unblinded it in an emergency. */
    public UnblindedAllocation allocationOf(String studyId, String subjectId, Caller caller) {
        Protocol protocol = catalog.require(studyId);
        boolean unblindedRole = caller.has(studyId, Permission.SEE_ALLOCATION);
        if (!unblindedRole && !unblindedBy(studyId, subjectId, caller.username())) {
            throw new ForbiddenException(caller.username() + " may not see allocations in study " + studyId);
        }
        return find(protocol, studyId, subjectId).orElseThrow(() -> new NotFoundException("subject " + subjectId + " is not randomised"));
    }

    /**
     * Emergency unblinding by the subject's investigator: audited, the subject flagged, the central team told
     * (without the arm), and the allocation shown to that investigator only.
     */
    @Transactional
    public UnblindedAllocation emergencyUnblind(String studyId, String subjectId, RandomisationViews.UnblindingRequest request,
                                                Caller caller) {
        Protocol protocol = catalog.require(studyId);
        SiteScope scope = caller.scope(studyId, Permission.EMERGENCY_UNBLIND);
        Subject subject = subjects.findForUpdate(studyId, subjectId, scope)
                .orElseThrow(() -> new NotFoundException("no subject \"" + subjectId + "\" in study " + studyId));
        RandomisationViews.UnblindingRequest.requireReason(request);
        UnblindedAllocation allocation = find(protocol, studyId, subjectId)
                .orElseThrow(() -> new ConflictException("subject " + subjectId + " is " + subject.status().label()
                        + " and has no allocation to reveal"));
        String actor = caller.username();
        jdbc.sql("insert into emergency_unblinding (study_id, subject_id, unblinded_by, reason) values (?, ?, ?, ?)")
                .params(studyId, subjectId, actor, request.reason()).update();
        subjects.markEmergencyUnblinded(studyId, subjectId);
        jdbc.sql("insert into notification (study_id, kind, subject_id, site_id, message) values (?, 'EMERGENCY_UNBLINDING', ?, ?, ?)")
                .params(studyId, subjectId, subject.siteId(), "subject " + subjectId + " was unblinded in an emergency by " + actor
                        + ": " + request.reason()).update();
        audit.record(AuditEvent.of(actor, AuditAction.of("EMERGENCY_UNBLINDING"), studyId, subject.siteId(), "subject", subjectId,
                "allocation revealed to " + actor, request.reason()));
        return allocation;
    }

    /**
     * The caller's messages, newest first: the central team's (emergency unblindings) for those who read safety flags,
     * the unblinded statistician's (list extensions) for the statistician.
     */
    public List<Notification> notifications(String studyId, Caller caller) {
        catalog.require(studyId);
        boolean statistician = caller.has(studyId, Permission.MANAGE_RANDOMISATION);
        boolean central = caller.has(studyId, Permission.READ_SAFETY_FLAGS);
        if (!statistician) {
            caller.require(studyId, Permission.READ_SAFETY_FLAGS);
        }
        String[] sites = central ? caller.scope(studyId, Permission.READ_SAFETY_FLAGS).sqlSites() : null;
        return jdbc.sql("""
                select * from notification where study_id = ?
                  and ((? and audience = 'CENTRAL_TEAM' and (cast(? as text[]) is null or site_id = any(?)))
                    or (? and audience = 'UNBLINDED_STATISTICIAN'))
                order by id desc
                """).params(studyId, central, sites, sites, statistician)
                .query((rs, n) -> new Notification(rs.getLong("id"), rs.getString("kind"), rs.getString("audience"),
                        rs.getString("subject_id"), rs.getString("site_id"), rs.getString("message"),
                        rs.getTimestamp("created_at").toInstant())).list();
    }

    private Optional<UnblindedAllocation> find(Protocol protocol, String studyId, String subjectId) {
        return jdbc.sql("""
                select a.*, s.site_id from allocation a join subject s on s.study_id = a.study_id and s.id = a.subject_id
                where a.study_id = ? and a.subject_id = ?
                """).params(studyId, subjectId).query((rs, n) -> unblinded(protocol, rs.getString("subject_id"), rs.getString("site_id"),
                rs.getString("stratum"), (Integer) rs.getObject("position"), rs.getString("sequence_id"), rs.getString("kit_number"),
                rs.getTimestamp("allocated_at").toInstant())).optional();
    }

    private boolean unblindedBy(String studyId, String subjectId, String username) {
        return jdbc.sql("select count(*) from emergency_unblinding where study_id = ? and subject_id = ? and unblinded_by = ?")
                .params(studyId, subjectId, username).query(Integer.class).single() > 0;
    }

    private static UnblindedAllocation unblinded(Protocol protocol, String subjectId, String siteId, String stratum, Integer position,
                                                 String sequenceId, String kit, Instant at) {
        Sequence s = sequence(protocol, sequenceId);
        return new UnblindedAllocation(subjectId, siteId, stratum, position, s.id(), s.label(), arms(s), kit, at);
    }

    private static Sequence sequence(Protocol protocol, String sequenceId) {
        return protocol.sequences().stream().filter(s -> s.id().equals(sequenceId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("sequence " + sequenceId + " is not in protocol " + protocol.id()));
    }

    private static List<String> arms(Sequence s) {
        return s.periods().stream().map(p -> p.epochId() + ": " + p.armId()).toList();
    }

    /** A transaction-scoped advisory lock, shared by every server instance on the database. */
    static void lock(JdbcClient jdbc, String key) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 42))").param("randomisation:" + key)
                .query((org.springframework.jdbc.core.RowCallbackHandler) rs -> { });
    }

    private Map<String, List<Kit>> kitsBySequence(RandomisationSeed seed, Map<String, Integer> perSequence) {
        Map<String, List<Kit>> out = new LinkedHashMap<>();
        for (Kit k : KitNumbers.generate(seed, "list-1", perSequence, Set.of())) {
            out.computeIfAbsent(k.armId(), x -> new ArrayList<>()).add(k);
        }
        return out;
    }

    private void insertKits(String studyId, Map<String, List<Kit>> kits) {
        List<Object[]> rows = new ArrayList<>();
        kits.forEach((seq, list) -> list.forEach(k -> rows.add(new Object[] {studyId, k.number().toString(), seq})));
        batch.batchUpdate("insert into kit (study_id, kit_number, sequence_id) values (?, ?, ?)", rows);
    }

    /** Every stratum the protocol's stratification can produce, so lists exist before the first patient. */
    static List<Stratum> strata(Protocol protocol) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new TreeMap<>());
        for (String factor : protocol.design().randomisation().strata()) {
            List<String> values = levels(protocol, factor);
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String v : values) {
                    Map<String, String> m = new TreeMap<>(c);
                    m.put(factor, v);
                    next.add(m);
                }
            }
            combos = next;
        }
        return combos.stream().map(m -> new Stratum(new TreeMap<>(m))).toList();
    }

    private static List<String> levels(Protocol protocol, String factor) {
        if (factor.equals("subTrial")) {
            return protocol.subTrials().stream().map(SubTrial::id).toList();
        }
        if (factor.equals("site")) {
            return protocol.siteIds();
        }
        ScreeningVariable v = protocol.screeningVariables().get(factor);
        if (v != null && v.type() == VariableType.CHOICE) {
            return v.choices();
        }
        if (v != null && v.type() == VariableType.BOOLEAN) {
            return List.of("yes", "no");
        }
        throw new ConflictException("cannot stratify by " + factor + ": only the sub-trial, the site and choice or yes/no screening fields");
    }

    /** The subject's value of each factor: sub-trial, site, or its screening value. */
    private static Map<String, String> values(Protocol protocol, Subject subject, List<String> factors) {
        Map<String, String> out = new TreeMap<>();
        for (String f : factors) {
            String v = switch (f) {
                case "subTrial" -> subject.subTrialId();
                case "site" -> subject.siteId();
                default -> subject.screeningData().get(f);
            };
            if (v == null) {
                throw new ConflictException("subject " + subject.id() + " has no " + f + ", which randomisation is stratified by");
            }
            out.put(f, v);
        }
        return out;
    }

    private Optional<Setup> setup(String studyId) {
        return jdbc.sql("select method, minimisation_seed, seed_fingerprint, list_length, extension_key from randomisation_setup where study_id = ?")
                .param(studyId).query((rs, n) -> new Setup(RandomisationMethod.valueOf(rs.getString(1)), rs.getString(2),
                        rs.getString(3), rs.getInt(4), Optional.ofNullable(rs.getString(5)))).optional();
    }

    private record Setup(RandomisationMethod method, String minimisationSeed, String seedFingerprint, int listLength,
                         Optional<String> extensionKey) {
    }
}
