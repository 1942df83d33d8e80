package dev.settlement.service.console;

import static dev.settlement.service.SettlementApiContract.settlement;
import static dev.settlement.service.SettlementApiContract.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settlement.api.MutableClock;
import dev.settlement.testing.HostileText;
import dev.settlement.testing.WebhookReceiver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (headless Chromium), on the backend of each subclass: filter and page, open a
 * settlement and read its timeline, fail one after confirming, see the overview and an open settlement change live,
 * work the stuck list and the webhook deliveries, and render hostile text as text. Data goes in through the REST API,
 * as solvers would send it; what the console did is checked through the API too.
 */
public abstract class ConsoleBrowserContract {
    private static final String SCREENSHOTS = System.getProperty("console.screenshots", "target/console-screenshots");

    protected static Browser browser;

    @TestHTTPResource("/")
    URL root;

    @Inject
    MutableClock clock;

    @BeforeAll
    static void openBrowser() throws IOException {
        browser = Browser.open(1280, 900);
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    /** Signs the browser in as an operator with authentication on; nothing to do with it off. */
    @BeforeEach
    void signInAsOperator() {
        signIn(Role.OPERATOR, "ops-1");
    }

    enum Role { READER, SOLVER, OPERATOR }

    /** A REST request as an operator (with authentication on, with an operator's token). */
    protected abstract RequestSpecification asOperator();

    /** Signs the browser in (authentication on) as {@code subject} with {@code role}; with it off, does nothing. */
    protected abstract void signIn(Role role, String subject);

    /** The actor the API records for changes made while signed in as operator "ops-1". */
    protected abstract String operatorActor();

    /** Whether this class writes the screenshots of docs/console.md (one class does). */
    protected boolean takesScreenshots() {
        return false;
    }

    // ---- the tests -------------------------------------------------------------------------------------------------

    @Test
    void listFiltersAndPagesKeepingTheFilterInTheUrl() {
        String user = unique("user");
        for (int i = 0; i < ConsolePages.PAGE + 3; i++) {
            create(null, user);
        }
        create(null, unique("other-user"));
        open("console/settlements");
        browser.driver.findElement(By.name("userAddress")).sendKeys(user);
        browser.driver.findElement(By.cssSelector(".filters button[type=submit]")).click();
        browser.await(ExpectedConditions.urlContains("userAddress=" + user));
        assertThat(rows()).hasSize(ConsolePages.PAGE);
        browser.driver.findElement(By.id("next-page")).click();
        browser.await(ExpectedConditions.urlContains("cursor="));
        assertThat(browser.driver.getCurrentUrl()).contains("userAddress=" + user);
        assertThat(rows()).hasSize(3);
        // the filter is kept in the form of the next page, and a status filter narrows it further
        new Select(browser.driver.findElement(By.name("status"))).selectByValue("FAILED");
        browser.driver.findElement(By.cssSelector(".filters button[type=submit]")).click();
        browser.await(ExpectedConditions.urlContains("status=FAILED"));
        assertThat(browser.driver.findElement(By.cssSelector(".empty")).getText()).contains("No settlements match");
    }

    @Test
    void aSettlementShowsItsRecordAndTimelineAndLinksToItsIntent() {
        String id = create(unique("solver"), "cosmos1user");
        event(id, Map.of("type", "USER_LOCKED", "escrowId", "escrow-9", "txHash", "0xfeed01"));
        open("console/settlements/" + id);
        assertThat(text("status")).isEqualTo("USER_LOCKED");
        assertThat(browser.driver.findElement(By.cssSelector(".record")).getText())
                .contains("340,282,366,920,938,463,463,374,607,431,768,211,455 uatom")
                .contains("5,000,000 uosmo").contains("escrow-9");
        List<WebElement> timeline = browser.driver.findElements(By.cssSelector("#timeline li"));
        assertThat(timeline).hasSize(2);
        assertThat(timeline.get(1).getText()).contains("PENDING → USER_LOCKED").contains("0xfeed01")
                .contains("by " + operatorActor());
        browser.driver.findElement(By.id("intent-link")).click();
        browser.await(ExpectedConditions.urlContains("intentId="));
        assertThat(rows()).hasSize(1);
        assertThat(rows().get(0).getText()).contains(id);
    }

    @Test
    void anOperatorFailsASettlementOnlyAfterConfirming() {
        String id = create(unique("solver"), "cosmos1user");
        open("console/settlements/" + id);
        browser.driver.findElement(By.id("fail-reason")).sendKeys("bridge halted");
        browser.driver.findElement(By.cssSelector("#fail-form button")).click();
        browser.await(ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(status(id)).isEqualTo("PENDING");
        browser.driver.findElement(By.cssSelector("#fail-form button")).click();
        browser.await(ExpectedConditions.alertIsPresent()).accept();
        browser.await(d -> text("status").equals("FAILED"));
        assertThat(text("error")).isEqualTo("bridge halted");
        assertThat(browser.driver.findElements(By.id("fail-form"))).isEmpty();
        List<Map<String, Object>> history = asOperator().get("/settlements/" + id + "/history").then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertThat(history.get(history.size() - 1)).containsEntry("toStatus", "FAILED")
                .containsEntry("actor", operatorActor());
    }

    @Test
    void theOverviewAndAnOpenSettlementUpdateLiveWithoutReloading() {
        open("console");
        browser.await(d -> text("live-status").equals("live"));
        long pending = Long.parseLong(browser.driver.findElement(By.cssSelector("#count-PENDING .n")).getText());
        browser.driver.executeScript("window.notReloaded = true");
        String id = create(unique("solver"), "cosmos1user");
        browser.await(d -> d.findElement(By.cssSelector("#count-PENDING .n")).getText()
                .equals(Long.toString(pending + 1)));
        assertThat(browser.driver.executeScript("return window.notReloaded")).isEqualTo(true);

        open("console/settlements/" + id);
        browser.await(d -> text("live-status").equals("live"));
        browser.driver.executeScript("window.notReloaded = true");
        event(id, Map.of("type", "USER_LOCKED", "escrowId", "escrow-1"));
        browser.await(d -> text("status").equals("USER_LOCKED"));
        assertThat(browser.driver.findElements(By.cssSelector("#timeline li"))).hasSize(2);
        assertThat(browser.driver.executeScript("return window.notReloaded")).isEqualTo(true);
    }

    @Test
    void theStuckPageFailsASelectionAndRunsRecovery() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(createExpiring(clock.now() + 1));
        }
        clock.advance(1 + 61); // past the test profiles' 60 s stuck threshold
        open("console/stuck");
        for (String id : ids.subList(0, 2)) {
            browser.driver.findElement(By.cssSelector("input[name=selected][value^='" + id + "@']")).click();
        }
        browser.driver.findElement(By.cssSelector("#bulk input[name=reason]")).sendKeys("stuck on a halted chain");
        browser.driver.findElement(By.id("fail-selected")).click();
        browser.await(ExpectedConditions.alertIsPresent()).accept();
        browser.await(d -> text("bulk-result").startsWith("Failed 2"));
        assertThat(status(ids.get(0))).isEqualTo("FAILED");
        assertThat(status(ids.get(1))).isEqualTo("FAILED");
        // the list loads again without them
        browser.await(d -> d.findElements(By.cssSelector("input[value^='" + ids.get(0) + "@']")).isEmpty());

        browser.driver.findElement(By.id("run-recovery")).click();
        browser.await(ExpectedConditions.alertIsPresent()).accept();
        browser.await(d -> text("recovery-result").startsWith("Recovery examined"));
        assertThat(status(ids.get(2))).isEqualTo("TIMED_OUT");
        assertThat(text("recovery-result")).doesNotContain("timed out 0.");
    }

