package org.harmonia.stats.meta;

import org.harmonia.stats.InvalidDataException;

/**
 * The 2×2 table of one study in metafor's names: {@code ai}/{@code bi} events/non-events in the treated
 * group, {@code ci}/{@code di} in the control group.
 */
public record TwoByTwo(double ai, double bi, double ci, double di) {

    public TwoByTwo {
        check("ai", ai);
        check("bi", bi);
        check("ci", ci);
        check("di", di);
    }

    private static void check(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidDataException(name + " must be a finite count, got " + value);
        }
        if (value < 0) {
            throw new InvalidDataException(name + " must not be negative, got " + value);
        }
    }

    /** Size of the treated group, {@code n1i = ai + bi}. */
    public double n1i() {
        return ai + bi;
    }

    /** Size of the control group, {@code n2i = ci + di}. */
    public double n2i() {
        return ci + di;
    }

    public boolean hasZeroCell() {
        return ai == 0 || bi == 0 || ci == 0 || di == 0;
    }

    /** No events in either group, or only events in both: the study says nothing about a ratio. */
    public boolean isDoubleZero() {
        return (ai == 0 && ci == 0) || (bi == 0 && di == 0);
    }

    /** The table with {@code add} added to every cell. */
    public TwoByTwo plus(double add) {
        return new TwoByTwo(ai + add, bi + add, ci + add, di + add);
    }
}
