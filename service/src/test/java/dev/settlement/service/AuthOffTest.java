package dev.settlement.service;

import static dev.settlement.service.SettlementApiContract.settlement;
import static dev.settlement.service.SettlementApiContract.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With authentication off (the default) a token is never examined, not even a broken one, and no key needs to be
 * configured: every request is served, and every change is recorded as made by "anonymous".
 */
@QuarkusTest
@TestProfile(Profiles.Memory.class)
class AuthOffTest {

    @Test
    void aTokenIsIgnoredAndEveryChangeIsAnonymous() {
        String id = unique("s");
        given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON).body(settlement(id, unique("intent"), "solver-x"))
                .when().post("/settlements").then().statusCode(201);
        given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON)
                .body(Map.of("type", "USER_LOCKED", "escrowId", "e-1"))
                .when().post("/settlements/" + id + "/events").then().statusCode(200);
        given().auth().oauth2("not-a-jwt").when().get("/q/metrics").then().statusCode(200);
        given().when().get("/settlements/" + id + "/history").then().statusCode(200)
                .body("actor", contains("anonymous"));
    }
}
