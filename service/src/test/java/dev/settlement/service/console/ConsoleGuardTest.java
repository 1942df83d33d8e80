package dev.settlement.service.console;

import static dev.settlement.service.SettlementApiContract.settlement;
import static dev.settlement.service.SettlementApiContract.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.settlement.service.Profiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * What protects the console without a browser: its security headers and request token, forged and cross-site actions
 * refused with nothing changed, refusals as pages, and the API left as it was (no cookies, no console headers).
 */
@QuarkusTest
@TestProfile(Profiles.Memory.class)
class ConsoleGuardTest {
    @Test
    void pagesSayWhatMayRunAndSetARequestTokenOnlyTheConsoleReceives() {
        Response page = given().when().get("/console");
        page.then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", ConsoleGuard.POLICY)
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store");
        String cookie = page.getHeader("Set-Cookie");
        assertThat(cookie).startsWith(ConsoleGuard.COOKIE + "=").contains("Path=/console").contains("HTTPOnly")
                .contains("SameSite=Strict");
        assertThat(page.asString()).contains("\"X-Console-Csrf\": \"" + page.getCookie(ConsoleGuard.COOKIE) + "\"");

        // a browser that has a token keeps it
        given().cookie(ConsoleGuard.COOKIE, "kept").when().get("/console").then().header("Set-Cookie", nullValue());
        // the API gets neither cookies nor the console's headers
        given().when().get("/settlements").then().statusCode(200).header("Set-Cookie", nullValue())
                .header("Content-Security-Policy", nullValue());
    }

    @Test
    void anActionWithoutTheRightTokenOrFromAnotherSiteIsRefusedAndChangesNothing() {
        String id = create();
        // no token, a token that does not match the cookie, the right token from another site
        refused(form());
        refused(form().cookie(ConsoleGuard.COOKIE, "abc").header(ConsoleGuard.HEADER, "abd"));
        refused(form().cookie(ConsoleGuard.COOKIE, "abc").header(ConsoleGuard.HEADER, "abc")
                .header("Origin", "https://attacker.example"));
        given().when().get("/settlements/" + id).then().body("status", equalTo("PENDING")).body("version", equalTo(1));

        form().cookie(ConsoleGuard.COOKIE, "abc").header(ConsoleGuard.HEADER, "abc")
                .formParam("reason", "halted").formParam("version", "1")
                .when().post("/console/settlements/" + id + "/fail").then().statusCode(204)
                .header(ConsoleActions.RELOAD, "true");
        given().when().get("/settlements/" + id).then().body("status", equalTo("FAILED"))
                .body("errorMessage", equalTo("halted"));
    }

    @Test
    void aStalePageChangesNothingAndABadReasonFailsNoneOfASelection() {
        String first = create();
        String second = create();
        withToken().formParam("reason", "late").formParam("version", "7")
                .when().post("/console/settlements/" + first + "/fail").then().statusCode(412)
                .body("code", equalTo("VERSION_CONFLICT"));
        withToken().formParam("selected", first + "@1").formParam("selected", second + "@1").formParam("reason", " ")
                .when().post("/console/stuck/fail").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().when().get("/settlements/" + first).then().body("status", equalTo("PENDING"));
        given().when().get("/settlements/" + second).then().body("status", equalTo("PENDING"));

        withToken().formParam("selected", first + "@1").formParam("selected", second + "@2").formParam("reason", "r")
                .when().post("/console/stuck/fail").then().statusCode(200).header("HX-Trigger", ConsoleActions.CHANGED)
                .body(containsString("Failed 1")).body(containsString(second));
        given().when().get("/settlements/" + first).then().body("status", equalTo("FAILED"));
        given().when().get("/settlements/" + second).then().body("status", equalTo("PENDING"));
    }

    @Test
    void refusedPagesArePagesThatSaySo() {
        given().when().get("/console/settlements/no-such-settlement").then().statusCode(404)
                .contentType(containsString("text/html")).body(containsString("404 Not found"))
                .body(containsString("no-such-settlement"));
        given().queryParam("status", "<b>BOGUS</b>").when().get("/console/settlements").then().statusCode(400)
                .contentType(containsString("text/html")).body(containsString("must be one of"))
                .body(org.hamcrest.Matchers.not(containsString("<b>BOGUS")));
        given().redirects().follow(false).when().get("/console/login").then().statusCode(303)
                .header("Location", containsString("/console"));
    }

    private static String create() {
        return given().contentType(ContentType.JSON).body(settlement(null, unique("intent"), null))
                .when().post("/settlements").then().statusCode(201).extract().path("id");
    }

    private static RequestSpecification form() {
        return given().contentType(ContentType.URLENC);
    }

    private static RequestSpecification withToken() {
        return form().cookie(ConsoleGuard.COOKIE, "t").header(ConsoleGuard.HEADER, "t");
    }

    private static void refused(RequestSpecification request) {
        request.formParam("reason", "forged").formParam("version", "1")
                .when().post("/console/settlements/anything/fail").then().statusCode(403)
                .body("code", equalTo("FORBIDDEN")).body("detail", containsString("Cross-site request refused"));
    }
}
