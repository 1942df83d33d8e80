package dev.settlement.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.settlement.api.MutableClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The HTTP contract of API.md, end to end through the running service. Each backend's test extends this with its
 * test profile; tests share one running app per profile, so every test works on its own ids, intents and solvers.
 */
public abstract class SettlementApiContract implements FeedApiContract {
    private static final String PROBLEM = "application/problem+json";

    @Inject
    MutableClock clock;

    @TestHTTPResource("/")
    URI base;

    @Override
    public MutableClock clock() {
        return clock;
    }

    @Override
    public URI base() {
        return base;
    }

    // ---- create and read ------------------------------------------------------------------------------------------

    @Test
    void createReturns201WithLocationETagAndTheRecord() {
        String id = unique("s");
        long now = clock.now();
        given().contentType(ContentType.JSON).body(settlement(id, unique("intent"), unique("solver")))
                .when().post("/settlements")
                .then().statusCode(201)
                .header("Location", endsWith("/settlements/" + id))
                .header("ETag", "\"1\"")
                .contentType(ContentType.JSON)
                .body("id", equalTo(id))
                .body("status", equalTo("PENDING"))
                .body("version", equalTo(1))
                .body("createdAt", equalTo((int) now))
                .body("updatedAt", equalTo((int) now))
                .body("expiresAt", equalTo((int) now + 1800))
                .body("inputAsset.amount", equalTo("340282366920938463463374607431768211455"))
                .body("outputAsset.denom", equalTo("uosmo"))
                .body("escrowId", nullValue())
                .body("completedAt", nullValue())
                .body("$", not(hasKey("active")));

        given().when().get("/settlements/" + id)
                .then().statusCode(200).header("ETag", "\"1\"").body("id", equalTo(id));
        given().when().get("/settlements/" + id + "/history").then().statusCode(200).body("$", empty());
    }

    @Test
    void createGeneratesAnIdAndAcceptsAnExplicitExpiry() {
        Map<String, Object> body = new java.util.HashMap<>(settlement(null, unique("intent"), null));
        body.remove("id");
        body.put("expiresAt", clock.now() + 60);
        String id = given().contentType(ContentType.JSON).body(body).when().post("/settlements")
                .then().statusCode(201).body("solverId", nullValue()).body("expiresAt", equalTo((int) clock.now() + 60))
                .extract().path("id");
        given().when().get("/settlements/" + id).then().statusCode(200);
    }

    @Test
    void unknownSettlementIs404() {
        problem(given().when().get("/settlements/" + unique("missing")), 404, "NOT_FOUND");
        problem(given().when().get("/settlements/" + unique("missing") + "/history"), 404, "NOT_FOUND");
        problem(event(unique("missing"), Map.of("type", "USER_LOCKED", "escrowId", "e")), 404, "NOT_FOUND");
        problem(given().when().get("/intents/" + unique("missing") + "/settlement"), 404, "NOT_FOUND");
    }

    /**
     * Ids, intents and filters no settlement can have, a NUL among them, are not found (or match nothing) on every
     * backend. On PostgreSQL (and the composite's archive) they were 503 STORE_UNAVAILABLE, since PostgreSQL refuses to
     * compare a text holding a NUL: found by the soak's HostileInputIT.
     */
    @Test
    void idsNoSettlementCanHaveAreNotFound() {
        for (String odd : new String[] {"a%00b", "%00", "caf%C3%A9"}) {
            problem(given().urlEncodingEnabled(false).when().get("/settlements/" + odd), 404, "NOT_FOUND");
            problem(given().urlEncodingEnabled(false).when().get("/settlements/" + odd + "/history"), 404, "NOT_FOUND");
            problem(given().urlEncodingEnabled(false).when().get("/intents/" + odd + "/settlement"), 404, "NOT_FOUND");
            problem(given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(Map.of("reason", "r"))
                    .when().post("/settlements/" + odd + "/fail"), 404, "NOT_FOUND");
            for (String filter : new String[] {"solverId", "intentId", "userAddress"}) {
                given().urlEncodingEnabled(false).when().get("/settlements?" + filter + "=" + odd)
                        .then().statusCode(200).body("items", empty());
            }
        }
    }

