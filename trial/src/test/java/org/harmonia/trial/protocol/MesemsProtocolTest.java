package org.harmonia.trial.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.harmonia.trial.eligibility.CriterionKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped MESEMS protocol file, read as the sources describe the trial. */
class MesemsProtocolTest {
    static final Path MESEMS = Path.of("..", "protocols", "mesems.yaml");
    static Protocol mesems;

    @BeforeAll
    static void load() {
        mesems = new ProtocolLoader().load(MESEMS);
    }

    @Test
    void isADoubleBlindRandomisedCrossover() {
        assertThat(mesems.id()).isEqualTo("mesems");
        assertThat(mesems.design().type()).isEqualTo(DesignType.CROSSOVER);
        assertThat(mesems.design().randomised()).isTrue();
        assertThat(mesems.design().masking()).isEqualTo(Masking.QUADRUPLE);
        assertThat(mesems.design().plannedEnrolment()).isEqualTo(144);
        assertThat(mesems.design().randomisation().method()).isEqualTo(RandomisationMethod.PERMUTED_BLOCKS);
    }

    @Test
    void allocatesOneToOneToTwoSequencesCrossingOverAtWeek24() {
        assertThat(mesems.sequences()).extracting(Sequence::label).containsExactly("MSC then placebo", "placebo then MSC");
        assertThat(mesems.sequences()).extracting(Sequence::ratio).containsExactly(1, 1);
        assertThat(mesems.sequences().get(0).periods()).containsExactly(new Period("P1", "MSC"), new Period("P2", "PLACEBO"));
        assertThat(mesems.sequences().get(1).periods()).containsExactly(new Period("P1", "PLACEBO"), new Period("P2", "MSC"));
        Visit w24 = mesems.visit("W24").orElseThrow();
        assertThat(w24.targetDay()).isEqualTo(24 * 7);
        assertThat(w24.epochId()).isEqualTo("P2");
    }

    @Test
    void visitsEveryFourWeeksFromWeek0To48AfterScreening() {
        assertThat(mesems.visits()).hasSizeGreaterThanOrEqualTo(15);
        List<Visit> onStudy = mesems.visits().stream().filter(v -> v.targetDay() >= 0).toList();
        assertThat(onStudy).extracting(Visit::targetDay)
                .containsExactly(0, 28, 56, 84, 112, 140, 168, 196, 224, 252, 280, 308, 336);
        assertThat(mesems.visits().get(0).id()).isEqualTo("SCR");
    }

    @Test
    void schedulesInfusionsAtWeeks0And24AndMriInBothPeriods() {
        assertThat(activity("treatment").visitIds()).containsExactly("W0", "W24");
        assertThat(activity("mri").visitIds()).containsExactly("W0", "W4", "W12", "W24", "W28", "W36", "W48");
        for (String everyVisit : List.of("edss", "relapse", "vitals", "labs", "adverse_events")) {
            assertThat(activity(everyVisit).visitIds()).as(everyVisit)
                    .contains("W0", "W4", "W8", "W12", "W16", "W20", "W24", "W28", "W32", "W36", "W40", "W44", "W48");
        }
    }

    @Test
    void primaryEfficacyEndpointIsTotalGelsAtWeeks4To24() {
        Endpoint gel = mesems.endpoints().stream().filter(e -> e.id().equals("EP-GEL")).findFirst().orElseThrow();
        assertThat(gel.level()).isEqualTo(Level.PRIMARY);
        assertThat(gel.type()).isEqualTo(EndpointType.COUNT);
        assertThat(gel.source().visitIds()).containsExactly("W4", "W12", "W24");
        assertThat(mesems.endpoints()).filteredOn(e -> e.level() == Level.PRIMARY).hasSize(2);
        assertThat(mesems.endpoints()).filteredOn(e -> e.level() == Level.SECONDARY).isNotEmpty();
    }

    @Test
    void listsTheNineNationalSubTrialsWithTheirRegistrations() {
        assertThat(mesems.subTrials()).extracting(SubTrial::id).containsExactlyInAnyOrder(
                "italy", "andalusia", "badalona", "canada", "copenhagen", "london", "stockholm", "salzburg", "toulouse");
        assertThat(registrationIds()).contains("NCT01745783", "NCT02035514", "2010-024081-21", "NCT02239393",
                "2012-000518-13", "2011-001295-19", "NCT01854957", "2012-002357-35", "NCT01606215", "2015-000137-78",
                "NCT01730547", "NCT02403947");
    }