    @Test
    void theWebhookPageShowsADeadDeliveryAndRetriesIt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(500);
            String endpoint = asOperator().contentType(ContentType.JSON)
                    .body(Map.of("url", receiver.url("/hook"), "types", List.of("settlement.created")))
                    .post("/webhooks").then().statusCode(201).extract().path("id");
            try {
                String id = create(unique("solver"), "cosmos1user");
                // the test profiles retry after 1 s, 3 attempts: the server clock moves on until the delivery is DEAD
                await(Duration.ofSeconds(30), () -> {
                    clock.advance(2);
                    return !asOperator().get("/webhooks/" + endpoint + "/deliveries?status=DEAD").then().statusCode(200)
                            .extract().jsonPath().getList("items").isEmpty();
                });
                receiver.answer(200);
                open("console/webhooks");
                WebElement section = browser.driver.findElement(By.id("endpoint-" + endpoint));
                WebElement row = section.findElement(By.cssSelector("tr.bad"));
                assertThat(row.getText()).contains(id).contains("DEAD").contains("HTTP 500");
                row.findElement(By.cssSelector("button.retry")).click();
                browser.await(ExpectedConditions.alertIsPresent()).accept();
                await(Duration.ofSeconds(30), () -> !asOperator()
                        .get("/webhooks/" + endpoint + "/deliveries?status=DELIVERED").then().statusCode(200)
                        .extract().jsonPath().getList("items").isEmpty());
            } finally {
                asOperator().delete("/webhooks/" + endpoint).then().statusCode(204);
            }
        }
    }

    @Test
    void hostileTextIsShownAsTheSameTextAndNeverRuns() {
        List<String> tokens = HostileText.TOKENS;
        List<String> reasons = HostileText.TEXT;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String id = create(token, token);
            event(id, Map.of("type", "USER_LOCKED", "escrowId", token, "txHash", token));
            String reason = reasons.get(i % reasons.size());
            asOperator().contentType(ContentType.JSON).body(Map.of("reason", reason))
                    .post("/settlements/" + id + "/fail").then().statusCode(200);

            open("console/settlements");
            browser.driver.findElement(By.name("userAddress")).sendKeys(token); // the filter, URL-encoded by the form
            browser.driver.findElement(By.cssSelector(".filters button[type=submit]")).click();
            browser.await(d -> rows().size() == 1);
            assertThat(rows().get(0).findElements(By.tagName("td")).get(2).getText()).isEqualTo(token);
            assertNothingRan();

            open("console/settlements/" + id);
            assertThat(text("error")).isEqualTo(browserText(reason));
            assertThat(browser.driver.findElement(By.cssSelector("#timeline li:nth-child(2) .tx code")).getText())
                    .isEqualTo(token);
            assertNothingRan();
        }
        open("console");
        assertThat(browser.driver.findElement(By.cssSelector(".failures")).getText())
                .contains(browserText(reasons.get(0)));
        assertNothingRan();
    }

    @Test
    void screenshotsForTheDocsAndANarrowScreen() throws IOException {
        if (!takesScreenshots()) {
            // the narrow layout is checked everywhere; the pictures come from one backend
            assertNoSidewaysScroll("console");
            return;
        }
        String solvers = "solver-";
        List<String> active = new ArrayList<>();
        for (int s = 1; s <= 2; s++) { // the test profiles allow 2 per solver: one half full, one at capacity
            for (int i = 0; i < s; i++) {
                active.add(create(solvers + s, "cosmos1user" + s));
            }
        }
        String lifecycle = active.get(0);
        event(lifecycle, Map.of("type", "USER_LOCKED", "escrowId", "escrow-7f3a", "txHash", "0x5e1f9c2ad4"));
        event(lifecycle, Map.of("type", "SOLVER_LOCKED", "bondId", "bond-22", "txHash", "0x8a7be019c3"));
        event(lifecycle, Map.of("type", "IBC_TRANSFER_STARTED", "sequence", 4711, "txHash", "0x0c4d2e8f71"));
        String failed = create(null, "cosmos1user9");
        asOperator().contentType(ContentType.JSON).body(Map.of("reason", "output below the user's minimum"))
                .post("/settlements/" + failed + "/fail").then().statusCode(200);
        for (int i = 0; i < 4; i++) {
            createExpiring(clock.now() + 1);
        }
        clock.advance(1 + 61);
        Path dir = Path.of(SCREENSHOTS);
        open("console");
        browser.screenshot(dir.resolve("overview.png"));
        open("console/settlements/" + lifecycle);
        browser.screenshot(dir.resolve("settlement.png"));
        open("console/stuck");
        browser.screenshot(dir.resolve("stuck.png"));
        assertNoSidewaysScroll("console");
        try (Browser phone = Browser.open(390, 844)) {
            copySignIn(phone);
            phone.driver.get(root + "console");
            phone.screenshot(dir.resolve("overview-390.png"));
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** A 390 px wide window shows the page without scrolling sideways (tables scroll inside their own box). */
    private void assertNoSidewaysScroll(String path) throws IOException {
        try (Browser phone = Browser.open(390, 844)) {
            copySignIn(phone);
            phone.driver.get(root + path);
            Number width = (Number) phone.driver.executeScript("return document.documentElement.scrollWidth");
            Number viewport = (Number) phone.driver.executeScript("return window.innerWidth");
            assertThat(width.intValue()).isLessThanOrEqualTo(viewport.intValue());
        }
    }

    /** The other window gets this one's sign-in cookie (cookies are per browser profile). */
    private void copySignIn(Browser other) {
        other.driver.get(root + "console/assets/console.css");
        browser.driver.manage().getCookies().forEach(c -> other.driver.manage().addCookie(c));
    }

    protected void open(String path) {
        browser.driver.get(root + path);
        browser.await(d -> "complete".equals(browser.driver.executeScript("return document.readyState")));
    }

    protected String text(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }

    private List<WebElement> rows() {
        return browser.driver.findElements(By.cssSelector("table.settlements tbody tr"));
    }

    /** No dialog opened and no script of the hostile text ran. */
    private void assertNothingRan() {
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.driver.executeScript("return window.__pwned")).isNull();
    }

    /** What a browser shows of {@code text} in a paragraph: runs of whitespace as one space, trimmed. */
    private static String browserText(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    protected String create(String solverId, String userAddress) {
        Map<String, Object> body = new HashMap<>(settlement(null, unique("intent"), solverId));
        body.put("userAddress", userAddress);
        return asOperator().contentType(ContentType.JSON).body(body).post("/settlements")
                .then().statusCode(201).extract().path("id");
    }

    private String createExpiring(long expiresAt) {
        Map<String, Object> body = new HashMap<>(settlement(null, unique("intent"), null));
        body.put("expiresAt", expiresAt);
        return asOperator().contentType(ContentType.JSON).body(body).post("/settlements")
                .then().statusCode(201).extract().path("id");
    }

    private void event(String id, Map<String, Object> event) {
        asOperator().contentType(ContentType.JSON).body(event).post("/settlements/" + id + "/events")
                .then().statusCode(200);
    }

    protected String status(String id) {
        return asOperator().get("/settlements/" + id).then().statusCode(200).extract().path("status");
    }

    protected static RequestSpecification anonymous() {
        return RestAssured.given();
    }

    private static void await(Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit);
            }
            Thread.sleep(100);
        }
    }
}
