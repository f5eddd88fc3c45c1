package org.harmonia.trial.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.harmonia.trial.eligibility.FieldError;
import org.harmonia.trial.eligibility.ScreeningData;
import org.harmonia.trial.eligibility.ScreeningDataException;
import org.junit.jupiter.api.Test;

/** MESEMS refuses screening data that cannot be true before any verdict is drawn from them. */
class MesemsScreeningChecksTest {
    private static final Protocol MESEMS = new ProtocolLoader().load(Path.of("..", "protocols", "mesems.yaml"));
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    private static final LocalDate SCREENED = LocalDate.of(2026, 6, 1);
    private static final LocalDate RANDOMISATION = LocalDate.of(2026, 6, 20);

    private static Map<String, String> eligible() {
        Map<String, String> d = new HashMap<>();
        d.put("date_of_birth", "1986-03-14");
        d.put("ms_onset_date", "2019-05-01");
        d.put("phenotype", "RRMS");
        d.put("edss", "4.0");
        d.put("relapses_12m", "1");
        d.put("relapses_24m", "2");
        d.put("edss_increase_12m", "0");
        d.put("last_immunosuppressant", "never");
        d.put("last_interferon_or_glatiramer", "2026-03-01");
        d.put("last_corticosteroid", "2026-02-01");
        d.put("last_relapse", "2026-02-15");
        d.put("egfr", "92");
        return d;
    }

    private static ScreeningData parse(Map<String, String> raw) {
        return ScreeningData.parse(raw, MESEMS.screeningVariables(), TODAY);
    }

    private static java.util.List<FieldError> failures(Map<String, String> raw) {
        return MESEMS.checkScreening(parse(raw), SCREENED, RANDOMISATION);
    }

    @Test
    void acceptsAConsistentPatient() {
        assertThat(failures(eligible())).isEmpty();
    }

    @Test
    void refusesMoreRelapsesInTwelveMonthsThanInTwentyFour() {
        Map<String, String> d = eligible();
        d.put("relapses_12m", "3");
        d.put("relapses_24m", "1");
        assertThat(failures(d)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("relapses_24m");
            assertThat(e.message()).startsWith("the relapses of the last 24 months include those of the last 12 months (");
        });
    }

    @Test
    void refusesMsOnsetBeforeBirth() {
        Map<String, String> d = eligible();
        d.put("ms_onset_date", "1980-01-01");
        assertThat(failures(d)).extracting(FieldError::field).containsExactly("ms_onset_date");
        assertThat(failures(d).get(0).message()).isEqualTo("MS onset must be after birth (date of MS onset 1980-01-01 is before"
                + " date of birth 1986-03-14)");
    }

    @Test
    void refusesAHistoryDateBeforeBirthOrARelapseBeforeOnset() {
        Map<String, String> d = eligible();
        d.put("last_corticosteroid", "1985-01-01");
        d.put("last_relapse", "2018-01-01");
        assertThat(failures(d)).extracting(FieldError::field).containsExactlyInAnyOrder("last_corticosteroid", "last_relapse");
    }

    @Test
    void refusesALastRelapseAfterThePlannedRandomisationDate() {
        Map<String, String> d = eligible();
        d.put("last_relapse", "2026-06-12");
        assertThat(MESEMS.checkScreening(parse(d), LocalDate.of(2026, 5, 1), LocalDate.of(2026, 6, 1)))
                .extracting(FieldError::field).containsExactly("last_relapse");
        // without a planned randomisation date the check cannot apply yet
        assertThat(MESEMS.checkScreening(parse(d), LocalDate.of(2026, 5, 1), null)).isEmpty();
    }

    @Test
    void refusesAnOnsetAfterTheScreeningDate() {
        Map<String, String> d = eligible();
        d.put("ms_onset_date", "2026-06-10");
        d.put("last_relapse", "2026-06-11");
        assertThat(failures(d)).extracting(FieldError::field).containsExactly("ms_onset_date");
    }

    @Test
    void refusesNeverAsBirthOrOnsetAndRelapsesWithoutALastRelapse() {
        Map<String, String> d = eligible();
        d.put("date_of_birth", "never");
        d.put("ms_onset_date", "never");
        d.put("last_relapse", "never");
        assertThat(failures(d)).extracting(FieldError::field)
                .containsExactlyInAnyOrder("date_of_birth", "ms_onset_date", "last_relapse");
    }

    @Test
    void aCheckOnAValueNotEnteredDoesNotApply() {
        Map<String, String> d = eligible();
        d.remove("relapses_24m");
        d.remove("date_of_birth");
        assertThat(failures(d)).isEmpty();
    }

    @Test
    void refusesImpossibleNumbersAndFutureDatesWithTheField() {
        Map<String, String> d = eligible();
        d.put("egfr", "900");
        d.put("relapses_12m", "-1");
        d.put("last_relapse", "2026-06-16");
        assertThatThrownBy(() -> parse(d)).isInstanceOfSatisfying(ScreeningDataException.class, e ->
                assertThat(e.errors()).extracting(FieldError::toString).containsExactlyInAnyOrder(
                        "egfr: eGFR 900 mL/min/1.73m2 is above the highest possible value 250 mL/min/1.73m2",
                        "relapses_12m: clinically documented relapses in the last 12 months -1 is below the lowest possible value 0",
                        "last_relapse: 2026-06-16 is in the future (today is 2026-06-15)"));
    }

    @Test
    void theDemoCohortsScreeningFailuresAreConsistentToo() {
        // a patient whose last corticosteroid dose is on the screening day, 30 days before randomisation
        Map<String, String> d = eligible();
        d.put("last_corticosteroid", SCREENED.toString());
        assertThat(MESEMS.checkScreening(parse(d), SCREENED, SCREENED.plusDays(30))).isEmpty();
    }
}
