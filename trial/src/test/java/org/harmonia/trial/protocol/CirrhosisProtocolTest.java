package org.harmonia.trial.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The UC-MSC decompensated cirrhosis trial (Shi et al. 2021) as a protocol: an open-label two-arm parallel design, a
 * survival endpoint derived from captured dates with its censoring rules, and laboratory fields in SI and conventional
 * units.
 */
class CirrhosisProtocolTest {
    private final ProtocolLoader loader = new ProtocolLoader();
    private final Path file = Path.of("..", "protocols", "uc-msc-cirrhosis.yaml");

    @Test
    void readsAnOpenLabelTwoArmRandomisedDesign() {
        Protocol p = loader.load(file);
        assertThat(p.id()).isEqualTo("uc-msc-cirrhosis");
        assertThat(p.design().type()).isEqualTo(DesignType.PARALLEL);
        assertThat(p.design().randomised()).isTrue();
        assertThat(p.design().masking().blinded()).isFalse();
        assertThat(p.design().plannedEnrolment()).isEqualTo(219);
        assertThat(p.sequences()).extracting(Sequence::id).containsExactly("UC-MSC", "CONTROL");
        assertThat(p.interventions().get(0).courses()).isEqualTo(new Courses(3, 28, 28));
        assertThat(p.assumptions()).isNotEmpty();
    }

    @Test
    void derivesOverallSurvivalFromTheDeathDateCensoredAtTheLastContact() {
        Protocol p = loader.load(file);
        Endpoint os = p.endpoints().stream().filter(e -> e.id().equals("EP-OS")).findFirst().orElseThrow();
        TimeToEvent t = os.timeToEvent();
        assertThat(t.event()).isEqualTo(new TimeToEvent.DateField("death", "death_date"));
        assertThat(t.unit()).isEqualTo(TimeToEvent.TimeUnit.MONTHS);
        assertThat(t.maxFollowUp()).isEqualTo(75.0);
        AnalysisSpec spec = p.analysis().analysis("OS").orElseThrow();
        assertThat(spec.method()).isEqualTo(AnalysisMethod.SURVIVAL);
        assertThat(spec.landmarks()).containsExactly(13.0);
        assertThat(p.analysis().analysis("ALB-MMRM").orElseThrow().method()).isEqualTo(AnalysisMethod.MMRM);
    }

    @Test
    void censorsAtTheLatestContactAndAtTheMaximumFollowUp() {
        TimeToEvent t = new TimeToEvent(new TimeToEvent.DateField("death", "death_date"),
                List.of(new TimeToEvent.DateField("follow_up_contact", "contact_date")), TimeToEvent.TimeUnit.MONTHS, 75.0);
        LocalDate origin = LocalDate.of(2010, 10, 1);
        // four years of 365.25 days are 48 months
        assertThat(t.observe(origin, null, List.of(LocalDate.of(2011, 1, 1), origin.plusDays(1461))))
                .contains(new TimeToEvent.Observed(48.0, false));
        assertThat(t.observe(origin, origin.plusDays(730), List.of(origin.plusDays(900))))
                .hasValueSatisfying(o -> assertThat(o.event()).isTrue());
        // a death after 75 months is censoring at 75 months
        assertThat(t.observe(origin, origin.plusYears(7), List.of())).contains(new TimeToEvent.Observed(75.0, false));
        assertThat(t.observe(origin, null, List.of(origin.plusYears(8)))).contains(new TimeToEvent.Observed(75.0, false));
        // no follow-up after the origin: left out
        assertThat(t.observe(origin, null, List.of())).isEmpty();
        assertThat(t.observe(origin, null, List.of(origin))).isEmpty();
        assertThat(t.observe(null, null, List.of(origin.plusDays(10)))).isEmpty();
    }

    @Test
    void refusesATimeToEventDateThatIsNoDateFieldAndALandmarkBeyondTheFollowUp() throws Exception {
        String text = Files.readString(file)
                .replace("event: {form: death, field: death_date}", "event: {form: death, field: cause}")
                .replace("landmarks: [13]", "landmarks: [80]")
                .replace("        - {form: liver_function, field: sample_date}\n      unit: months",
                        "        - {form: liver_visit, field: sample_date}\n      unit: months");
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> loader.load("cirrhosis.yaml", text));
        assertThat(e.problems()).extracting(ProtocolProblem::message).contains(
                "field cause of form death is not a date",
                "unknown form \"liver_visit\"",
                "a landmark must be above 0 and before the maximum follow-up");
    }

    @Test
    void refusesADateDerivationOnAnEndpointThatIsNoTimeToEvent() throws Exception {
        String text = Files.readString(file).replace("    type: time-to-event\n    text: Overall survival",
                "    type: continuous\n    text: Overall survival");
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> loader.load("cirrhosis.yaml", text));
        assertThat(e.problems()).extracting(ProtocolProblem::message).contains(
                "only a time-to-event endpoint is derived from dates",
                "a survival analysis needs a time-to-event endpoint with its timeToEvent dates");
    }
}