    @Test
    void masterEligibilityAdmitsDuration2To15AndEdss25To65() {
        assertThat(rule(mesems.eligibility(), "IN-DURATION")).contains("between 2 and 15");
        assertThat(rule(mesems.eligibility(), "IN-EDSS")).isEqualTo("edss between 2.5 and 6.5");
        assertThat(rule(mesems.eligibility(), "IN-AGE")).contains("between 18 and 50");
        assertThat(mesems.eligibilityFor("italy")).isEqualTo(mesems.eligibility());
    }

    @Test
    void stockholmReplacesTheMasterEligibilityWithItsOwnList() {
        SubTrial stockholm = mesems.subTrial("stockholm").orElseThrow();
        assertThat(stockholm.eligibilityMode()).isEqualTo(EligibilityMode.REPLACE);
        List<EligibilityCriterion> list = stockholm.eligibility();
        assertThat(list).filteredOn(c -> c.kind() == CriterionKind.INCLUSION).hasSize(6);
        assertThat(list).filteredOn(c -> c.kind() == CriterionKind.EXCLUSION).hasSize(14);
        assertThat(rule(list, "IN-3")).contains("between 2 and 10");
        assertThat(rule(list, "IN-4")).isEqualTo("edss between 3.0 and 6.5");
        assertThat(list).filteredOn(c -> c.id().equals("IN-1B")).singleElement()
                .extracting(EligibilityCriterion::when).isEqualTo("phenotype == \"SPMS\"");
        assertThat(rule(list, "EX-5")).contains("3 months");
        assertThat(rule(list, "EX-6")).contains("30 days");
        assertThat(rule(list, "EX-7")).contains("30 days");
        assertThat(rule(list, "EX-8")).contains("60 days");
        assertThat(rule(list, "EX-13")).contains("egfr < 60");
    }

    @Test
    void declaresThePrimaryAnalysisAsTheStatisticalAnalysisPlanSaysIt() {
        AnalysisSpec primary = mesems.analysis().analysis("PRIMARY-EFFICACY").orElseThrow();
        assertThat(primary.method()).isEqualTo(AnalysisMethod.NEGATIVE_BINOMIAL);
        assertThat(primary.populationId()).isEqualTo("FAS");
        assertThat(primary.compare()).isEqualTo("sequence");
        assertThat(primary.reference()).isEqualTo("PLACEBO-MSC");
        assertThat(primary.response()).isEqualTo(new DataPoint("mri", "gel_count", List.of("W4", "W12", "W24"), "sum"));
        assertThat(primary.offset()).isEqualTo("log-scans");
        assertThat(primary.covariates()).containsExactly("baseline", "subTrial");
        assertThat(mesems.analysis().populations()).extracting(AnalysisPopulation::id).containsExactly("RAN", "FAS", "PP", "SAF");
        assertThat(mesems.analysis().population("FAS").orElseThrow().requires()).contains(PopulationRequirement.POST_BASELINE_MRI);
        assertThat(mesems.analysis().first(AnalysisMethod.CROSSOVER_NEGATIVE_BINOMIAL).orElseThrow().periods()).hasSize(2);
    }

    @Test
    void marksTheValuesTheSourcesLeaveOpenAsAssumptions() {
        assertThat(mesems.assumptions()).anyMatch(a -> a.text().contains("window"));
        assertThat(mesems.assumptions()).anyMatch(a -> a.text().contains("MRI after the crossover"));
    }

    @Test
    void marksTheBlockSizesAssumptionConcealedAndNoOtherAssumptionNamesThem() {
        assertThat(mesems.assumptions()).filteredOn(Assumption::concealed).singleElement()
                .satisfies(a -> assertThat(a.text()).contains("2 or 4"));
        assertThat(mesems.assumptions()).filteredOn(a -> !a.concealed()).noneMatch(a -> a.text().matches(".*\\b[246]\\b.*block.*|.*block.*\\b[246]\\b.*"));
    }

    @Test
    void fingerprintsTheFileContent() {
        assertThat(mesems.sha256()).hasSize(64);
    }

    private static Activity activity(String id) {
        return mesems.activities().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<String> registrationIds() {
        return mesems.subTrials().stream().flatMap(s -> s.registrations().stream()).map(Registration::id).toList();
    }

    private static String rule(List<EligibilityCriterion> list, String id) {
        return list.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().rule();
    }
}
