package org.harmonia.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * Debian's Chromium driven through its chromedriver (nothing downloaded at build time), one per test class.
 * Every page visited through {@link #open} or {@link #submit} is checked by axe-core: a serious or critical
 * accessibility violation fails the test, and so does a message key the bundles do not translate.
 *
 * <p>Without Chromium the tests fail, saying how to install it; only {@code -Dharmonia.browser-tests=skip}
 * (never set in CI) turns that into a skip.
 */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");

    /**
     * Whether every page visited is checked by axe-core again ({@code -Dharmonia.axe=every-page}). By default a page is
     * checked once per shape in a test run: axe-core takes one to three seconds a page on this machine, most of a browser
     * test's time, and the suites open pages of the same shape hundreds of times (the sign-in page, a subject's page for
     * another subject, a list with one row more).
     */
    static final boolean EVERY_PAGE = "every-page".equals(System.getProperty("harmonia.axe"));
    /** The shapes of pages axe-core passed in this JVM. */
    static final java.util.Set<String> CHECKED_SHAPES = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * A page's shape: everything an axe-core rule can depend on, without the data. Each element counts with its tag,
     * its attributes' names, the values of the attributes that change how it is presented or announced (class, role,
     * type, scope, lang, tabindex, disabled, ...), whether each text alternative (alt, title, aria-label, value, ...)
     * is empty, whether each reference to another element (label for, aria-labelledby, ...) resolves, and whether it
     * holds text; a run of siblings of the same shape counts once (a table with one row more has the same shape).
     * Digits in values are left out; the document's language, title, style sheets and any duplicate id count too.
     * Each element's shape is hashed (53 bits) so that the whole stays short.
     */
    static final String SHAPE = """
            const hash = (str) => { let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
              for (let i = 0; i < str.length; i++) { const c = str.charCodeAt(i);
                h1 = Math.imul(h1 ^ c, 2654435761); h2 = Math.imul(h2 ^ c, 1597334677); }
              h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
              h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
              return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36); };
            const shown = new Set(['class', 'role', 'type', 'scope', 'lang', 'dir', 'tabindex', 'disabled', 'hidden',
              'readonly', 'required', 'multiple', 'open', 'selected', 'checked', 'colspan', 'rowspan', 'autocomplete',
              'style', 'aria-hidden', 'aria-live', 'aria-current', 'aria-expanded', 'aria-invalid', 'aria-required',
              'aria-level', 'aria-modal', 'aria-sort', 'aria-checked', 'aria-selected', 'aria-disabled']);
            const named = new Set(['alt', 'title', 'aria-label', 'placeholder', 'value', 'summary', 'label', 'content']);
            const refs = new Set(['for', 'aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-owns',
              'aria-errormessage', 'aria-activedescendant', 'headers', 'list', 'form']);
            const shape = (e) => {
              let s = e.tagName;
              for (const a of e.attributes) {
                const n = a.name;
                if (shown.has(n)) s += ' ' + n + '=' + a.value.replace(/[0-9]+/g, '');
                else if (named.has(n)) s += ' ' + n + (a.value.trim() ? '+' : '-');
                else if (refs.has(n)) s += ' ' + n + (a.value.trim().split(/\\s+/)
                    .every(id => document.getElementById(id)) ? '+' : '-');
                else s += ' ' + n;
              }
              const kids = [];
              for (const c of e.childNodes) {
                const k = c.nodeType === 1 ? shape(c) : c.nodeType === 3 && c.textContent.trim() ? '#' : null;
                if (k !== null && k !== kids[kids.length - 1]) kids.push(k);
              }
              return hash(s + '(' + kids.join(',') + ')');
            };
            const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
            return [document.documentElement.lang, document.title ? 'titled' : 'untitled',
              new Set(ids).size === ids.length ? 'unique' : 'duplicate ids',
              [...document.styleSheets].map(x => x.href).join(' '), shape(document.documentElement)].join('|');
            """;

    private final WebDriver driver;
    private int analysed;
    private long analysingNanos;
    private final long openedAt = System.nanoTime();
    private int skipped;
    private final Path profile;
    private final String base;

    private Browser(WebDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    public static Browser start(int port) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String why = "the browser tests need Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver";
            if ("skip".equals(System.getProperty("harmonia.browser-tests"))) {
                Assumptions.abort(why + " (skipped: -Dharmonia.browser-tests=skip)");
            }
            Assertions.fail(why + " (or run with -Dharmonia.browser-tests=skip to skip them on this machine)");
        }
        try {
            Path profile = Files.createTempDirectory("harmonia-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=1280,1000", "--lang=en", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver, profile, "http://localhost:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a page of the application and checks it. */
    public Browser open(String path) {
        driver.get(base + path);
        return checked();
    }

    /** Signs in through the sign-in page. */
    public Browser signIn(String username, String password) {
        open("/login");
        type("username", username);
        type("password", password);
        return submit(By.cssSelector("main form button[type=submit]"));
    }

    /** Picks a language in the navigation bar and applies it; the page comes back in that language. */
    public Browser chooseLanguage(String code) {
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("language-choice"))).selectByValue(code);
        return submit(By.cssSelector("form.language button"));
    }

    public Browser signOut() {
        return submit(By.cssSelector("form.signout button"));
    }

    /** Clicks a button or link that loads a new page, waits for it, and checks it. */
    public Browser submit(By what) {
        WebElement old = driver.findElement(By.tagName("html"));
        driver.findElement(what).click();
        // the old page gone is not enough: axe must not run on a new page still loading (no title or language yet)
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> isStale(old) && Boolean.TRUE.equals(
                ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState === 'complete' && document.title !== ''")));
        return checked();
    }

    public Browser type(String id, String text) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
        return this;
    }

    public String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    public String title() {
        return driver.getTitle();
    }

    public String text(By what) {
        return driver.findElement(what).getText();
    }

    public List<WebElement> all(By what) {
        return driver.findElements(what);
    }

    public String source() {
        return driver.getPageSource();
    }

    public WebDriver driver() {
        return driver;
    }

    /** Saves a screenshot of the page for the README, as docs/screenshots/{name}.png. */
    public Browser screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page as it is now passes axe-core without serious or critical violations and shows no untranslated key. */
    public Browser checked() {
        assertThat(source()).as("untranslated message key on " + path()).doesNotContain("??");
        String shape = EVERY_PAGE ? null : (String) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(SHAPE);
        if (shape != null && CHECKED_SHAPES.contains(shape)) {
            skipped++;
            return this;
        }
        analysed++;
        long started = System.nanoTime();
        Results results = new AxeBuilder().analyze(driver);
        analysingNanos += System.nanoTime() - started;
        List<Rule> bad = results.getViolations().stream()
                .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact())).toList();
        assertThat(bad).as(() -> "accessibility violations on " + path() + ":\n" + bad.stream()
                .map(r -> r.getImpact() + " " + r.getId() + ": " + r.getHelp() + " at " + r.getNodes().stream()
                        .map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n"))).isEmpty();
        if (shape != null) {
            CHECKED_SHAPES.add(shape);
        }
        return this;
    }

    private static boolean isStale(WebElement e) {
        try {
            e.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException gone) {
            return true;
        } catch (org.openqa.selenium.WebDriverException replaced) {
            // Chromium may say so in its own words while the old document is being replaced
            if (replaced.getMessage() != null && replaced.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw replaced;
        }
    }

    @Override
    public void close() {
        System.out.printf("axe-core: %d pages analysed in %.1f s of the browser's %.1f s, %d of a shape already analysed%n",
                analysed, analysingNanos / 1e9, (System.nanoTime() - openedAt) / 1e9, skipped);
        try {
            driver.quit();
        } finally {
            FileSystemUtils.deleteRecursively(profile.toFile());
        }
    }
}
