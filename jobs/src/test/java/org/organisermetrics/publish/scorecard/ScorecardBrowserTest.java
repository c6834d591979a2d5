package org.organisermetrics.publish.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The scorecard in a real browser: Debian's headless Chromium, driven through its chromedriver by
 * Selenium. The page loads with no console error, every chart (svg) is displayed with a non-zero
 * size, and a full-page screenshot is saved to {@code jobs/target/report-screenshot.png}.
 *
 * <p>Without /usr/bin/chromium (and /usr/bin/chromedriver) the test is skipped with a message,
 * unless CI=true, where it fails: .ci/run installs both.
 */
class ScorecardBrowserTest {
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    static final Path SCREENSHOT = Paths.get("target/report-screenshot.png").toAbsolutePath();
    static final int WIDTH = 1100;

    static ChromeDriver browser;
    static Path profile;

    @BeforeAll
    static void startChromium() throws IOException {
        for (Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(needed)) {
                String message = needed + " is missing: install Debian's chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver) to run the browser test";
                if ("true".equals(System.getenv("CI"))) {
                    fail(message);
                }
                Assumptions.abort(message);
            }
        }
        profile = Files.createTempDirectory("report-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=" + WIDTH + ",1400");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Console messages at level SEVERE (errors, failed loads) since the last call. */
    static List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER).getAll()) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    @Test
    void the_console_check_sees_an_error_when_a_page_has_one() throws IOException {
        // guards the next test: an empty error list must mean no error, not a check that cannot see any
        Path broken = Files.createTempFile(profile, "broken", ".html");
        Files.writeString(broken, "<!DOCTYPE html><title>t</title><img src=\"no-such-image.png\" alt=\"\">", StandardCharsets.UTF_8);
        consoleErrors();
        browser.get(broken.toUri().toString());
        List<String> errors = consoleErrors();
        assertFalse(errors.isEmpty(), "a missing image is a console error");
    }

    @Test
    void the_report_loads_without_console_errors_and_every_chart_is_visible() throws IOException {
        Path report = GeneratedReportWarehouse.report();
        consoleErrors();
        browser.get(report.toUri().toString());
        assertEquals("complete", browser.executeScript("return document.readyState"));
        assertEquals(List.of(), consoleErrors(), "console errors");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> charts = (List<Map<String, Object>>) browser.executeScript("""
                return Array.from(document.querySelectorAll('svg')).map(svg => {
                  const box = svg.getBoundingClientRect();
                  const style = getComputedStyle(svg);
                  return {id: svg.id, width: box.width, height: box.height,
                          shown: style.display !== 'none' && style.visibility !== 'hidden' && Number(style.opacity) > 0,
                          drawn: svg.querySelectorAll('path, rect, line, text').length};
                });""");
        assertTrue(charts.size() >= 10, "charts: " + charts.size());
        for (Map<String, Object> chart : charts) {
            assertTrue(((Number) chart.get("width")).doubleValue() > 100, chart.toString());
            assertTrue(((Number) chart.get("height")).doubleValue() > 50, chart.toString());
            assertEquals(Boolean.TRUE, chart.get("shown"), chart.toString());
            assertTrue(((Number) chart.get("drawn")).intValue() > 10, "the chart has something drawn in it: " + chart);
        }
        // no chart is wider than the page (it scales down instead)
        Number pageWidth = (Number) browser.executeScript("return document.documentElement.scrollWidth");
        assertTrue(pageWidth.intValue() <= WIDTH, "page width " + pageWidth);

        Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(WIDTH, Math.min(height.intValue() + 40, 16_000)));
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(new Dimension(WIDTH, 1400));
        assertTrue(Files.size(SCREENSHOT) > 10_000, "screenshot " + SCREENSHOT);
        System.out.println("report screenshot: " + SCREENSHOT);
    }
}
