package org.harmonia.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WinAnsiTextTest {

    @Test
    void keepsCharactersWinAnsiHas() {
        String text = "\u00B1 \u00B5 \u2013 \u2014 \u00D7 \u00B0 \u00B2 \u20AC \u201Cq\u201D attivit\u00E0 gi\u00E0 perch\u00E9 \u00DF \u00F1";
        assertThat(WinAnsiText.sanitize(text)).isEqualTo(text);
    }

    @Test
    void spellsOutComparisonSignsAndDashes() {
        assertThat(WinAnsiText.sanitize("EDSS \u2265 3.0 and \u2264 6.5, \u2260 0, \u2248 2, \u22121.5, 2\u21923"))
                .isEqualTo("EDSS >= 3.0 and <= 6.5, != 0, ~ 2, -1.5, 2->3");
    }

    @Test
    void namesGreekLettersAndKeepsMicro() {
        assertThat(WinAnsiText.sanitize("\u03B1 = 0.05, \u03C7\u00B2, \u03BCl")).isEqualTo("alpha = 0.05, chi\u00B2, \u00B5l");
    }

    @Test
    void writesExponentsWinAnsiLacksAfterACaret() {
        assertThat(WinAnsiText.sanitize("2 \u00D7 10\u2076 cells, 10\u207B\u00B3, m\u00B2")).isEqualTo("2 \u00D7 10^6 cells, 10^-3, m\u00B2");
        assertThat(WinAnsiText.sanitize("CO\u2082")).isEqualTo("CO2");
    }

    @Test
    void dropsDiacriticsWinAnsiLacksAndMarksOtherScripts() {
        assertThat(WinAnsiText.sanitize("Erd\u0151s \u015Eahin \u0141\u00F3d\u017A")).isEqualTo("Erdos Sahin L\u00F3dz");
        assertThat(WinAnsiText.sanitize("\u041C\u043E\u0441\u043A\u0432\u0430 \u4E2D \uD83D\uDE00")).isEqualTo("?????? ? ?");
    }

    @Test
    void removesControlCharactersAndInvisibleMarks() {
        assertThat(WinAnsiText.sanitize("a\u0007b\tc\u200Bd\u00ADe\nf")).isEqualTo("ab cde\nf");
        assertThat(WinAnsiText.sanitize(null)).isEmpty();
    }
}
