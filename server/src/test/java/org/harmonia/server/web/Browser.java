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

    private final WebDriver driver;
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
        Results results = new AxeBuilder().analyze(driver);
        List<Rule> bad = results.getViolations().stream()
                .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact())).toList();
        assertThat(bad).as(() -> "accessibility violations on " + path() + ":\n" + bad.stream()
                .map(r -> r.getImpact() + " " + r.getId() + ": " + r.getHelp() + " at " + r.getNodes().stream()
                        .map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n"))).isEmpty();
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
        try {
            driver.quit();
        } finally {
            FileSystemUtils.deleteRecursively(profile.toFile());
        }
    }
}
