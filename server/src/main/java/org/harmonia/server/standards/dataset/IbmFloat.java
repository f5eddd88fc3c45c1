package org.harmonia.server.standards.dataset;

/**
 * IEEE 754 doubles as IBM System/370 double-precision floats, the number format of SAS transport files: a sign bit,
 * a 7-bit exponent of 16 biased by 64 and a 56-bit fraction in [1/16, 1). Every double in the IBM range converts
 * exactly, because the 53-bit significand shifted by at most 3 bits still fits in 56.
 */
public final class IbmFloat {
    /** SAS's ordinary missing value "." : the character in the first byte, zeros after it. */
    public static final long MISSING = 0x2E00_0000_0000_0000L;
    /** The largest double with an IBM form: just below 16^63 (the IBM maximum, (1 - 16^-14) * 16^63, lies between doubles). */
    public static final double MAX = Math.nextDown(0x1p252);
    /** The smallest normalised IBM double, 16^-65. */
    public static final double MIN_NORMAL = 0x1p-260;

    private IbmFloat() {
    }

    /**
     * The eight bytes (big-endian, as a long) of {@code value}. Magnitudes below {@link #MIN_NORMAL} become zero, as SAS
     * writes them; infinities, NaN and magnitudes above {@link #MAX} have no IBM form and are refused.
     */
    public static long bits(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(value + " has no IBM float form");
        }
        double magnitude = Math.abs(value);
        if (magnitude > MAX) {
            throw new IllegalArgumentException(value + " is beyond the largest IBM float");
        }
        if (magnitude < MIN_NORMAL) {
            return 0L;
        }
        long ieee = Double.doubleToRawLongBits(magnitude);
        int biased = (int) (ieee >>> 52);
        // magnitude = significand * 2^q with a 53-bit significand (the range check above rules out subnormals)
        long significand = (ieee & 0x000F_FFFF_FFFF_FFFFL) | 0x0010_0000_0000_0000L;
        int q = biased - 1075;
        // magnitude < 2^x: the IBM exponent is the power of 16 just above it, ceil(x / 4)
        int x = q + 53;
        int exponent16 = Math.floorDiv(x + 3, 4);
        int shift = x + 3 - 4 * exponent16;
        long fraction = significand << shift;
        long sign = value < 0 ? 1L << 63 : 0L;
        return sign | ((long) (exponent16 + 64) << 56) | fraction;
    }

    /** The eight bytes of {@code value}, big-endian; null is SAS's missing value. */
    public static byte[] bytes(Double value) {
        long b = value == null ? MISSING : bits(value);
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (b >>> (56 - 8 * i));
        }
        return out;
    }
}
