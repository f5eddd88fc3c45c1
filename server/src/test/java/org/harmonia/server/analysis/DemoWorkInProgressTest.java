package org.harmonia.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.reports.Report;
import org.harmonia.server.reports.ReportBlock;
import org.harmonia.server.reports.ReportBlock.Table;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.DemoUsers;
import org.harmonia.server.security.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole demo as {@code harmonia demo} loads it on 2026-06-15 (the completed cohort, its analysis cut-off, the
 * subjects on study today at three sites): a site has work to do, and the report keeps the published MESEMS figures
 * while it counts and lists the subjects on study as after the cut-off.
 */
@SpringBootTest(properties = {"harmonia.protocols=../protocols", "harmonia.test.database=demo-work-in-progress"})
@Import(FixedClockConfiguration.class)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoWorkInProgressTest extends DemoWorkInProgressChecks {
    @Autowired
    DemoUsers demoUsers;

    @Autowired
    DemoCohort cohort;

    @Autowired
    DemoWorkInProgress workInProgress;

    @Autowired
    ReportService reports;

    @Autowired
    JsonMapper json;

    @Autowired
    org.harmonia.server.pharmacy.PharmacyDemo pharmacyDemo;

    @Autowired
    org.harmonia.server.pharmacy.PharmacyService pharmacy;

    List<DemoUsers.DemoUser> accounts;
    DemoCohort.Loaded completed;
    DemoWorkInProgress.Loaded loaded;
    Report unblinded;
    Report blinded;
    int dispensed;

    @BeforeAll
    void load() {
        accounts = demoUsers.create(STUDY);
        completed = cohort.load(STUDY);
        loaded = workInProgress.load(STUDY);
        unblinded = reports.report(STUDY, true, Caller.SYSTEM);
        blinded = reports.report(STUDY, false, Caller.SYSTEM);
        dispensed = pharmacyDemo.load(STUDY, loaded.sites().stream().map(DemoWorkInProgress.SiteSubjects::siteId).toList());
    }

    @Test
    void thePharmacistFindsEachSitesKitsReceivedAndItsSubjectsOwnBatchesDispensedAndOneSiteRunningLow() {
        // three subjects on study at each site received their first infusion; the withdrawn one is not counted
        assertThat(dispensed).isEqualTo(9);
        var stock = pharmacy.stock(STUDY, Caller.SYSTEM);
        List<String> sites = loaded.sites().stream().map(DemoWorkInProgress.SiteSubjects::siteId).toList();
        for (var site : stock.sites()) {
            if (!sites.contains(site.siteId())) {
                assertThat(site.usable()).isZero();
                continue;
            }
            assertThat(site.kits().get(org.harmonia.server.pharmacy.KitState.DISPENSED)).as(site.siteId()).isEqualTo(3);
            boolean last = site.siteId().equals(sites.get(sites.size() - 1));
            assertThat(site.usable()).as(site.siteId()).isEqualTo(last ? 1 : 3);
            assertThat(site.openShipmentRequestId() != null).as(site.siteId()).isEqualTo(last);
        }
        var batches = pharmacy.batches(STUDY, Caller.SYSTEM);
        assertThat(batches).hasSize(10);
        assertThat(batches.stream().filter(b -> !b.released())).singleElement()
                .satisfies(b -> assertThat(b.releaseProblems()).containsExactly("its viability 66.40% is below the release limit of 70%"));
        var stockholm = stockholm();
        assertThat(pharmacy.dispensings(STUDY, stockholm.dueThisWeek(), Caller.SYSTEM)).singleElement().satisfies(d -> {
            assertThat(d.batchId()).isEqualTo("MSC-" + stockholm.dueThisWeek());
            assertThat(d.infusionKitMatches()).isTrue();
        });
    }

    @Override
    DemoWorkInProgress.SiteSubjects stockholm() {
        return loaded.sites().stream().filter(s -> s.siteId().equals("07")).findFirst().orElseThrow();
    }

    @Test
    void theDemoHasOneUserPerRoleAndSubjectsOnStudyAtEachCoordinatorsSite() {
        for (Role role : Role.values()) {
            assertThat(accounts).as(role.label()).anySatisfy(u -> assertThat(u.description()).startsWith(role.label()));
        }
        assertThat(accounts).anySatisfy(u -> assertThat(u.username()).isEqualTo("admin"));
        assertThat(loaded.sites()).extracting(DemoWorkInProgress.SiteSubjects::siteId)
                .containsExactlyInAnyOrderElementsOf(DemoUsers.SITE_COORDINATORS.keySet());
        assertThat(loaded.sites()).allSatisfy(s -> assertThat(s.openQueries()).hasSize(2));
    }

    @Test
    void thePublishedFiguresOfTheCompletedCohortStayAsTheyAre() {
        Table consort = DemoCohortReportTest.table(unblinded, "consort");
        assertThat(DemoCohortReportTest.row(consort, "Randomised")).containsExactly("Randomised", "69", "75", "144");
        assertThat(DemoCohortReportTest.row(consort, "Screened").get(3)).isEqualTo("164");
        assertThat(DemoCohortReportTest.row(consort, "Enrolled (consented, day 0 set)").get(3)).isEqualTo("144");
        Table summary = DemoCohortReportTest.table(unblinded, "ae-summary");
        assertThat(DemoCohortReportTest.row(summary, "Any adverse event"))
                .containsExactly("Any adverse event", "93", "35/69 (51%)", "120", "42/75 (56%)");
        Table soc = DemoCohortReportTest.table(unblinded, "ae-soc");
        assertThat(DemoCohortReportTest.row(soc, "Infections and infestations")).element(1).isEqualTo("18");
        assertThat(DemoCohortReportTest.row(soc, "Infections and infestations")).element(3).isEqualTo("36");
        assertThat(DemoCohortReportTest.table(unblinded, "sae").rows()).hasSize(9);
        assertThat(DemoCohortReportTest.row(DemoCohortReportTest.table(blinded, "consort"), "Randomised"))
                .containsExactly("Randomised", "144");
        assertThat(unblinded.footer()).contains("164 subjects analysed to the cut-off 2020-07-01, 21 after it");
    }

    @Test
    void theReportStatesTheCutOffInItsMethodsAndCountsAndListsTheLaterSubjects() {
        for (Report r : List.of(unblinded, blinded)) {
            assertThat(r.blocks()).anySatisfy(b -> assertThat(b).isInstanceOfSatisfying(ReportBlock.Paragraph.class,
                    p -> assertThat(p.text()).startsWith("Analysis data cut-off: 2020-07-01 (set by system")
                            .contains("final analysis of the completed MESEMS cohort")
                            .contains("Subjects screened or starting the study (day 0) after the cut-off are not analysed")));
            Table consort = DemoCohortReportTest.table(r, "consort");
            assertThat(DemoCohortReportTest.row(consort, "After the analysis cut-off 2020-07-01 (not analysed): screened"))
                    .last().isEqualTo("21");
            assertThat(DemoCohortReportTest.row(consort, "   of whom randomised")).last().isEqualTo("12");
            Table later = DemoCohortReportTest.table(r, "after-cutoff");
            assertThat(later.header()).containsExactly("Subject", "Site", "Status", "Screened", "Day 0");
            assertThat(later.rows()).hasSize(21);
            assertThat(later.rows()).extracting(row -> row.get(0)).contains(stockholm().screening(), stockholm().dueThisWeek(),
                    stockholm().withdrawn());
            assertThat(later.rows()).extracting(row -> row.get(2))
                    .contains("screening", "eligible", "enrolled", "randomised", "withdrawn");
        }
        String text = json.writeValueAsString(blinded);
        for (String word : DemoCohortReportTest.BLINDED_WORDS) {
            assertThat(text).doesNotContain(word);
        }
    }

    @Autowired
    AnalysisCutoffService cutoffs;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void theCutOffIsAnAuditedStudySettingThatOnlyTheStatisticianSetsAndNeverInTheFuture() {
        AnalysisCutoff c = cutoffs.current(STUDY).orElseThrow();
        assertThat(c.date()).isEqualTo(java.time.LocalDate.of(2020, 7, 1));
        assertThat(c.setBy()).isEqualTo("system");
        assertThat(jdbc.sql("""
                select new_value from audit_log where entity_type = 'study' and entity_id = ? and field = 'analysis_cutoff'
                  and reason = ?
                """).params(STUDY, DemoCohort.CUTOFF_REASON).query(String.class).list()).containsExactly("2020-07-01");
        Caller statistician = users.caller("statistician");
        assertThatThrownBy(() -> cutoffs.set(STUDY, java.time.LocalDate.of(2021, 1, 1), "interim", coordinator()))
                .isInstanceOf(org.harmonia.server.system.ForbiddenException.class);
        assertThatThrownBy(() -> cutoffs.set(STUDY, today().plusDays(1), "interim", statistician))
                .isInstanceOf(org.harmonia.server.system.InvalidInputException.class).hasMessageContaining("future");
        assertThatThrownBy(() -> cutoffs.set(STUDY, today(), " ", statistician))
                .isInstanceOf(org.harmonia.server.system.InvalidInputException.class);
        assertThat(cutoffs.current(STUDY)).contains(c);
    }

    /** Measured against the cohort on the same machine and run, so a busy build machine slows both alike. */
    @Test
    void theSubjectsOnStudyAddOnlyAFewSecondsToTheDemo() {
        System.out.println("demo: completed cohort in " + completed.millis() + " ms, subjects on study at " + loaded.sites().size()
                + " sites in " + loaded.millis() + " ms");
        assertThat(loaded.millis()).isLessThan(completed.millis() / 4);
    }
}
