package org.harmonia.server.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.harmonia.server.audit.AuditAction;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.HarmoniaProperties;
import org.harmonia.trial.eligibility.Rule;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolException;
import org.harmonia.trial.protocol.ProtocolProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the protocol files of the protocols directory into the database at start and keeps the parsed
 * protocols at hand. A protocol version, once loaded, never changes: different content under a version
 * label already in the database is refused.
 */
@Service
public class ProtocolCatalog implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(ProtocolCatalog.class);

    private final HarmoniaProperties properties;
    private final StudyRepository studies;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final AuditTrail audit;
    private final Map<String, Protocol> loaded = new ConcurrentHashMap<>();

    public ProtocolCatalog(HarmoniaProperties properties, StudyRepository studies, TransactionTemplate tx, JsonMapper json,
                           AuditTrail audit) {
        this.properties = properties;
        this.audit = audit;
        this.studies = studies;
        this.tx = tx;
        // a compiled rule is stored as the text the protocol wrote, so the stored definition keeps every rule
        this.json = json.rebuild().addMixIn(Rule.class, RuleAsText.class).build();
    }

    /** Writes a {@link Rule} as its text. */
    abstract static class RuleAsText {
        @com.fasterxml.jackson.annotation.JsonValue
        abstract String text();
    }

    /** Runs once the database is migrated and before the web server accepts requests, so the API never answers without the studies. */
    @Override
    public void afterSingletonsInstantiated() {
        loadDirectory(ProtocolFiles.directory(properties.protocolsDirectory()));
    }

    /** Loads every {@code *.yaml} of the directory; any invalid file stops the start with all its problems listed. */
    public void loadDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("protocols directory not found: " + dir.toAbsolutePath());
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ProtocolProblem> problems = new ArrayList<>();
        for (Path f : files) {
            try {
                load(f);
            } catch (ProtocolException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ProtocolException(problems);
        }
    }

    /** Parses one file and stores it as the study's current version (a no-op if that exact version is already stored). */
    public Protocol load(Path file) {
        Protocol p = ProtocolFiles.loader().load(file);
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tx.executeWithoutResult(status -> {
            Optional<String> existing = studies.versionChecksum(p.id(), p.version());
            if (existing.isPresent() && !existing.get().equals(p.sha256())) {
                throw new ConflictException("protocol " + p.id() + " version " + p.version() + " was already loaded with "
                        + "different content; give the changed file " + file.getFileName() + " a new version");
            }
            studies.upsertStudy(p);
            if (existing.isEmpty()) {
                studies.insertVersion(p, file.getFileName().toString(), source, json.writeValueAsString(p));
                audit.record(AuditEvent.of("system", AuditAction.of("PROTOCOL_LOADED"), p.id(), null, "protocol_version",
                        p.id() + " " + p.version(), "sha256 " + p.sha256() + " from " + file.getFileName(), null));
            }
            studies.mergeSubTrials(p);
        });
        loaded.put(p.id(), p);
        log.info("protocol {} version {} loaded from {}", p.id(), p.version(), file);
        return p;
    }

    public Optional<Protocol> protocol(String studyId) {
        return Optional.ofNullable(loaded.get(studyId));
    }

    /** The loaded protocol of a study, or 404. */
    public Protocol require(String studyId) {
        return protocol(studyId).orElseThrow(() -> new org.harmonia.server.system.NotFoundException("no study \"" + studyId + "\""));
    }

    /** The loaded protocols by study id, so pages and listings show the studies in one stable order. */
    public Collection<Protocol> protocols() {
        return loaded.values().stream().sorted(java.util.Comparator.comparing(Protocol::id)).toList();
    }
}
