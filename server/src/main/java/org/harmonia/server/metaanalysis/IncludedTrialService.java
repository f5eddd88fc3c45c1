package org.harmonia.server.metaanalysis;

import java.util.List;
import javax.sql.DataSource;
import org.harmonia.server.audit.AuditAction;
import org.harmonia.server.audit.AuditEvent;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.trial.protocol.MetaAnalysisPlan;
import org.harmonia.trial.protocol.Protocol;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records the trials included in a meta-analysis study, checked against its plan (every moderator of the plan with one of
 * its levels) and audited. Recording the same trial again with the same values changes nothing; different values under a
 * recorded id are refused, as a recorded trial is never overwritten.
 */
@Service
public class IncludedTrialService {
    private final ProtocolCatalog catalog;
    private final IncludedTrialRepository trials;
    private final AuditTrail audit;
    private final TransactionTemplate tx;

    public IncludedTrialService(ProtocolCatalog catalog, DataSource dataSource, JsonMapper json, AuditTrail audit,
                                TransactionTemplate tx) {
        this.catalog = catalog;
        this.trials = new IncludedTrialRepository(JdbcClient.create(dataSource), json);
        this.audit = audit;
        this.tx = tx;
    }

    public List<IncludedTrial> list(String studyId, Caller caller) {
        caller.require(studyId, Permission.VIEW_STUDY);
        plan(studyId);
        return trials.list(studyId);
    }

    public IncludedTrial find(String studyId, String trialId, Caller caller) {
        caller.require(studyId, Permission.VIEW_STUDY);
        plan(studyId);
        return trials.find(studyId, trialId)
                .orElseThrow(() -> new NotFoundException("no included trial \"" + trialId + "\" in study " + studyId));
    }

    /** Records one included trial; the central data manager extracts the trials, as it cleans a trial's data. */
    public IncludedTrial record(String studyId, IncludedTrial trial, Caller caller) {
        return include(studyId, trial, caller).trial();
    }

    /** One included trial as stored, and whether this call recorded it (false: the same values were recorded before). */
    public record Inclusion(IncludedTrial trial, boolean recorded) {
    }

    /** {@link #record}, saying whether the trial is new. */
    public Inclusion include(String studyId, IncludedTrial trial, Caller caller) {
        caller.require(studyId, Permission.RAISE_AND_CLOSE_QUERIES);
        MetaAnalysisPlan plan = plan(studyId);
        for (MetaAnalysisPlan.Moderator m : plan.moderators()) {
            String value = trial.moderators().get(m.id());
            if (value == null) {
                throw new InvalidInputException("moderators." + m.id(), "is required (one of: " + String.join(", ", m.levels()) + ")");
            }
            if (!m.levels().contains(value)) {
                throw new InvalidInputException("moderators." + m.id(), "\"" + value + "\" is not one of: " + String.join(", ", m.levels()));
            }
        }
        for (String key : trial.moderators().keySet()) {
            if (plan.moderator(key).isEmpty()) {
                throw new InvalidInputException("moderators." + key, "is no moderator of this meta-analysis");
            }
        }
        return tx.execute(status -> {
            var existing = trials.find(studyId, trial.id());
            if (existing.isPresent()) {
                if (existing.get().equals(trial)) {
                    return new Inclusion(existing.get(), false);
                }
                throw new ConflictException("included trial " + trial.id() + " is already recorded with other values");
            }
            trials.insert(studyId, trial, caller.username());
            audit.record(AuditEvent.of(caller.username(), AuditAction.of("INCLUDED_TRIAL_RECORDED"), studyId, null, "included_trial",
                    trial.id(), trial.label() + ": MSC " + trial.experimentalEvents() + "/" + trial.experimentalTotal() + ", control "
                            + trial.controlEvents() + "/" + trial.controlTotal() + ", " + trial.moderators(), null));
            return new Inclusion(trial, true);
        });
    }

    private MetaAnalysisPlan plan(String studyId) {
        Protocol p = catalog.require(studyId);
        if (p.metaAnalysis() == null) {
            throw new InvalidInputException("studyId", "study \"" + studyId + "\" is not a meta-analysis");
        }
        return p.metaAnalysis();
    }
}
