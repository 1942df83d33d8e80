package dev.settlement.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged artifact Quarkus built, started by Quarkus itself: the jar in {@code mvn verify}, the native binary
 * under {@code -Pnative}. What a native image could lose (reflection for the JSON bodies and records, the SQLite
 * JNI library, Flyway's migrations, the problem mappers, the metrics) is exercised here through the walk-through
 * and a few direct calls. {@link PackagedServiceIT} covers the other backends and restarts on the jar.
 */
@QuarkusIntegrationTest
@TestProfile(PackagedWalkthroughIT.SqliteInTarget.class)
class PackagedWalkthroughIT {

    /** The default backend, SQLite, in a fresh file under target/. */
    public static class SqliteInTarget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("settlement.sqlite.path",
                    Path.of("target", "packaged-it-" + UUID.randomUUID() + ".db").toAbsolutePath().toString());
        }
    }

    @Test
    void theWalkThroughPassesOnSqlite() throws Exception {
        Path log = Files.createTempFile(Path.of("target"), "packaged-walkthrough", ".log");
        Walkthrough.passesAgainst(RestAssured.baseURI + ":" + RestAssured.port, log);
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP")).body(containsString("sqlite"));
    }

    @Test
    void problemsAreProblemDetailsWithoutStackTraces() {
        given().contentType("application/json").body("{\"intentId\":").post("/settlements").then()
                .statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("MALFORMED_REQUEST")).body(not(containsString("\tat ")));
        given().contentType("application/json").body("{\"type\":\"USER_LOCKED\",\"escrowId\":\"e\"}")
                .post("/settlements/no-such-settlement/events").then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void metricsAndOpenApiAreServed() {
        given().contentType("application/json").body("{\"intentId\":\"metrics-" + UUID.randomUUID()
                        + "\",\"userAddress\":\"u\",\"inputAsset\":{\"chainId\":\"a\",\"denom\":\"b\",\"amount\":\"1\"},"
                        + "\"outputAsset\":{\"chainId\":\"c\",\"denom\":\"d\",\"amount\":\"1\"}}")
                .post("/settlements").then().statusCode(201);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("settlement_created_total"))
                .body(containsString("settlement_store_operation_seconds"))
                .body(containsString("settlement_stuck"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/settlements/{id}/events"));
    }
}
