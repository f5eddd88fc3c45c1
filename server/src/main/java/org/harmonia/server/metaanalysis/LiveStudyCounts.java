package org.harmonia.server.metaanalysis;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.harmonia.server.analysis.SnapshotLoader;
import org.harmonia.server.analysis.SubjectData;
import org.harmonia.server.analysis.TrialSnapshot;
import org.harmonia.trial.protocol.MetaAnalysisPlan;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A trial run in Harmonia as one more included trial, counted from its live data (unblinded snapshot, analysis cut-off
 * respected): randomised participants of the experimental and the control group, those with an adverse event of the
 * outcome's system organ class, and those with any adverse event.
 */
final class LiveStudyCounts {
    private LiveStudyCounts() {
    }

    static Optional<IncludedTrial> count(MetaAnalysisPlan plan, MetaAnalysisPlan.LiveStudy live, SnapshotLoader loader) {
        Optional<String> source = JdbcClient.create(loader.dataSource()).sql("""
                select v.source from study s join protocol_version v on v.study_id = s.id and v.version = s.current_version
                where s.id = ?
                """).param(live.studyId()).query(String.class).optional();
        if (source.isEmpty()) {
            return Optional.empty();
        }
        Protocol protocol = new ProtocolLoader().load(live.studyId() + " (as stored)", source.get());
        TrialSnapshot snapshot = loader.load(protocol, true);
        List<SubjectData> randomised = snapshot.subjects().stream().filter(SubjectData::randomised).toList();
        int[] e = group(randomised, live.experimental(), plan.outcomeSoc());
        int[] c = group(randomised, live.control(), plan.outcomeSoc());
        if (e[0] == 0 || c[0] == 0) {
            return Optional.empty();
        }
        return Optional.of(new IncludedTrial(live.studyId(), live.label(), e[1], e[0], c[1], c[0], e[2], c[2],
                Map.copyOf(live.moderators()), "live data of study " + live.studyId() + " as of " + snapshot.describe()));
    }

    /** Participants, those with an event of the system organ class, those with any event. */
    private static int[] group(List<SubjectData> subjects, String group, String soc) {
        int n = 0;
        int outcome = 0;
        int any = 0;
        for (SubjectData s : subjects) {
            if (!group.equals(s.sequenceId())) {
                continue;
            }
            n++;
            outcome += s.adverseEvents().stream().anyMatch(ae -> soc.equals(ae.get("soc"))) ? 1 : 0;
            any += s.adverseEvents().isEmpty() ? 0 : 1;
        }
        return new int[] {n, outcome, any};
    }
}
