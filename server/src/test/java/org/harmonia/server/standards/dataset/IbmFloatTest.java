package org.harmonia.server.standards.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * IEEE doubles as IBM System/370 floats. The expected bytes are worked out by hand from the format's definition,
 * value = 0.fraction(hex) * 16^(exponent - 64), e.g. 1 = 0.1(hex) * 16^1 gives exponent 0x41 and fraction 0x10...;
 * those the haven package writes are checked against the same writer in {@link HavenXptTest}.
 */
class IbmFloatTest {

    static String hex(double v) {
        return HexFormat.of().withUpperCase().formatHex(IbmFloat.bytes(v));
    }

    @Test
    void onesAndPowersOfSixteenHaveAOneDigitFraction() {
        assertThat(hex(1)).isEqualTo("4110000000000000");
        assertThat(hex(-1)).isEqualTo("C110000000000000");
        assertThat(hex(16)).isEqualTo("4210000000000000");
        assertThat(hex(0.5)).isEqualTo("4080000000000000");
        assertThat(hex(2)).isEqualTo("4120000000000000");
        assertThat(hex(100)).isEqualTo("4264000000000000");
        assertThat(hex(0.0625)).isEqualTo("4010000000000000");
    }

    @Test
    void zeroIsAllZeroBytesAndMissingIsADot() {
        assertThat(hex(0)).isEqualTo("0000000000000000");
        assertThat(hex(-0.0)).isEqualTo("0000000000000000");
        assertThat(HexFormat.of().withUpperCase().formatHex(IbmFloat.bytes(null))).isEqualTo("2E00000000000000");
    }

    @Test
    void aTenthKeepsEveryBitOfTheDouble() {
        // 0.1 as a double is 0x1.999999999999Ap-4 = 0x0.1999999999999A0 * 16^0: the 53 bits sit in the 56-bit fraction unshifted
        assertThat(hex(0.1)).isEqualTo("401999999999999A");
        assertThat(hex(-0.1)).isEqualTo("C01999999999999A");
    }

    @Test
    void smallAndLargeNumbers() {
        // 1e-5 = 0x1.4f8b588e368f1p-17 = 0x0.a7c5ac471b4788 * 16^-4 (shifted left by 3 bits): exponent 64-4 = 0x3C
        assertThat(hex(1e-5)).isEqualTo("3CA7C5AC471B4788");
        // 1e10 = 0x2540BE400 = 0x0.2540BE400 * 16^9: exponent 0x49
        assertThat(hex(1e10)).isEqualTo("492540BE40000000");
        // 123456789.5 = 0x75BCD15.8 = 0x0.75BCD158 * 16^7
        assertThat(hex(123456789.5)).isEqualTo("4775BCD158000000");
    }

    @Test
    void everyDoubleInRangeComesBackExactly() {
        Random random = new Random(20261202);
        for (int i = 0; i < 100_000; i++) {
            double v = Math.scalb(random.nextDouble() - 0.5, random.nextInt(400) - 200);
            assertThat(XptReader.ibm(IbmFloat.bytes(v))).isEqualTo(v);
        }
        assertThat(XptReader.ibm(IbmFloat.bytes(IbmFloat.MAX))).isEqualTo(IbmFloat.MAX);
        assertThat(XptReader.ibm(IbmFloat.bytes(IbmFloat.MIN_NORMAL))).isEqualTo(IbmFloat.MIN_NORMAL);
    }

    @Test
    void numbersBeyondTheIbmRangeAreRefusedAndTinyOnesBecomeZero() {
        assertThatThrownBy(() -> IbmFloat.bits(1e80)).hasMessageContaining("beyond the largest IBM float");
        assertThatThrownBy(() -> IbmFloat.bits(Double.NaN)).hasMessageContaining("no IBM float form");
        assertThatThrownBy(() -> IbmFloat.bits(Double.NEGATIVE_INFINITY)).hasMessageContaining("no IBM float form");
        assertThat(IbmFloat.bits(1e-80)).isZero();
    }
}
