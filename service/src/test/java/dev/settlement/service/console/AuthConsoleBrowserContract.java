package dev.settlement.service.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.service.Profiles;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console with authentication on: it asks for a token, keeps it in a Strict, HttpOnly cookie of its own and never
 * in a URL, and gives each role what the API gives it: a reader reads, an operator acts, a solver sees its own.
 */
abstract class AuthConsoleBrowserContract extends ConsoleBrowserContract {
    @Override
    protected RequestSpecification asOperator() {
        return RestAssured.given().auth().oauth2(token("ops-1", "operator"));
    }

    @Override
    protected String operatorActor() {
        return "ops-1";
    }

    @Override
    protected void signIn(Role role, String subject) {
        browser.driver.manage().deleteAllCookies();
        open("console/login");
        browser.driver.findElement(By.name("token")).sendKeys(token(subject, role.name().toLowerCase()));
        browser.driver.findElement(By.id("sign-in")).click();
        browser.await(d -> d.findElements(By.id("signed-in")).size() == 1);
    }

    static String token(String subject, String role) {
        return Jwt.issuer(Profiles.Auth.ISSUER).subject(subject).groups(role).expiresIn(600).sign();
    }

    @Test
    void signingInKeepsTheTokenInAStrictHttpOnlyCookieAndNeverInTheUrl() {
        browser.driver.manage().deleteAllCookies();
        open("console/settlements");
        browser.await(ExpectedConditions.urlContains("/console/login"));
        browser.driver.findElement(By.name("token")).sendKeys("not.a.token");
        browser.driver.findElement(By.id("sign-in")).click();
        browser.await(d -> !text("flash").isEmpty());
        assertThat(text("flash")).contains("not accepted");

        String token = token("ops-1", "operator");
        browser.driver.findElement(By.name("token")).clear();
        browser.driver.findElement(By.name("token")).sendKeys(token);
        browser.driver.findElement(By.id("sign-in")).click();
        browser.await(d -> d.findElements(By.id("signed-in")).size() == 1);
        assertThat(text("signed-in")).isEqualTo("ops-1 · operator");
        Cookie cookie = browser.driver.manage().getCookieNamed("settlement_console");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getPath()).isEqualTo("/console");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(token);
        assertThat(browser.driver.getPageSource()).doesNotContain(token);

        browser.driver.findElement(By.cssSelector(".who button")).click();
        browser.await(ExpectedConditions.urlContains("/console/login"));
        assertThat(browser.driver.manage().getCookieNamed("settlement_console")).isNull();
        open("console");
        browser.await(ExpectedConditions.urlContains("/console/login"));
    }

    @Test
    void aReaderSeesNoActionsAndAForgedActionIsRefused() {
        String id = create(null, "cosmos1user");
        signIn(Role.READER, "auditor");
        assertThat(text("signed-in")).isEqualTo("auditor · read-only");
        open("console/settlements/" + id);
        assertThat(text("status")).isEqualTo("PENDING");
        assertThat(browser.driver.findElements(By.id("fail-form"))).isEmpty();
        assertThat(browser.driver.findElements(By.linkText("Webhooks"))).isEmpty();
        open("console/stuck");
        assertThat(browser.driver.findElements(By.id("run-recovery"))).isEmpty();
        // the same request the operator's form sends, with the page's own request token: refused by role
        Object status = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-Console-Csrf'];
                fetch('/console/settlements/' + arguments[0] + '/fail', {method: 'POST',
                    headers: {'Content-Type': 'application/x-www-form-urlencoded', 'X-Console-Csrf': token},
                    body: 'reason=forged&version=1'}).then(r => done(r.status));
                """, id);
        assertThat(status).isEqualTo(403L);
        assertThat(status(id)).isEqualTo("PENDING");
        open("console/webhooks");
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("403 Forbidden");
    }

    @Test
    void aSolverSeesItsOwnSettlementsOnly() {
        String own = create("solver-own", "cosmos1user");
        String others = create("solver-other", "cosmos1user");
        signIn(Role.SOLVER, "solver-own");
        open("console/settlements");
        assertThat(browser.driver.findElement(By.name("solverId")).getAttribute("readonly")).isNotNull();
        assertThat(browser.driver.findElements(By.cssSelector("table.settlements tbody tr")))
                .allSatisfy(row -> assertThat(row.getText()).contains("solver-own"))
                .anySatisfy(row -> assertThat(row.getText()).contains(own));
        assertThat(browser.driver.findElements(By.linkText("Overview"))).isEmpty();
        open("console/settlements/" + others);
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("403 Forbidden");
        assertThat(browser.driver.findElement(By.cssSelector(".problem-detail")).getText())
                .contains("sees only its own settlements");
        open("console/settlements/" + own);
        assertThat(text("status")).isEqualTo("PENDING");
        assertThat(browser.driver.findElements(By.id("fail-form"))).isEmpty();
    }
}
