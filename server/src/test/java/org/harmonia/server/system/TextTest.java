package org.harmonia.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void aSingleLineRefusesEveryControlCharacterIncludingLineBreaks() {
        for (String bad : new String[] {"a\u0000b", "a\u001bb", "a\u0007b", "a\bb", "a\tb", "a\nb", "a\rb", "a\u007fb", "a\u0085b"}) {
            assertThatThrownBy(() -> Text.singleLine("term", bad)).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("term: contains the control character");
        }
        assertThat(Text.singleLine("term", "Müller–Lyer ✓ 🧪")).isEqualTo("Müller–Lyer ✓ 🧪");
    }

    @Test
    void aMultiLineTextAllowsTabAndLineBreaksOnly() {
        assertThat(Text.multiLine("reason", "line one\r\n\tline two")).isEqualTo("line one\r\n\tline two");
        assertThatThrownBy(() -> Text.multiLine("reason", "bell\u0007")).hasMessageContaining("BEL (U+0007) at position 5");
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        assertThat(Text.problem("🧪".repeat(500), 500, false)).isNull();
        assertThat(Text.problem("🧪".repeat(501), 500, false)).isEqualTo("is too long: 501 characters, at most 500");
    }

    @Test
    void anUnpairedSurrogateIsRefused() {
        assertThat(Text.problem("a\ud83e", 10, false)).isEqualTo("contains an unpaired surrogate at position 2");
        assertThat(Text.problem("\udc00b", 10, false)).isEqualTo("contains an unpaired surrogate at position 1");
    }

    @Test
    void absenceIsNotARefusal() {
        assertThat(Text.singleLine("note", null)).isNull();
    }
}
