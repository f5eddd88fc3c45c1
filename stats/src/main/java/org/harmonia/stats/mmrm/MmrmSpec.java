package org.harmonia.stats.mmrm;

import java.util.Map;
import java.util.Objects;
import org.harmonia.stats.InvalidDataException;
import org.harmonia.stats.glm.Formula;

/**
 * What to fit: the fixed effects as an R formula, the columns naming subject, visit and arm, and the covariance
 * structure across visits. Visit and arm are always factors, whatever their columns hold.
 *
 * @param formula    the fixed effects, e.g. {@code edss ~ base + visit * arm}
 * @param subject    the column identifying the subject whose visits are correlated
 * @param visit      the visit column; its levels (sorted as numbers when numeric) order the covariance matrix
 * @param arm        the arm column, or {@code null}; least-squares means are by visit and arm when both are in the formula
 * @param covariance the covariance structure
 * @param references factor (column) to its reference level, in place of the first level in sorted order
 */
public record MmrmSpec(Formula formula, String subject, String visit, String arm, CovarianceStructure covariance,
                       Map<String, String> references) {

    public MmrmSpec {
        Objects.requireNonNull(formula, "formula");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(visit, "visit");
        Objects.requireNonNull(covariance, "covariance");
        references = references == null ? Map.of() : Map.copyOf(references);
        if (subject.equals(visit)) {
            throw new InvalidDataException("the subject and the visit are both the column \"" + subject + "\"");
        }
        if (formula.response().equals(subject) || formula.response().equals(visit)
                || formula.response().equals(arm)) {
            throw new InvalidDataException("the response \"" + formula.response()
                    + "\" cannot also be the subject, visit or arm column");
        }
        if (formula.offset() != null) {
            throw new InvalidDataException("an MMRM has no offset; remove offset(...) from \"" + formula.text() + "\"");
        }
        for (Formula.Variable v : formula.variables()) {
            if (v.column().equals(subject)) {
                throw new InvalidDataException("the subject column \"" + subject + "\" cannot be a fixed effect: "
                        + "within-subject correlation is the covariance structure's job");
            }
        }
    }

    /**
     * The usual MMRM of a trial: {@code response ~ visit + arm + baseline + visit:arm} (baseline optional), visit by
     * arm least-squares means.
     */
    public static MmrmSpec standard(String response, String subject, String visit, String arm, String baseline,
                                    CovarianceStructure covariance, Map<String, String> references) {
        StringBuilder f = new StringBuilder(quote(response)).append(" ~ ").append(quote(visit));
        if (arm != null) {
            f.append(" * ").append(quote(arm));
        }
        if (baseline != null) {
            f.append(" + ").append(quote(baseline));
        }
        return new MmrmSpec(Formula.parse(f.toString()), subject, visit, arm, covariance, references);
    }

    private static String quote(String column) {
        return column.matches("[A-Za-z.][A-Za-z0-9._]*") ? column : "`" + column.replace("`", "") + "`";
    }
}
