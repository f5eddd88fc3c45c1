package org.harmonia.server.protocol;

import java.util.ArrayList;
import java.util.List;
import org.harmonia.trial.eligibility.CriterionKind;
import org.harmonia.trial.protocol.Activity;
import org.harmonia.trial.protocol.EligibilityCriterion;
import org.harmonia.trial.protocol.EligibilityMode;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Registration;
import org.harmonia.trial.protocol.Sequence;
import org.harmonia.trial.protocol.SubTrial;
import org.harmonia.trial.protocol.Visit;

/** A protocol as text for a terminal: design, schedule of activities, sub-trials and eligibility criteria. */
public final class ProtocolText {
    private ProtocolText() {
    }

    /** Renders the protocol; the eligibility shown is the sub-trial's if one is given, else the master's. */
    public static String render(Protocol p, SubTrial subTrial) {
        StringBuilder sb = new StringBuilder();
        sb.append(p.acronym() == null ? p.id() : p.acronym()).append(" - protocol ").append(p.id())
                .append(" version ").append(p.version()).append('\n');
        sb.append(p.title()).append("\n\n");
        sb.append("Design: ").append(p.design().type().name().toLowerCase().replace('_', '-'))
                .append(p.design().randomised() ? ", randomised" : ", not randomised")
                .append(", masking ").append(p.design().masking().name().toLowerCase()).append('\n');
        for (Sequence s : p.sequences()) {
            sb.append("  sequence ").append(s.id()).append(" (").append(s.label()).append("), ratio ").append(s.ratio())
                    .append(": ").append(String.join(" -> ", s.periods().stream().map(x -> x.epochId() + " " + x.armId()).toList()))
                    .append('\n');
        }
        sb.append('\n').append(schedule(p)).append('\n');
        sb.append("Sub-trials (").append(p.subTrials().size()).append("):\n");
        for (SubTrial st : p.subTrials()) {
            sb.append(String.format("  %-12s %-16s %-45s %s%n", st.id(), st.country(),
                    String.join(", ", st.registrations().stream().map(Registration::id).toList()),
                    st.eligibilityMode() == EligibilityMode.MASTER ? "" : "own eligibility (" + st.eligibilityMode().name().toLowerCase() + ")"));
        }
        sb.append('\n');
        List<EligibilityCriterion> criteria = subTrial == null ? p.eligibility() : subTrial.eligibility();
        sb.append("Eligibility - ").append(subTrial == null ? "master protocol" : "sub-trial " + subTrial.id()
                + (subTrial.eligibilityMode() == EligibilityMode.REPLACE ? " (its own list, replacing the master's)"
                : subTrial.eligibilityMode() == EligibilityMode.AMEND ? " (the master's, amended)" : " (the master's)"))
                .append('\n');
        for (CriterionKind kind : CriterionKind.values()) {
            sb.append(kind == CriterionKind.INCLUSION ? "Inclusion criteria\n" : "Exclusion criteria\n");
            for (EligibilityCriterion c : criteria) {
                if (c.kind() != kind) {
                    continue;
                }
                List<String> lines = wrap(c.text(), 78);
                sb.append(String.format("  %-18s %s%n", c.id(), lines.get(0)));
                lines.subList(1, lines.size()).forEach(l -> sb.append(String.format("  %-18s %s%n", "", l)));
                if (c.when() != null) {
                    sb.append(String.format("  %-18s   applies when: %s%n", "", c.when()));
                }
                sb.append(String.format("  %-18s   rule: %s%n", "", c.rule()));
            }
        }
        return sb.toString();
    }

    /** Splits text into lines of at most {@code width} characters at spaces (a longer word stands alone). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /** The schedule of activities: one row per activity, one column per visit, X where it is done. */
    public static String schedule(Protocol p) {
        List<Visit> visits = p.visits();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[visits.size() + 1];
        String[] days = new String[visits.size() + 1];
        String[] windows = new String[visits.size() + 1];
        header[0] = "Schedule of activities";
        days[0] = "day";
        windows[0] = "window (days)";
        for (int i = 0; i < visits.size(); i++) {
            Visit v = visits.get(i);
            header[i + 1] = v.id();
            days[i + 1] = Integer.toString(v.targetDay());
            windows[i + 1] = v.window().early() == 0 && v.window().late() == 0 ? "0"
                    : v.window().early() == v.window().late() ? "+-" + v.window().early()
                    : "-" + v.window().early() + "/+" + v.window().late();
        }
        rows.add(header);
        rows.add(days);
        rows.add(windows);
        for (Activity a : p.activities()) {
            String[] row = new String[visits.size() + 1];
            row[0] = a.label();
            for (int i = 0; i < visits.size(); i++) {
                row[i + 1] = a.visitIds().contains(visits.get(i).id()) ? "X" : "";
            }
            rows.add(row);
        }
        int[] width = new int[header.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        width[0] = Math.min(width[0], 48);
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            String first = r[0].length() > width[0] ? r[0].substring(0, width[0] - 3) + "..." : r[0];
            sb.append(String.format("%-" + width[0] + "s", first));
            for (int i = 1; i < r.length; i++) {
                sb.append(' ').append(String.format("%" + width[i] + "s", r[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
