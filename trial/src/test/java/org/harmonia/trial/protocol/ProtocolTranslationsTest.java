package org.harmonia.trial.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Protocol texts in other languages: keyed by the English wording, shown in English where not translated. */
class ProtocolTranslationsTest {
    private final ProtocolLoader loader = new ProtocolLoader();

    private static String withForm(String translations) {
        return ProtocolLoaderTest.VALID.replace("form: edss", "form: vitals") + ProtocolLoaderTest.FORM + translations;
    }

    @Test
    void translatesLabelsChoicesCheckMessagesAndCriteriaFallingBackToEnglish() {
        Protocol p = loader.load("mini.yaml", withForm("""
                translations:
                  it:
                    week 4: settimana 4
                    vital signs: parametri vitali
                    systolic: sistolica
                    diastolic below systolic: la diastolica è sotto la sistolica
                    EDSS up to 6.5: EDSS fino a 6,5
                  de:
                    week 4: Woche 4
                """));
        assertThat(p.text("it", "week 4")).isEqualTo("settimana 4");
        assertThat(p.text("de", "week 4")).isEqualTo("Woche 4");
        assertThat(p.text("it", "vital signs")).isEqualTo("parametri vitali");
        assertThat(p.text("it", "diastolic below systolic")).isEqualTo("la diastolica è sotto la sistolica");
        assertThat(p.text("it", "EDSS up to 6.5")).isEqualTo("EDSS fino a 6,5");
        assertThat(p.text("it", "baseline")).as("not translated: English").isEqualTo("baseline");
        assertThat(p.text("fr", "week 4")).as("no French at all: English").isEqualTo("week 4");
        assertThat(p.text("en", "week 4")).isEqualTo("week 4");
        assertThat(p.translations().languages()).containsExactlyInAnyOrder("it", "de");
        assertThat(p.translations().count("it")).isEqualTo(5);
    }

    @Test
    void refusesATranslationOfATextTheProtocolDoesNotHave() {
        assertThat(problems(withForm("""
                translations:
                  it:
                    week four: settimana 4
                """))).extracting(ProtocolProblem::path, ProtocolProblem::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("translations.it.week four",
                        "\"week four\" is no text of this protocol (a label, choice, check message or criterion wording,"
                                + " exactly as written in English)"));
    }

    @Test
    void refusesEnglishAnUnknownLanguageCodeAnEmptyTextAndControlCharacters() {
        assertThat(problems(withForm("""
                translations:
                  en:
                    week 4: week four
                  italian:
                    week 4: settimana 4
                  fr:
                    week 4: ""
                  sv:
                    week 4: "vecka\\u0007 4"
                """))).extracting(ProtocolProblem::path)
                .containsExactly("translations.en", "translations.italian", "translations.fr.week 4", "translations.sv.week 4");
    }

    @Test
    void refusesTheSameTextTranslatedTwice() {
        assertThat(problems(withForm("""
                translations:
                  it:
                    week 4: settimana 4
                    week 4: quarta settimana
                """))).extracting(ProtocolProblem::message).containsExactly("appears twice");
    }

    /**
     * MESEMS in Italian, Spanish, French, German, Swedish and Danish: every visit and form label reads differently from
     * the English, and every field label (forms and screening) and every criterion wording, the master's and the
     * sub-trials' own, has a translation. Present, not necessarily different: some terms are written the same way in
     * a language (EDSS everywhere, eGFR in most, "dose" in Italian and French).
     */
    @Test
    void theMesemsProtocolTranslatesItsVisitAndFormLabelsIntoTheSixOtherLanguages() {
        Protocol p = loader.load(Path.of("..", "protocols", "mesems.yaml"));
        assertThat(p.translations().languages()).containsExactlyInAnyOrder("it", "es", "fr", "de", "sv", "da");
        List<String> texts = new ArrayList<>();
        p.forms().forEach(f -> f.fields().forEach(field -> texts.add(field.variable().label())));
        p.screening().forEach(v -> texts.add(v.label()));
        p.eligibility().forEach(c -> texts.add(c.text()));
        p.subTrials().forEach(st -> st.eligibility().forEach(c -> texts.add(c.text())));
        assertThat(texts).as("the Stockholm sub-trial's own criteria are among them")
                .contains("Inability to give written informed consent in accordance with research ethics board guidelines.");
        for (String language : List.of("it", "es", "fr", "de", "sv", "da")) {
            for (Visit v : p.visits()) {
                assertThat(p.text(language, v.label())).as(language + " " + v.id()).isNotEqualTo(v.label());
            }
            p.forms().forEach(f -> assertThat(p.text(language, f.label())).as(language + " " + f.id()).isNotEqualTo(f.label()));
            Map<String, String> translated = p.translations().byLanguage().get(language);
            assertThat(texts.stream().filter(english -> !translated.containsKey(english)).toList())
                    .as(language + ": field labels and criteria without a translation").isEmpty();
        }
    }

    private List<ProtocolProblem> problems(String text) {
        try {
            loader.load("mini.yaml", text);
        } catch (ProtocolException e) {
            return e.problems();
        }
        throw new AssertionError("the protocol should have been refused");
    }
}