    @Test
    void duplicateIdAndActiveIntentAre409() {
        String id = unique("s");
        String intent = unique("intent");
        create(id, intent, null);
        problem(given().contentType(ContentType.JSON).body(settlement(id, unique("intent"), null))
                .when().post("/settlements"), 409, "DUPLICATE_ID");
        problem(given().contentType(ContentType.JSON).body(settlement(unique("s"), intent, null))
                .when().post("/settlements"), 409, "INTENT_ALREADY_ACTIVE");
    }

    @Test
    void solverCapacityIs429() {
        String solver = unique("solver");
        create(unique("s"), unique("intent"), solver);
        String second = create(unique("s"), unique("intent"), solver);
        problem(given().contentType(ContentType.JSON).body(settlement(unique("s"), unique("intent"), solver))
                .when().post("/settlements"), 429, "SOLVER_CAPACITY_EXCEEDED");
        fail(second, "frees a slot").statusCode(200);
        create(unique("s"), unique("intent"), solver);
    }

    @Test
    void newestSettlementOfAnIntent() {
        String intent = unique("intent");
        String first = create(unique("s"), intent, null);
        fail(first, "first attempt failed");
        clock.advance(1);
        String second = create(unique("s"), intent, null);
        given().when().get("/intents/" + intent + "/settlement").then().statusCode(200).body("id", equalTo(second));
    }

    // ---- lifecycle --------------------------------------------------------------------------------------------------

    @Test
    void fullLifecycleThroughEventsAndOutcome() {
        String id = create(unique("s"), unique("intent"), unique("solver"));
        event(id, Map.of("type", "USER_LOCKED", "escrowId", "escrow-1", "txHash", "0xa"))
                .statusCode(200).header("ETag", "\"2\"").body("status", equalTo("USER_LOCKED"))
                .body("escrowId", equalTo("escrow-1"));
        event(id, Map.of("type", "SOLVER_LOCKED", "bondId", "bond-1"))
                .statusCode(200).body("status", equalTo("SOLVER_LOCKED")).body("solverBondId", equalTo("bond-1"));
        event(id, Map.of("type", "IBC_TRANSFER_STARTED", "sequence", 9_007_199_254_740_993L))
                .statusCode(200).body("status", equalTo("EXECUTING"));
        clock.advance(3);
        given().contentType(ContentType.JSON).body(Map.of("result", "SUCCESS", "outputDelivered", "5000000", "txHash", "0xd"))
                .when().post("/settlements/" + id + "/complete")
                .then().statusCode(200).body("status", equalTo("COMPLETE")).body("version", equalTo(5))
                .body("completedAt", equalTo((int) clock.now()));

        given().when().get("/settlements/" + id + "/history").then().statusCode(200)
                .body("sequence", contains(1, 2, 3, 4))
                .body("fromStatus", contains("PENDING", "USER_LOCKED", "SOLVER_LOCKED", "EXECUTING"))
                .body("toStatus", contains("USER_LOCKED", "SOLVER_LOCKED", "EXECUTING", "COMPLETE"))
                .body("[0].txHash", equalTo("0xa"))
                .body("[1].txHash", nullValue())
                .body("[2].details", containsString("9007199254740993"))
                .body("[3].details", containsString("5000000"))
                .body("[3].txHash", equalTo("0xd"))
                .body("actor", everyItem(equalTo("anonymous"))); // authentication is off in these profiles
        given().when().get("/settlements/" + id).then()
                .body("ibcPacketSequence", equalTo(9_007_199_254_740_993L));
    }

    @Test
    void ibcEventsCompleteAndFail() {
        String ok = walkToExecuting();
        event(ok, Map.of("type", "IBC_TRANSFER_COMPLETE", "txHash", "0xack")).statusCode(200)
                .body("status", equalTo("COMPLETE"));
        String bad = walkToExecuting();
        event(bad, Map.of("type", "IBC_TRANSFER_FAILED", "reason", "packet timed out")).statusCode(200)
                .body("status", equalTo("FAILED")).body("errorMessage", equalTo("packet timed out"));
    }

