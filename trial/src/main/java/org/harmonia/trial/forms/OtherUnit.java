package org.harmonia.trial.forms;

import java.math.BigDecimal;

/**
 * A unit a laboratory may report a field in besides the field's own: a value in this unit times {@code factor} is the
 * value in the field's unit (total bilirubin: 1 mg/dL x 17.1 = 17.1 umol/L). Values are stored in the field's unit only.
 */
public record OtherUnit(String unit, BigDecimal factor) {
    public OtherUnit {
        if (unit == null || unit.isBlank() || !unit.strip().equals(unit) || unit.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a unit is a name without surrounding spaces or control characters");
        }
        if (factor == null || factor.signum() <= 0) {
            throw new IllegalArgumentException("unit " + unit + ": the conversion factor must be above 0");
        }
    }
}
