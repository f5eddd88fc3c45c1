package org.harmonia.trial.randomisation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.harmonia.trial.protocol.Sequence;

/** The sequences a patient can be allocated to, with their allocation ratio, checked once and held as arrays for speed. */
final class SequenceRatios {
    final String[] ids;
    final int[] ratios;
    final int total;
    private final Map<String, Integer> index = new HashMap<>();

    SequenceRatios(List<Sequence> sequences) {
        if (sequences == null || sequences.size() < 2) {
            throw new RandomisationException("randomisation needs at least two sequences to allocate to; got "
                    + (sequences == null ? 0 : sequences.size()));
        }
        ids = new String[sequences.size()];
        ratios = new int[sequences.size()];
        int t = 0;
        for (int i = 0; i < ids.length; i++) {
            Sequence s = sequences.get(i);
            if (s.id() == null || s.id().isBlank()) {
                throw new RandomisationException("sequence " + (i + 1) + " has no id");
            }
            if (index.put(s.id(), i) != null) {
                throw new RandomisationException("the sequence " + s.id() + " is listed twice");
            }
            ids[i] = s.id();
            ratios[i] = s.ratio();
            t = Math.addExact(t, s.ratio());
        }
        total = t;
    }

    int size() {
        return ids.length;
    }

    int indexOf(String sequenceId) {
        Integer i = index.get(sequenceId);
        if (i == null) {
            throw new RandomisationException("unknown sequence \"" + sequenceId + "\"; the sequences are " + String.join(", ", ids));
        }
        return i;
    }

    /** The ratio written as in a protocol, e.g. "2:1". */
    String ratioText() {
        StringBuilder sb = new StringBuilder();
        for (int r : ratios) {
            sb.append(sb.isEmpty() ? "" : ":").append(r);
        }
        return sb.toString();
    }
}