    @Test
    void outcomesFailureAndTimeout() {
        String soft = create(unique("s"), unique("intent"), null);
        outcome(soft, Map.of("result", "FAILURE", "reason", "rpc down", "recoverable", true)).statusCode(200)
                .body("status", equalTo("FAILED")).body("errorMessage", equalTo("rpc down"));
        given().when().get("/settlements/" + soft + "/history").then()
                .body("[0].details", containsString("ecoverable"));
        String late = create(unique("s"), unique("intent"), null);
        outcome(late, Map.of("result", "TIMEOUT")).statusCode(200).body("status", equalTo("TIMED_OUT"));
        String failed = create(unique("s"), unique("intent"), null);
        fail(failed, "operator gave up").statusCode(200).body("status", equalTo("FAILED"))
                .body("errorMessage", equalTo("operator gave up"));
    }

    @Test
    void invalidTransitionsAre409AndChangeNothing() {
        String id = create(unique("s"), unique("intent"), null);
        problem(event(id, Map.of("type", "SOLVER_LOCKED", "bondId", "b")), 409, "INVALID_STATE_TRANSITION");
        problem(outcome(id, Map.of("result", "SUCCESS", "outputDelivered", "1")), 409, "INVALID_STATE_TRANSITION");
        fail(id, "done");
        problem(event(id, Map.of("type", "USER_LOCKED", "escrowId", "e")), 409, "INVALID_STATE_TRANSITION");
        problem(fail(id, "another reason"), 409, "INVALID_STATE_TRANSITION");
        given().when().get("/settlements/" + id).then().body("version", equalTo(2)).body("status", equalTo("FAILED"));
        given().when().get("/settlements/" + id + "/history").then().body("$", hasSize(1));
    }

    @Test
    void replaysReturn200AndWriteNothing() {
        String id = create(unique("s"), unique("intent"), null);
        Map<String, Object> lock = Map.of("type", "USER_LOCKED", "escrowId", "escrow-1");
        event(id, lock).statusCode(200).body("version", equalTo(2));
        clock.advance(10);
        event(id, lock).statusCode(200).body("version", equalTo(2));
        problem(event(id, Map.of("type", "USER_LOCKED", "escrowId", "escrow-2")), 409, "INVALID_STATE_TRANSITION");
        given().when().get("/settlements/" + id + "/history").then().body("$", hasSize(1));
    }

    @Test
    void ifMatchMakesChangesConditional() {
        String id = create(unique("s"), unique("intent"), null);
        problem(given().contentType(ContentType.JSON).header("If-Match", "\"7\"")
                .body(Map.of("type", "USER_LOCKED", "escrowId", "e"))
                .when().post("/settlements/" + id + "/events"), 412, "VERSION_CONFLICT");
        given().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(Map.of("type", "USER_LOCKED", "escrowId", "e"))
                .when().post("/settlements/" + id + "/events").then().statusCode(200).header("ETag", "\"2\"");
        problem(given().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(Map.of("reason", "r"))
                .when().post("/settlements/" + id + "/fail"), 412, "VERSION_CONFLICT");
        problem(given().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(Map.of("result", "TIMEOUT"))
                .when().post("/settlements/" + id + "/complete"), 412, "VERSION_CONFLICT");
        problem(given().contentType(ContentType.JSON).header("If-Match", "version-two").body(Map.of("reason", "r"))
                .when().post("/settlements/" + id + "/fail"), 400, "VALIDATION_FAILED").body("errors", hasKey("If-Match"));
        given().when().get("/settlements/" + id).then().body("version", equalTo(2));
    }

    // ---- lists and stuck -----------------------------------------------------------------------------------------

