package org.harmonia.trial.randomisation;

/**
 * A blinded kit number as printed on a label: six digits (the first not zero) and a Damm check digit, e.g.
 * {@code 4839205}. The check digit catches every single mistyped digit and every swap of two adjacent digits.
 */
public record KitNumber(String value) {
    static final int BODY_MIN = 100_000;
    static final int BODY_MAX = 999_999;

    private static final int[][] DAMM = {
            {0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
            {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
            {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
            {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
            {6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
            {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
            {5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
            {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
            {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
            {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}};

    public KitNumber {
        if (value == null || value.length() != 7 || !value.chars().allMatch(c -> c >= '0' && c <= '9') || value.charAt(0) == '0') {
            throw new RandomisationException("a kit number has seven digits, the first not zero; got \"" + value + "\"");
        }
        if (dammInterim(value) != 0) {
            throw new RandomisationException("kit number " + value + " has a wrong check digit: a digit is mistyped or two are swapped");
        }
    }

    /** The kit number with this six-digit body and its check digit appended. */
    public static KitNumber of(int body) {
        if (body < BODY_MIN || body > BODY_MAX) {
            throw new RandomisationException("the body of a kit number has six digits (100000 to 999999); got " + body);
        }
        String b = Integer.toString(body);
        return new KitNumber(b + dammInterim(b));
    }

    /** The Damm check digit of a string of digits. */
    static int checkDigit(String digits) {
        return dammInterim(digits);
    }

    private static int dammInterim(String digits) {
        int interim = 0;
        for (int i = 0; i < digits.length(); i++) {
            interim = DAMM[interim][digits.charAt(i) - '0'];
        }
        return interim;
    }

    @Override
    public String toString() {
        return value;
    }
}
