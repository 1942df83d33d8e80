package dev.settlement.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** While the store is unreachable: 503 STORE_UNAVAILABLE without a stack trace, readiness DOWN; then recovery. */
@QuarkusTest
@TestProfile(Profiles.Faulty.class)
class StoreOutageTest {
    @Inject
    @Identifier("faulty")
    FaultyStore store;

    @AfterEach
    void restore() {
        store.setDown(false);
    }

    @Test
    void unreachableStoreIs503AndNotReadyUntilItReturns() {
        String id = SettlementApiContract.create(SettlementApiContract.unique("s"), SettlementApiContract.unique("i"), null);
        store.setDown(true);

        SettlementApiContract.problem(given().when().get("/settlements/" + id), 503, "STORE_UNAVAILABLE");
        SettlementApiContract.problem(given().contentType(ContentType.JSON)
                .body(SettlementApiContract.settlement(null, "intent-x", null)).when().post("/settlements"),
                503, "STORE_UNAVAILABLE");
        given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().when().get("/q/health/live").then().statusCode(200);

        store.setDown(false);
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/settlements/" + id).then().statusCode(200).body("version", equalTo(1));
    }
}
