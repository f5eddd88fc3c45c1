package org.harmonia.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.harmonia.server.ApiClient;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.Patients;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Every blinded role walks every page it can reach from its start page, following each link (one address of each
 * kind: the pages of two subjects differ in data, not in what they may show), with randomised subjects, saved
 * forms, a serious adverse event and a query in the study. No page, fragment, hidden field, data attribute or
 * comment of a blinded user holds an allocation: no sequence, arm sequence label, stratum, list position or block.
 * Each page is checked by axe-core, no link leads to an error page, and no message key is left untranslated.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlindedWalkTest {
    static final String STUDY = "/api/studies/mesems";
    /** The most pages one role walks: far more than there are kinds of page, so the walk ends by itself. */
    static final int MAX_PAGES = 80;
    /** Words and names that only an unblinded view may show. */
    static final List<String> ALLOCATION_WORDS = List.of("MSC-PLACEBO", "PLACEBO-MSC", "MSC then placebo", "placebo then MSC");
    /** Attribute names or values that would carry an allocation to a script or a form. */
    static final Pattern ALLOCATION_ATTRIBUTE = Pattern.compile(
            "(?i)(data-[a-z-]*(alloc|sequence|arm|stratum|block|position)[a-z-]*=|name=\"[^\"]*(alloc|sequence|stratum|block|position)[^\"]*\")");
    static final Pattern COMMENT = Pattern.compile("<!--(?!\\s*/\\*)");

    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    TestUsers users;
    Browser browser;
    final Set<String> randomised = new LinkedHashSet<>();

    @BeforeAll
    void seedAStudyWithWorkDone() {
        users = new TestUsers(userService);
        ApiClient statistician = new ApiClient(port, users.token("statistician", "mesems", Role.UNBLINDED_STATISTICIAN, null));
        assertThat(statistician.post(STUDY + "/randomisation/list", Map.of("lengthPerStratum", 20)).status()).isEqualTo(201);
        ApiClient coordinator = statistician.as(users.token("seedcoordinator", "mesems", Role.SITE_COORDINATOR, "01"));
        ApiClient dataManager = statistician.as(users.token("seeddatamanager", "mesems", Role.CENTRAL_DATA_MANAGER, null));
        for (int i = 0; i < 2; i++) {
            JsonNode screened = coordinator.post(STUDY + "/screenings", Map.of("siteId", "01", "screeningDate", "2026-05-0" + (1 + i),
                    "plannedRandomisationDate", "2026-05-18", "data", Patients.eligibleRrms())).body();
            String id = screened.get("id").asString();
            assertThat(coordinator.post(STUDY + "/subjects/" + id + "/enrolment", Map.of("consentDate", "2026-05-02",
                    "dayZero", "2026-05-18", "version", screened.get("version").asInt())).status()).isEqualTo(200);
            assertThat(coordinator.post(STUDY + "/subjects/" + id + "/randomisation", Map.of()).status()).isEqualTo(200);
            randomised.add(id);
            long mri = coordinator.put(STUDY + "/subjects/" + id + "/visits/W0/forms/mri", Map.of("values",
                    Map.of("scan_date", "2026-05-18", "field_strength", "3 T", "gel_count", 3))).body().get("record").get("id").asLong();
            assertThat(dataManager.post(STUDY + "/queries", Map.of("formRecordId", mri, "field", "gel_count",
                    "question", "please confirm the count")).status()).isEqualTo(201);
        }
        String first = randomised.iterator().next();
        Map<String, Object> sae = new HashMap<>(Map.of("verbatim_term", "pneumonia", "soc", "Infections and infestations",
                "onset_date", "2026-06-12", "severity", "severe", "ctcae_grade", 3, "serious", true,
                "sc_hospitalisation", true, "relatedness", "unlikely", "action_taken", "not applicable", "outcome", "recovering"));
        assertThat(coordinator.post(STUDY + "/subjects/" + first + "/adverse-events", Map.of("values", sae)).status()).isEqualTo(201);
        Map<String, Object> incomplete = Patients.eligibleRrms();
        incomplete.remove("egfr");
        coordinator.post(STUDY + "/screenings", Map.of("siteId", "01", "screeningDate", "2026-06-10",
                "plannedRandomisationDate", "2026-06-20", "data", incomplete));
        browser = Browser.start(port);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"SITE_COORDINATOR", "SITE_INVESTIGATOR", "CENTRAL_DATA_MANAGER", "MONITOR",
            "STUDY_ADMINISTRATOR"})
    void aBlindedRoleReachesNoAllocationOnAnyPage(Role role) {
        String name = role.name().toLowerCase(Locale.ROOT).replace("_", "");
        boolean siteRole = role == Role.SITE_COORDINATOR || role == Role.SITE_INVESTIGATOR;
        users.token(name, "mesems", role, siteRole ? "01" : null);
        browser.driver().manage().deleteAllCookies();
        browser.signIn(users.username(name), "correct horse battery");

        List<String> walked = walk(browser.path());
        assertThat(walked).as(role + " walked " + walked).hasSizeGreaterThan(1).hasSizeLessThan(MAX_PAGES);
        if (siteRole) {
            assertThat(walked).as("a site role reaches its randomised subjects' pages")
                    .anyMatch(p -> randomised.stream().anyMatch(p::contains));
        }
    }

    /** Follows every link from the start page, one address per kind of page; returns the pages walked. */
    private List<String> walk(String start) {
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        Set<String> kinds = new LinkedHashSet<>();
        List<String> walked = new ArrayList<>();
        while (!queue.isEmpty() && walked.size() < MAX_PAGES) {
            String path = queue.poll();
            if (!kinds.add(kind(path))) {
                continue;
            }
            browser.open(path);
            walked.add(path);
            String source = browser.source();
            assertThat(browser.title()).as("a link leads to an error page: " + path + ": " + browser.text(By.tagName("main")))
                    .doesNotStartWith("Error");
            assertNoAllocation(path, source);
            List<String> fragments = attributes("[hx-get]", "hx-get");
            List<String> links = attributes("a[href]", "href");
            for (String address : fragments) {
                if (kinds.add(kind(address))) {
                    browser.driver().get("http://localhost:" + port + address);
                    assertNoAllocation(address, browser.source());
                }
            }
            for (String address : links) {
                if (!kinds.contains(kind(address))) {
                    queue.add(address);
                }
            }
        }
        return walked;
    }

    /**
     * The local addresses in one attribute of the page's elements, read before the walk leaves the page: in one script,
     * not one browser round trip per element (a list page holds hundreds of links). A link's address is its resolved
     * {@code href}, as the browser would follow it.
     */
    private List<String> attributes(String selector, String attribute) {
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) ((JavascriptExecutor) browser.driver()).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => arguments[1] === 'href' ? e.href : e.getAttribute(arguments[1]));",
                selector, attribute);
        List<String> out = new ArrayList<>();
        for (String value : values) {
            String address = local(value);
            if (address != null) {
                out.add(address);
            }
        }
        return out;
    }

    private void assertNoAllocation(String path, String source) {
        for (String word : ALLOCATION_WORDS) {
            assertThat(source).as("allocation word on " + path).doesNotContainIgnoringCase(word);
        }
        assertThat(source).as("stratum on " + path).doesNotContainIgnoringCase("stratum");
        Matcher attribute = ALLOCATION_ATTRIBUTE.matcher(source);
        assertThat(attribute.find()).as(() -> "allocation attribute on " + path + ": " + attribute.group()).isFalse();
        assertThat(COMMENT.matcher(source).find()).as("an HTML comment is sent on " + path).isFalse();
    }

    /** The page's address inside Harmonia, or null for what is no page to walk (API, assets, another origin). */
    private String local(String href) {
        if (href == null) {
            return null;
        }
        String base = "http://localhost:" + port;
        String path = href.startsWith(base) ? href.substring(base.length()) : href;
        if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/api/") || path.startsWith("/webjars/")
                || path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/actuator") || path.startsWith("/v3/")
                || path.startsWith("/swagger") || path.equals("/logout")) {
            return null;
        }
        int hash = path.indexOf('#');
        return hash < 0 ? path : path.substring(0, hash);
    }

    /** A page's kind: its address with every segment that names a record (it holds a digit) replaced. */
    static String kind(String path) {
        int q = path.indexOf('?');
        String query = q < 0 ? "" : "?" + path.substring(q + 1).replaceAll("=[^&]*", "=");
        String bare = q < 0 ? path : path.substring(0, q);
        return bare.replaceAll("/[^/]*[0-9][^/]*", "/*") + query;
    }
}
