package org.harmonia.trial.randomisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StratumTest {
    @Test
    void keyListsTheProtocolsFactorsInAlphabeticalOrder() {
        Stratum s = Stratum.of(List.of("site", "sex"), Map.of("sex", "female", "site", "07", "age", "54"));
        assertThat(s.key()).isEqualTo("sex=female|site=07");
        assertThat(Stratum.of(List.of("sex", "site"), Map.of("site", "07", "sex", "female"))).isEqualTo(s);
    }

    @Test
    void mesemsStratifiesBySubTrial() {
        assertThat(Stratum.of(List.of("subTrial"), Map.of("subTrial", "stockholm")).key()).isEqualTo("subTrial=stockholm");
    }

    @Test
    void keyReadsBackToTheSameStratum() {
        Stratum s = Stratum.of(List.of("site", "sex"), Map.of("sex", "male", "site", "12"));
        assertThat(Stratum.parse(s.key())).isEqualTo(s);
        assertThat(Stratum.parse("site=12|sex=male")).isEqualTo(s);
    }

    @Test
    void unstratifiedTrialHasOneStratumCalledAll() {
        assertThat(Stratum.of(List.of(), Map.of("sex", "male")).key()).isEqualTo("all");
        assertThat(Stratum.parse("all")).isEqualTo(Stratum.unstratified());
    }

    @Test
    void rejectsAPatientWithoutAValueForAStratificationFactor() {
        assertThatThrownBy(() -> Stratum.of(List.of("subTrial", "sex"), Map.of("subTrial", "italy")))
                .isInstanceOf(RandomisationException.class)
                .hasMessage("the patient has no value for the stratification factor sex");
    }

    @Test
    void rejectsValuesThatWouldBreakTheKey() {
        assertThatThrownBy(() -> Stratum.of(List.of("site"), Map.of("site", "07|08")))
                .hasMessageContaining("cannot contain '|' or '='");
        assertThatThrownBy(() -> Stratum.parse("site"))
                .hasMessage("stratum key \"site\": \"site\" is not of the form factor=value");
        assertThatThrownBy(() -> Stratum.parse("site=1|site=2")).hasMessageContaining("names the factor site twice");
        assertThatThrownBy(() -> Stratum.parse("site= 07")).hasMessageContaining("has spaces at its ends");
    }
}
