package org.harmonia.trial.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The protocol model beyond MESEMS: an open-label single-arm study with repeated intrathecal and intravenous
 * courses dosed per kg (the Hadassah study, NCT04823000) and a three-arm parallel study with a time-to-event
 * endpoint.
 */
class OtherDesignsTest {
    private final ProtocolLoader loader = new ProtocolLoader();

    static final String HADASSAH = """
            harmonia: 1
            study:
              id: hadassah-msc
              version: "1"
              acronym: HADASSAH-MSC
              title: Long-term effects of repeated mesenchymal stem cell injections in progressive MS
            design:
              type: single-arm
              allocation: non-randomised
              masking: none
              plannedEnrolment: 24
            interventions:
              - id: msc
                name: autologous bone-marrow MSC
                type: cell therapy
                dose: {amount: "1 x 10^6", unit: cells/kg}
                routes: [intrathecal, intravenous]
                courses: {count: 9, minIntervalDays: 182, maxIntervalDays: 365}
            arms:
              - {id: MSC, label: MSC IT + IV, type: experimental, intervention: msc}
            epochs:
              - {id: SCREENING, label: screening, type: screening}
              - {id: TREATMENT, label: repeated courses, type: treatment}
            visits:
              - {id: SCR, label: screening, epoch: SCREENING, day: -14, window: {early: 14, late: 7}}
              - {id: C1, label: course 1, epoch: TREATMENT, day: 0}
              - {id: M6, label: month 6 (course 2), epoch: TREATMENT, day: 182, window: {early: 14, late: 180}}
              - {id: M12, label: month 12, epoch: TREATMENT, day: 365, window: {early: 30, late: 30}}
            activities:
              - {id: edss, label: EDSS, at: [SCR, C1, M6, M12]}
              - {id: course, label: MSC course (IT + IV), at: [C1, M6]}
            endpoints:
              - {id: EP-EDSS, level: primary, type: continuous, text: EDSS change from baseline to the last visit}
              - {id: EP-RESPONSE, level: secondary, type: ordinal, text: "improved, stable or worse"}
            subTrials:
              - id: jerusalem
                name: Hadassah
                country: Israel
                registrations: [{registry: ClinicalTrials.gov, id: NCT04823000}]
                sites: [{id: "01", name: Hadassah-Hebrew University Medical Center, city: Jerusalem}]
            """;

    @Test
    void readsAnOpenLabelSingleArmStudyWithRepeatedCoursesDosedPerKg() {
        Protocol p = loader.load("hadassah.yaml", HADASSAH);
        assertThat(p.design().type()).isEqualTo(DesignType.SINGLE_ARM);
        assertThat(p.design().masking().blinded()).isFalse();
        assertThat(p.design().randomised()).isFalse();
        Intervention msc = p.interventions().get(0);
        assertThat(msc.routes()).containsExactly(Route.INTRATHECAL, Route.INTRAVENOUS);
        assertThat(msc.dose()).isEqualTo(new Dose("1 x 10^6", "cells/kg"));
        assertThat(msc.courses()).isEqualTo(new Courses(9, 182, 365));
        assertThat(p.sequences()).singleElement().satisfies(s -> assertThat(s.periods()).containsExactly(new Period("TREATMENT", "MSC")));
    }

    @Test
    void readsAThreeArmParallelStudyWithATimeToEventEndpoint() {
        String threeArms = """
                harmonia: 1
                study: {id: cirrhosis, version: "1", title: UC-MSC in decompensated cirrhosis}
                design:
                  type: parallel
                  allocation: randomised
                  masking: single
                  randomisation: {method: permuted-blocks, blockSizes: [3, 6], strata: [site]}
                arms:
                  - {id: LOW, label: UC-MSC low dose}
                  - {id: HIGH, label: UC-MSC high dose}
                  - {id: CONTROL, label: standard care}
                epochs:
                  - {id: T, label: treatment and follow-up, type: treatment}
                visits:
                  - {id: V0, label: baseline, epoch: T, day: 0}
                  - {id: M13, label: month 13 (landmark), epoch: T, day: 395, window: {early: 30, late: 30}}
                endpoints:
                  - {id: EP-OS, level: primary, type: time-to-event, text: "overall survival, with a 13-month landmark analysis"}
                subTrials:
                  - {id: main, name: Main, country: China, sites: [{id: "01", name: Hospital}]}
                """;
        Protocol p = loader.load("cirrhosis.yaml", threeArms);
        assertThat(p.sequences()).extracting(Sequence::id).containsExactly("LOW", "HIGH", "CONTROL");
        assertThat(p.endpoints().get(0).type()).isEqualTo(EndpointType.TIME_TO_EVENT);
        assertThat(p.design().randomisation().blockSizes()).containsExactly(3, 6);
    }

    @Test
    void refusesCoursesWhoseIntervalsAreReversed() {
        try {
            loader.load("hadassah.yaml", HADASSAH.replace("minIntervalDays: 182, maxIntervalDays: 365", "minIntervalDays: 365, maxIntervalDays: 182"));
        } catch (ProtocolException e) {
            assertThat(e.problems()).extracting(ProtocolProblem::message).containsExactly("is below minIntervalDays");
            return;
        }
        throw new AssertionError("reversed intervals were accepted");
    }
}
