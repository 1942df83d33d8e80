package dev.settlement.service.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (the two come from one source package, so their
 * versions match), with a fresh profile. Where they are missing, they are installed with apt-get when this runs as
 * root (as a fresh CI machine does); otherwise the test fails saying what to install. It never skips.
 */
final class Browser implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Browser.class.getName());
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(15);

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A browser window of {@code width} x {@code height} CSS pixels. */
    static Browser open(int width, int height) throws IOException {
        installIfMissing();
        Path profile = Files.createTempDirectory("console-browser-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--hide-scrollbars");
        if (width < 500) {
            // a desktop window is at least 500 px wide: narrower is a phone's viewport, emulated
            options.setExperimentalOption("mobileEmulation", java.util.Map.of("deviceMetrics",
                    java.util.Map.of("width", width, "height", height, "pixelRatio", 1.0)));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        return new Browser(driver, profile);
    }

    /**
     * Waits until {@code condition} holds, at most {@link #WAIT}. While a page is being replaced (a live swap, a
     * reload after an action) an element command can fail for a moment, as a stale element or as a node that "does
     * not belong to the document": those are retried; anything that lasts fails the wait with its cause.
     */
    <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(WebDriverException.class).until(condition);
    }

    /** Saves what the window shows as a PNG. */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path taken = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(taken, file, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static synchronized void installIfMissing() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String what = "Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("The console's browser tests need " + what
                    + ": install them with `sudo apt-get install -y chromium chromium-driver`");
        }
        LOG.warning("Installing " + what + " for the console's browser tests (apt-get install)");
        List<String> install = List.of("apt-get", "install", "-y", "--no-install-recommends", "chromium",
                "chromium-driver");
        try {
            try {
                run(install);
            } catch (IOException e) { // a fresh machine may have no package lists yet
                run(List.of("apt-get", "update"));
                run(install);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("Could not install " + what + ": " + e.getMessage(), e);
        }
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("apt-get did not install " + what);
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }
}
