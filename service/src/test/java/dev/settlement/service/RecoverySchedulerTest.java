package dev.settlement.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.settlement.api.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With settlement.auto-recovery.enabled, the scheduler times out stuck settlements by itself. */
@QuarkusTest
@TestProfile(Profiles.AutoRecovery.class)
class RecoverySchedulerTest {
    @Inject
    MutableClock clock;

    @Test
    void stuckSettlementsAreTimedOutWithoutAnyRequest() throws InterruptedException {
        long expiresAt = clock.now() + 5;
        Map<String, Object> body = new HashMap<>(SettlementApiContract.settlement("auto-1", "intent-auto-1", null));
        body.put("expiresAt", expiresAt);
        given().contentType(ContentType.JSON).body(body).when().post("/settlements").then().statusCode(201);
        Map<String, Object> fresh = SettlementApiContract.settlement("auto-2", "intent-auto-2", null);
        given().contentType(ContentType.JSON).body(fresh).when().post("/settlements").then().statusCode(201);

        clock.advance(5 + 61); // past expiry plus the 60 s stuck threshold of the test profiles
        String status = "PENDING";
        for (int i = 0; i < 100 && status.equals("PENDING"); i++) {
            Thread.sleep(100);
            status = given().when().get("/settlements/auto-1").then().extract().path("status");
        }
        given().when().get("/settlements/auto-1").then().body("status", equalTo("TIMED_OUT"));
        given().when().get("/settlements/auto-1/history").then()
                .body("[0].details", containsString(String.valueOf(expiresAt)))
                .body("[0].actor", equalTo("system"));
        given().when().get("/settlements/auto-2").then().body("status", equalTo("PENDING"));
    }
}
