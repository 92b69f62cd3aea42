package dev.checkout.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven through Debian's chromedriver ({@code CHROME_BIN} and {@code CHROMEDRIVER} name others).
 * Without them the tests are skipped with the reason ({@link ChromiumInstalled}). Screenshots go to {@code target/screenshots}, or to the folder
 * the system property {@code screenshots.dir} names (README's are taken with {@code -Dscreenshots.dir=../../docs/screenshots}).
 */
final class Browser implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    final ChromeDriver driver;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    static Path chromium() {
        return Path.of(Optional.ofNullable(System.getenv("CHROME_BIN")).orElse("/usr/bin/chromium"));
    }

    static Path chromedriver() {
        return Path.of(Optional.ofNullable(System.getenv("CHROMEDRIVER")).orElse("/usr/bin/chromedriver"));
    }

    static Browser start() {
        var options = new ChromeOptions();
        options.setBinary(chromium().toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
                "--force-device-scale-factor=1", "--lang=en-US");
        var service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver().toFile()).usingAnyFreePort().build();
        Path screenshots = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        return new Browser(new ChromeDriver(service, options), screenshots);
    }

    void open(String url) {
        driver.get(url);
        until("the page to start", () -> "true".equals(driver.findElement(By.tagName("html")).getAttribute("data-ready")));
    }

    void go(String hash) {
        ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", hash);
    }

    WebElement find(String css) {
        return until("an element " + css, () -> {
            List<WebElement> found = driver.findElements(By.cssSelector(css));
            return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
        });
    }

    WebElement findText(String css, String text) {
        return until("an element " + css + " saying '" + text + "'", () -> driver.findElements(By.cssSelector(css)).stream()
                .filter(e -> e.isDisplayed() && e.getText().contains(text)).findFirst().orElse(null));
    }

    /**
     * Clicks a shown element; clicks the new one when the page redrew it between finding and clicking (a
     * stale element is refused before the click reaches the page, so nothing is clicked twice).
     */
    void click(String css) {
        for (int redrawn = 0; ; redrawn++) {
            try {
                find(css).click();
                return;
            } catch (StaleElementReferenceException e) {
                if (redrawn == 5) {
                    throw e;
                }
            }
        }
    }

    /** Types into a shown field; types again into the new field when the page redrew it meanwhile. */
    void type(String css, String text) {
        until("to type '" + text + "' into " + css, () -> {
            WebElement input = find(css);
            input.clear();
            input.sendKeys(text);
            return text.equals(input.getDomProperty("value"));
        });
    }

    /** The text of a shown element; read again when the page redrew it meanwhile. */
    String text(String css) {
        return until("the text of " + css, () -> driver.findElements(By.cssSelector(css)).stream()
                .filter(WebElement::isDisplayed).findFirst().map(WebElement::getText).orElse(null));
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    <T> T until(String what, Callable<T> probe) {
        return Awaitility.await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(probe, value -> value != null && !Boolean.FALSE.equals(value));
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
            Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the screenshot " + name, e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
