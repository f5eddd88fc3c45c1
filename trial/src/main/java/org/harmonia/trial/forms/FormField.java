package org.harmonia.trial.forms;

import java.math.BigDecimal;
import org.harmonia.trial.eligibility.ScreeningVariable;

/**
 * One field of an eCRF: its name, type, label and unit (as a rule variable), whether it is required,
 * hard limits a value must respect ({@code min}/{@code max}) and a normal range that only flags a value.
 */
public record FormField(ScreeningVariable variable, boolean required, BigDecimal min, BigDecimal max,
                        BigDecimal normalLow, BigDecimal normalHigh) {
    public FormField {
        if (variable == null) {
            throw new IllegalArgumentException("a form field needs its variable");
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new IllegalArgumentException("field " + variable.name() + ": min " + min + " is above max " + max);
        }
        if (normalLow != null && normalHigh != null && normalLow.compareTo(normalHigh) > 0) {
            throw new IllegalArgumentException("field " + variable.name() + ": the normal range is reversed");
        }
    }

    public String name() {
        return variable.name();
    }
}
