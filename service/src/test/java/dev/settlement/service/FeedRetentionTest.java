package dev.settlement.service;

import static dev.settlement.service.SettlementApiContract.create;
import static dev.settlement.service.SettlementApiContract.problem;
import static dev.settlement.service.SettlementApiContract.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;

import dev.settlement.api.SettlementStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading below what retention removed is 410 EVENTS_EXPIRED, from the page and from the stream alike (the stream
 * answers it before it starts), and the problem says where to go on from. An app of its own: it prunes its feed.
 */
@QuarkusTest
@TestProfile(FeedRetentionTest.OwnApp.class)
class FeedRetentionTest {
    /** The memory backend in an app no other test class shares. */
    public static class OwnApp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Profiles.common("memory");
        }
    }

    @Inject
    SettlementStore store;

    @Test
    void readingBelowWhatRetentionRemovedIs410AndTheProblemSaysWhereToGoOn() {
        create(unique("s"), unique("intent"), null);
        long removedThrough = store.latestEventSequence();
        store.pruneEvents(Long.MAX_VALUE);
        String solver = unique("solver");
        String kept = create(unique("s"), unique("intent"), solver);

        problem(given().queryParam("after", 0).when().get("/events"), 410, "EVENTS_EXPIRED")
                .body("detail", containsString("after=" + removedThrough));
        problem(given().queryParam("after", 0).header("Accept", "text/event-stream").when().get("/events/stream"),
                410, "EVENTS_EXPIRED");
        given().queryParam("after", removedThrough).queryParam("solverId", solver).when().get("/events").then()
                .statusCode(200).body("items.settlementId", contains(kept));
    }
}
