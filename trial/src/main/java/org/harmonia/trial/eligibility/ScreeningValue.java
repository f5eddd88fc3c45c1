package org.harmonia.trial.eligibility;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One typed value a site entered for a screening variable. */
public sealed interface ScreeningValue {

    /** A value of a NUMBER, INTEGER or EDSS variable. */
    record NumberValue(BigDecimal value) implements ScreeningValue {
        public NumberValue {
            if (value == null) {
                throw new IllegalArgumentException("a number value needs a number");
            }
        }
    }

    /** A value of a BOOLEAN variable. */
    record BooleanValue(boolean value) implements ScreeningValue {
    }

    /** A value of a DATE variable: a date, or {@code never} (the event never happened) when date is null. */
    record DateValue(LocalDate date) implements ScreeningValue {
        public static final DateValue NEVER = new DateValue(null);

        public boolean isNever() {
            return date == null;
        }

        @Override
        public String toString() {
            return isNever() ? "never" : date.toString();
        }
    }

    /** A value of a CHOICE or TEXT variable. */
    record TextValue(String value) implements ScreeningValue {
        public TextValue {
            if (value == null) {
                throw new IllegalArgumentException("a text value needs a text");
            }
        }
    }
}
