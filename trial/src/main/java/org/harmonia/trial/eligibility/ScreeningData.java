package org.harmonia.trial.eligibility;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.harmonia.trial.eligibility.ScreeningValue.BooleanValue;
import org.harmonia.trial.eligibility.ScreeningValue.DateValue;
import org.harmonia.trial.eligibility.ScreeningValue.NumberValue;
import org.harmonia.trial.eligibility.ScreeningValue.TextValue;

/** The screening data entered for one patient: typed values keyed by variable name; an absent name is missing. */
public record ScreeningData(Map<String, ScreeningValue> values) {
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("-?\\d+,\\d+");
    private static final Pattern WHOLE = Pattern.compile("-?\\d+");
    private static final Pattern DATE_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final DateTimeFormatter STRICT_DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final BigDecimal EDSS_MAX = BigDecimal.TEN;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    public ScreeningData {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Reads the values a site entered as text, checking each against the type and hard limits of its variable.
     * Empty or absent values are missing. Every bad field is reported at once in a {@link ScreeningDataException}.
     * Dates are not checked against today: use {@link #parse(Map, Map, LocalDate)} where the day is known.
     */
    public static ScreeningData parse(Map<String, String> raw, Map<String, ScreeningVariable> variables) {
        return parse(raw, variables, null);
    }

    /**
     * As {@link #parse(Map, Map)}, and a date after {@code today} is refused unless its variable allows a future
     * date (a plan): history cannot have happened tomorrow.
     */
    public static ScreeningData parse(Map<String, String> raw, Map<String, ScreeningVariable> variables, LocalDate today) {
        var errors = new ArrayList<FieldError>();
        var values = new LinkedHashMap<String, ScreeningValue>();
        for (var entry : raw.entrySet()) {
            String field = entry.getKey();
            ScreeningVariable variable = variables.get(field);
            if (variable == null) {
                errors.add(new FieldError(field, "not a screening variable of this protocol"
                        + Names.didYouMean(field, variables.keySet())));
                continue;
            }
            String problem = variable.type() == VariableType.TEXT ? TextRules.problem(entry.getValue(), variable) : null;
            String text = entry.getValue() == null ? "" : entry.getValue().strip();
            if (text.isEmpty() || problem != null) {
                if (problem != null) {
                    errors.add(new FieldError(field, problem));
                }
                continue;
            }
            try {
                ScreeningValue value = read(text, variable);
                problem = limits(value, variable, today);
                values.put(field, value);
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                errors.add(new FieldError(field, problem));
            }
        }
        if (!errors.isEmpty()) {
            throw new ScreeningDataException(errors);
        }
        return new ScreeningData(values);
    }

    /** The value entered for a variable, empty when it is missing. */
    public Optional<ScreeningValue> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Whether nothing was entered for the variable. */
    public boolean isMissing(String name) {
        return !values.containsKey(name);
    }

    /** Why a well-formed value is impossible for its variable (outside its hard limits, a date to come), or null. */
    private static String limits(ScreeningValue value, ScreeningVariable variable, LocalDate today) {
        if (value instanceof NumberValue n) {
            String unit = variable.unit() == null ? "" : " " + variable.unit();
            if (variable.min() != null && n.value().compareTo(variable.min()) < 0) {
                return variable.label() + " " + n.value().toPlainString() + unit + " is below the lowest possible value "
                        + variable.min().toPlainString() + unit;
            }
            if (variable.max() != null && n.value().compareTo(variable.max()) > 0) {
                return variable.label() + " " + n.value().toPlainString() + unit + " is above the highest possible value "
                        + variable.max().toPlainString() + unit;
            }
        }
        if (value instanceof DateValue d && !d.isNever() && today != null && !variable.allowFuture() && d.date().isAfter(today)) {
            return d.date() + " is in the future (today is " + today + ")";
        }
        return null;
    }

    private static ScreeningValue read(String text, ScreeningVariable variable) {
        return switch (variable.type()) {
            case NUMBER -> new NumberValue(decimal(text));
            case INTEGER -> {
                if (!WHOLE.matcher(text).matches()) {
                    throw new IllegalArgumentException(quoted(text) + " is not a whole number");
                }
                yield new NumberValue(new BigDecimal(text));
            }
            case EDSS -> new NumberValue(edss(text));
            case BOOLEAN -> new BooleanValue(yesNo(text));
            case DATE -> date(text);
            case CHOICE -> {
                if (!variable.choices().contains(text)) {
                    throw new IllegalArgumentException(quoted(text) + " is not one of the choices "
                            + String.join(", ", variable.choices())
                            + Names.didYouMean(text, variable.choices()));
                }
                yield new TextValue(text);
            }
            case TEXT -> new TextValue(text);
        };
    }

    private static BigDecimal decimal(String text) {
        if (DECIMAL_COMMA.matcher(text).matches()) {
            throw new IllegalArgumentException(quoted(text) + " is not a number (write the decimal point as \".\")");
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException(quoted(text) + " is not a number");
        }
        return new BigDecimal(text);
    }

    private static BigDecimal edss(String text) {
        BigDecimal value = decimal(text);
        if (value.signum() < 0 || value.compareTo(EDSS_MAX) > 0) {
            throw new IllegalArgumentException(text + " is outside the EDSS range 0 to 10");
        }
        if (value.multiply(TWO).stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(text + " is not in 0.5 steps");
        }
        BigDecimal plain = value.stripTrailingZeros();
        return plain.scale() < 1 ? plain.setScale(1) : plain;
    }

    private static boolean yesNo(String text) {
        return switch (text.toLowerCase()) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw new IllegalArgumentException(quoted(text) + " is not yes or no");
        };
    }

    private static DateValue date(String text) {
        if (text.equalsIgnoreCase("never")) {
            return DateValue.NEVER;
        }
        if (!DATE_SHAPE.matcher(text).matches()) {
            throw new IllegalArgumentException(quoted(text) + " is not a date (yyyy-mm-dd) or never");
        }
        try {
            return new DateValue(LocalDate.parse(text, STRICT_DATE));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(text + " is not a date of the calendar");
        }
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