    @Test
    void listsFilterOrderAndPageWithoutGaps() {
        String solver = unique("solver");
        String user = unique("cosmos1user");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> body = new java.util.HashMap<>(settlement(unique("s" + i), unique("intent"), null));
            body.put("userAddress", user);
            created.add(given().contentType(ContentType.JSON).body(body).when().post("/settlements")
                    .then().statusCode(201).extract().path("id"));
            clock.advance(1);
        }
        create(unique("s"), unique("intent"), solver);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("userAddress", user).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.when().get("/settlements").then().statusCode(200).extract();
            seen.addAll(page.path("items.id"));
            cursor = page.path("nextCursor");
            if (pages == 0) {
                fail(created.get(4), "status changes must not disturb paging");
            }
            pages++;
        } while (cursor != null);
        org.assertj.core.api.Assertions.assertThat(seen).containsExactlyElementsOf(created);

        given().queryParam("userAddress", user).queryParam("status", "PENDING").when().get("/settlements")
                .then().statusCode(200).body("items", hasSize(4)).body("nextCursor", nullValue());
        given().queryParam("solverId", solver).when().get("/settlements")
                .then().body("items", hasSize(1)).body("items[0].solverId", equalTo(solver));
        given().queryParam("intentId", "no-such-intent").when().get("/settlements").then().body("items", empty());
    }

    @Test
    void badQueryParametersAre400NamingTheParameter() {
        problem(given().queryParam("status", "DONE").when().get("/settlements"), 400, "VALIDATION_FAILED")
                .body("errors", hasKey("status"));
        problem(given().queryParam("limit", 0).when().get("/settlements"), 400, "VALIDATION_FAILED")
                .body("errors", hasKey("limit"));
        problem(given().queryParam("limit", 1001).when().get("/settlements"), 400, "VALIDATION_FAILED");
        problem(given().queryParam("limit", "ten").when().get("/settlements"), 400, "VALIDATION_FAILED");
        problem(given().queryParam("cursor", "not-a-cursor").when().get("/settlements"), 400, "VALIDATION_FAILED")
                .body("errors", hasKey("cursor"));
        problem(given().queryParam("before", "yesterday").when().get("/settlements/stuck"), 400, "VALIDATION_FAILED")
                .body("errors", hasKey("before"));
        String listCursor = given().queryParam("limit", 1).when().get("/settlements").then().extract().path("nextCursor");
        if (listCursor != null) {
            problem(given().queryParam("cursor", listCursor).when().get("/settlements/stuck"), 400, "VALIDATION_FAILED");
        }
    }

    @Test
    void stuckListAndRecovery() {
        long now = clock.now();
        String early = createExpiring(now + 5);
        String late = createExpiring(now + 6);
        String fresh = createExpiring(now + 100_000);
        event(late, Map.of("type", "USER_LOCKED", "escrowId", "e"));

        // explicit threshold: expired before it, still active, ordered by expiry
        List<String> stuck = given().queryParam("before", now + 7).queryParam("limit", 1000).when()
                .get("/settlements/stuck").then().statusCode(200).extract().path("items.id");
        org.assertj.core.api.Assertions.assertThat(stuck).contains(early, late).doesNotContain(fresh);
        org.assertj.core.api.Assertions.assertThat(stuck.indexOf(early)).isLessThan(stuck.indexOf(late));

        // default threshold: now - stuck-threshold-secs (60 s in tests)
        List<String> notYet = given().when().get("/settlements/stuck").then().statusCode(200).extract().path("items.id");
        org.assertj.core.api.Assertions.assertThat(notYet).doesNotContain(early);
        clock.advance(6 + 61);
        List<String> nowStuck = given().queryParam("limit", 1000).when().get("/settlements/stuck").then()
                .extract().path("items.id");
        org.assertj.core.api.Assertions.assertThat(nowStuck).contains(early, late).doesNotContain(fresh);

        given().when().post("/recovery/run").then().statusCode(200)
                .body("examined", greaterThanOrEqualTo(2)).body("timedOut", greaterThanOrEqualTo(2));
        given().when().get("/settlements/" + early).then().body("status", equalTo("TIMED_OUT"));
        given().when().get("/settlements/" + late + "/history").then()
                .body("[1].toStatus", equalTo("TIMED_OUT"))
                .body("[1].details", containsString(String.valueOf(now + 6)))
                .body("[1].actor", equalTo("anonymous")); // who pressed the button: nobody known, auth is off
        given().when().get("/settlements/" + fresh).then().body("status", equalTo("PENDING"));
        given().when().post("/recovery/run").then().statusCode(200)
                .body("examined", equalTo(0)).body("timedOut", equalTo(0));
    }

    // ---- bad input ---------------------------------------------------------------------------------------------------

    @Test
    void validationNamesEveryBadField() {
        Map<String, Object> body = new java.util.HashMap<>(settlement("bad id", "intent/with/slash", "solver one"));
        body.put("userAddress", "");
        body.put("inputAsset", Map.of("chainId", "c", "denom", "u atom", "amount", "1"));
        body.put("outputAsset", Map.of("chainId", "c", "denom", "d", "amount", "340282366920938463463374607431768211456"));
        body.put("expiresAt", clock.now());
        problem(given().contentType(ContentType.JSON).body(body).when().post("/settlements"), 400, "VALIDATION_FAILED")
                .body("errors", hasKey("id")).body("errors", hasKey("intentId")).body("errors", hasKey("solverId"))
                .body("errors", hasKey("userAddress")).body("errors", hasKey("inputAsset.denom"))
                .body("errors", hasKey("outputAsset.amount")).body("errors", hasKey("expiresAt"))
                .body("detail", containsString("intentId"));
        given().when().get("/settlements/bad-id").then().statusCode(404);
    }

    @Test
    void malformedBodiesAreProblemsNot500s() {
        String id = create(unique("s"), unique("intent"), null);
        problem(raw("/settlements", "{\"intentId\": "), 400, "MALFORMED_REQUEST");
        problem(raw("/settlements", ""), 400, "MALFORMED_REQUEST");
        problem(raw("/settlements", "[1,2]"), 400, "VALIDATION_FAILED");
        // a key twice is ambiguous: refused as malformed (it was a 500 from the record creator)
        problem(raw("/settlements/" + id + "/fail", "{\"reason\":\"a\",\"reason\":\"b\"}"), 400, "MALFORMED_REQUEST")
                .body("detail", containsString("reason"));
        problem(raw("/settlements/" + id + "/events", "{\"type\":\"USER_LOCKED\",\"escrowId\":\"e\",\"escrowId\":\"f\"}"),
                400, "MALFORMED_REQUEST");
        problem(raw("/settlements", "{\"intentId\":\"i\",\"intentId\":\"j\"}"), 400, "MALFORMED_REQUEST");
        problem(raw("/settlements", "{\"intentId\":\"i\",\"typo\":1}"), 400, "VALIDATION_FAILED")
                .body("errors", hasKey("typo"));
        problem(raw("/settlements", "{\"intentId\":\"i\",\"inputAsset\":{\"chainId\":\"c\",\"denom\":\"d\",\"amount\":12}}"),
                400, "VALIDATION_FAILED").body("errors", hasKey("inputAsset.amount"));
        problem(raw("/settlements", "{\"intentId\":\"i\",\"expiresAt\":\"soon\"}"), 400, "VALIDATION_FAILED")
                .body("errors", hasKey("expiresAt"));
        problem(raw("/settlements/" + id + "/events", "{\"type\":\"LOCKED\"}"), 400, "VALIDATION_FAILED")
                .body("errors", hasKey("type"));
        problem(raw("/settlements/" + id + "/events", "{\"escrowId\":\"e\"}"), 400, "VALIDATION_FAILED");
        problem(raw("/settlements/" + id + "/events", "{\"type\":\"USER_LOCKED\",\"bondId\":\"b\"}"), 400,
                "VALIDATION_FAILED").body("errors", hasKey("bondId"));
        problem(raw("/settlements/" + id + "/events", "{\"type\":\"IBC_TRANSFER_STARTED\",\"sequence\":-1}"), 400,
                "VALIDATION_FAILED").body("errors", hasKey("sequence"));
        problem(raw("/settlements/" + id + "/events", "{\"type\":\"IBC_TRANSFER_STARTED\",\"sequence\":1.5}"), 400,
                "VALIDATION_FAILED").body("errors", hasKey("sequence"));
        problem(raw("/settlements/" + id + "/complete", "{\"result\":\"MAYBE\"}"), 400, "VALIDATION_FAILED")
                .body("errors", hasKey("result"));
        problem(raw("/settlements/" + id + "/complete", "{\"result\":\"FAILURE\",\"reason\":\"r\",\"recoverable\":\"yes\"}"),
                400, "VALIDATION_FAILED").body("errors", hasKey("recoverable"));
        problem(raw("/settlements/" + id + "/fail", "{}"), 400, "VALIDATION_FAILED").body("errors", hasKey("reason"));
        problem(raw("/settlements/" + id + "/fail", "{\"reason\":\"" + "x".repeat(1025) + "\"}"), 400, "VALIDATION_FAILED");
        given().when().get("/settlements/" + id).then().body("version", equalTo(1));
    }

    /** "." and ".." would be unreachable (path normalisation), so they are refused where they come in. */
    @Test
    void idsMadeOnlyOfDotsAre400NamingTheField() {
        for (String dots : List.of(".", "..")) {
            problem(given().contentType(ContentType.JSON).body(settlement(dots, unique("intent"), null))
                    .when().post("/settlements"), 400, "VALIDATION_FAILED").body("errors", hasKey("id"))
                    .body("detail", containsString("dots"));
            problem(given().contentType(ContentType.JSON).body(settlement(unique("s"), dots, null))
                    .when().post("/settlements"), 400, "VALIDATION_FAILED").body("errors", hasKey("intentId"));
        }
    }

    /** A body sent without any Content-Type is the wrong media type (415), on every POST that takes one. */
    @Test
    void aBodyWithoutContentTypeIs415OnEveryPostThatTakesOne() throws Exception {
        String id = create(unique("s"), unique("intent"), null);
        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> bodies = Map.of(
                "/settlements", new ObjectMapper().writeValueAsString(
                        settlement(unique("s"), unique("intent"), null)),
                "/settlements/" + id + "/events", "{\"type\":\"USER_LOCKED\",\"escrowId\":\"e\"}",
                "/settlements/" + id + "/complete", "{\"result\":\"TIMEOUT\"}",
                "/settlements/" + id + "/fail", "{\"reason\":\"r\"}");
        for (Map.Entry<String, String> post : bodies.entrySet()) {
            // java.net.http sends no Content-Type unless told to (RestAssured would add text/plain)
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            base.resolve(post.getKey().substring(1)))
                    .POST(HttpRequest.BodyPublishers.ofString(post.getValue())).build(),
                    HttpResponse.BodyHandlers.ofString());
            org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(post.getKey() + ": " + response.body())
                    .isEqualTo(415);
            org.assertj.core.api.Assertions.assertThat(response.headers().firstValue("Content-Type")).contains(PROBLEM);
            org.assertj.core.api.Assertions.assertThat(response.body()).contains("\"code\":\"UNSUPPORTED_MEDIA_TYPE\"");
        }
        given().when().get("/settlements/" + id).then().body("version", equalTo(1));
    }

    @Test
    void wrongMediaTypeSizeMethodAndPath() {
        problem(given().contentType(ContentType.TEXT).body("hello").when().post("/settlements"), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        problem(given().contentType(ContentType.JSON).body("{\"intentId\":\"" + "a".repeat(70_000) + "\"}")
                .when().post("/settlements"), 413, "PAYLOAD_TOO_LARGE");
        problem(given().when().delete("/settlements/x"), 405, "METHOD_NOT_ALLOWED");
        problem(given().when().get("/no/such/path"), 404, "NOT_FOUND");
    }

    // ---- operations --------------------------------------------------------------------------------------------------

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", containsInAnyOrder("settlement-store", "settlement-webhooks"))
                .body("checks.find { it.name == 'settlement-webhooks' }.data.keySet()",
                        containsInAnyOrder("endpoints", "oldestUndeliveredAgeSeconds", "deadDeliveries"));
        String id = create(unique("s"), unique("intent"), unique("solver"));
        fail(id, "for the metrics");
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(metrics)
                .contains("settlement_transitions_total{from=\"PENDING\",to=\"FAILED\"}")
                .contains("settlement_outcomes_total{")
                .contains("settlement_duration_seconds_count{status=\"FAILED\"}")
                .contains("settlement_active{status=\"PENDING\"}")
                .contains("settlement_stuck ")
                .contains("settlement_events_total{type=\"settlement.failed\"}")
                .contains("settlement_store_operation_seconds_count{backend=");
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/settlements/{id}/events"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    /** Request timings are tagged with the route, never with an id from the path: one series per route, not per id. */
    @Test
    void httpMetricsNameRoutesNotIds() {
        String id = create(unique("metered"), unique("intent"), unique("solver"));
        String missing = unique("metered-missing");
        given().when().get("/settlements/" + id).then().statusCode(200);
        given().when().get("/settlements/" + missing).then().statusCode(404);
        given().when().get("/settlements/" + missing + "/history").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"type\":").when().post("/settlements/" + id + "/events")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"reason\":\"" + "a".repeat(70_000) + "\"}")
                .when().post("/settlements/" + missing + "/fail").then().statusCode(413);
        given().when().delete("/settlements/" + missing).then().statusCode(405);
        given().when().get("/settlements/" + missing + "/no-such-route").then().statusCode(404);
        given().when().get("/intents/" + missing + "/settlement").then().statusCode(404);

        List<String> series = given().when().get("/q/metrics").then().statusCode(200).extract().asString()
                .lines().filter(line -> line.startsWith("http_server_requests_seconds_count")).toList();
        org.assertj.core.api.Assertions.assertThat(series)
                .anyMatch(line -> line.contains("uri=\"/settlements/{id}\"") && line.contains("status=\"200\""))
                .anyMatch(line -> line.contains("uri=\"/settlements/{id}/events\"") && line.contains("status=\"400\""))
                .noneMatch(line -> line.contains("metered-"));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------------

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Map<String, Object> settlement(String id, String intentId, String solverId) {
        Map<String, Object> body = new java.util.HashMap<>();
        if (id != null) {
            body.put("id", id);
        }
        body.put("intentId", intentId);
        if (solverId != null) {
            body.put("solverId", solverId);
        }
        body.put("userAddress", "cosmos1user");
        body.put("inputAsset", Map.of("chainId", "cosmoshub-4", "denom", "uatom",
                "amount", "340282366920938463463374607431768211455"));
        body.put("outputAsset", Map.of("chainId", "osmosis-1", "denom", "uosmo", "amount", "5000000"));
        return body;
    }

    protected static String create(String id, String intentId, String solverId) {
        return given().contentType(ContentType.JSON).body(settlement(id, intentId, solverId))
                .when().post("/settlements").then().statusCode(201).extract().path("id");
    }

    private String createExpiring(long expiresAt) {
        Map<String, Object> body = new java.util.HashMap<>(settlement(unique("s"), unique("intent"), null));
        body.put("expiresAt", expiresAt);
        return given().contentType(ContentType.JSON).body(body).when().post("/settlements")
                .then().statusCode(201).extract().path("id");
    }

    private String walkToExecuting() {
        String id = create(unique("s"), unique("intent"), null);
        event(id, Map.of("type", "USER_LOCKED", "escrowId", "e")).statusCode(200);
        event(id, Map.of("type", "SOLVER_LOCKED", "bondId", "b")).statusCode(200);
        event(id, Map.of("type", "IBC_TRANSFER_STARTED", "sequence", 1)).statusCode(200);
        return id;
    }

    protected static ValidatableResponse event(String id, Map<String, Object> event) {
        return given().contentType(ContentType.JSON).body(event).when().post("/settlements/" + id + "/events").then();
    }

    protected static ValidatableResponse outcome(String id, Map<String, Object> outcome) {
        return given().contentType(ContentType.JSON).body(outcome).when().post("/settlements/" + id + "/complete").then();
    }

    protected static ValidatableResponse fail(String id, String reason) {
        return given().contentType(ContentType.JSON).body(Map.of("reason", reason))
                .when().post("/settlements/" + id + "/fail").then();
    }

    private static io.restassured.response.Response raw(String path, String json) {
        return given().contentType(ContentType.JSON).body(json).when().post(path);
    }

    protected static ValidatableResponse problem(io.restassured.response.Response response, int status, String code) {
        return problem(response.then(), status, code);
    }

    protected static ValidatableResponse problem(ValidatableResponse response, int status, String code) {
        return response.statusCode(status).contentType(PROBLEM)
                .body("status", equalTo(status)).body("code", equalTo(code))
                .body("title", notNullValue()).body("detail", notNullValue())
                .body(not(containsString("Exception"))).body(not(containsString("\tat ")));
    }
}
