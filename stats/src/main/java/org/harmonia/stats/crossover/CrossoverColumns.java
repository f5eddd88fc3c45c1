package org.harmonia.stats.crossover;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.harmonia.stats.InvalidDataException;

/**
 * Which columns of a long-format table (one row per subject and period) hold what in a 2x2 crossover.
 *
 * @param subject   subject identifier
 * @param period    period, 1 or 2
 * @param treatment treatment received in that period
 * @param sequence  the subject's randomised sequence (e.g. {@code MSC-placebo})
 * @param response  the endpoint measured in that period
 */
public record CrossoverColumns(String subject, String period, String treatment, String sequence, String response) {
    public CrossoverColumns {
        List<String> all = List.of(Objects.requireNonNull(subject, "subject"), Objects.requireNonNull(period, "period"),
                Objects.requireNonNull(treatment, "treatment"), Objects.requireNonNull(sequence, "sequence"),
                Objects.requireNonNull(response, "response"));
        if (new HashSet<>(all).size() != all.size()) {
            throw new InvalidDataException("the subject, period, treatment, sequence and response columns must all differ: "
                    + String.join(", ", all));
        }
    }
}
