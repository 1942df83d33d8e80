package dev.settlement.service;

import static dev.settlement.service.SettlementApiContract.create;
import static dev.settlement.service.SettlementApiContract.event;
import static dev.settlement.service.SettlementApiContract.fail;
import static dev.settlement.service.SettlementApiContract.problem;
import static dev.settlement.service.SettlementApiContract.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.settlement.api.MutableClock;
import dev.settlement.api.webhook.WebhookSignature;
import dev.settlement.testing.WebhookReceiver;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The change feed and webhooks over HTTP (API.md, "Events" and "Webhooks"), run on every backend with the REST
 * suite. The app is shared by the tests of a profile, so each test follows only its own solver's events.
 */
interface FeedApiContract {
    ObjectMapper JSON = new ObjectMapper();
    Duration DELIVERY_WAIT = Duration.ofSeconds(20);

    MutableClock clock();

    URI base();

    private static long head() {
        long after = 0;
        while (true) {
            Response page = given().queryParam("after", after).queryParam("limit", 1000).when().get("/events");
            page.then().statusCode(200);
            long next = page.path("nextAfter") instanceof Integer i ? i : page.<Long>path("nextAfter");
            if (next == after) {
                return after;
            }
            after = next;
        }
    }

    @Test
    default void theFeedHasEveryChangeInOrderWithTheRecordAfterIt() {
        String solver = unique("solver");
        String id = create(unique("s"), unique("intent"), solver);
        event(id, Map.of("type", "USER_LOCKED", "escrowId", "escrow-1", "txHash", "0xabc")).statusCode(200);
        fail(id, "gave up").statusCode(200);

        Response page = given().queryParam("solverId", solver).when().get("/events");
        page.then().statusCode(200).contentType(ContentType.JSON)
                .body("items.type", contains("settlement.created", "settlement.user_locked", "settlement.failed"))
                .body("items.settlementId", contains(id, id, id))
                .body("items[0].transition", nullValue())
                .body("items[0].settlement.version", equalTo(1))
                .body("items[1].transition.txHash", equalTo("0xabc"))
                .body("items[1].settlement.escrowId", equalTo("escrow-1"))
                .body("items[2].settlement.status", equalTo("FAILED"))
                .body("items[2].solverId", equalTo(solver));
        List<Number> sequences = page.path("items.sequence");
        assertThat(sequences.stream().map(Number::longValue).toList()).isSorted().doesNotHaveDuplicates();
        long last = sequences.get(2).longValue();
        assertThat(((Number) page.path("nextAfter")).longValue()).isEqualTo(last);

        given().queryParam("solverId", solver).queryParam("after", sequences.get(0)).queryParam("limit", 1)
                .queryParam("type", "settlement.failed").queryParam("type", "settlement.user_locked")
                .when().get("/events").then().statusCode(200)
                .body("items.type", contains("settlement.user_locked"));
        given().queryParam("solverId", solver).queryParam("after", last).when().get("/events").then()
                .statusCode(200).body("items", empty()).body("nextAfter", equalTo((int) last));
    }

    @Test
    default void badFeedParametersAre400() {
        problem(given().queryParam("after", "-1").when().get("/events"), 400, "VALIDATION_FAILED")
                .body("errors.after", equalTo("must be an event sequence (a whole number >= 0)"));
        for (String[] bad : new String[][]{{"type", "settlement.nope"}, {"limit", "0"}, {"limit", "1001"},
                {"wait", "31"}, {"wait", "0"}, {"after", "-1"}, {"after", "x"}, {"solverId", "has space"}}) {
            problem(given().queryParam(bad[0], bad[1]).when().get("/events"), 400, "VALIDATION_FAILED");
        }
    }

    @Test
    default void aLongPollAnswersWhenAnEventArrivesAndEmptyWhenNoneDoes() throws Exception {
        String solver = unique("solver");
        given().queryParam("solverId", solver).queryParam("wait", 1).when().get("/events").then()
                .statusCode(200).body("items", empty()).body("nextAfter", equalTo(0));

        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> given()
                .queryParam("solverId", solver).queryParam("wait", 30).when().get("/events"));
        Thread.sleep(500); // let the poll start waiting; if it has not yet, it finds the event at once: same answer
        String id = create(unique("s"), unique("intent"), solver);
        Response answered = waiting.get();
        answered.then().statusCode(200).body("items.settlementId", contains(id));
    }

    @Test
    default void theStreamSendsEventsAsTheyHappenAndResumesFromLastEventId() throws Exception {
        String solver = unique("solver");
        String first = create(unique("s"), unique("intent"), solver);
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(base().resolve("/events/stream?solverId=" + solver))
                .header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> stream = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            Map<String, String> created = nextEvent(lines);
            assertThat(created.get("event")).isEqualTo("settlement.created");
            assertThat(JSON.readTree(created.get("data")).get("settlementId").asText()).isEqualTo(first);

            event(first, Map.of("type", "USER_LOCKED", "escrowId", "e-1")).statusCode(200);
            Map<String, String> locked = nextEvent(lines);
            assertThat(locked.get("event")).isEqualTo("settlement.user_locked");
            assertThat(Long.parseLong(locked.get("id"))).isGreaterThan(Long.parseLong(created.get("id")));
            JsonNode data = JSON.readTree(locked.get("data"));
            assertThat(data.get("sequence").asLong()).isEqualTo(Long.parseLong(locked.get("id")));
            assertThat(data.get("settlement").get("escrowId").asText()).isEqualTo("e-1");

            // a reconnecting client resumes after the last id it got
            HttpResponse<java.io.InputStream> resumed = client.send(HttpRequest.newBuilder(
                    base().resolve("/events/stream?solverId=" + solver)).header("Last-Event-ID", created.get("id"))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader again = new BufferedReader(new InputStreamReader(resumed.body(), StandardCharsets.UTF_8))) {
                assertThat(nextEvent(again).get("id")).isEqualTo(locked.get("id"));
            }
        }
    }

    /** The next event of a stream (its id, event and data fields), skipping comment lines. */
    private static Map<String, String> nextEvent(BufferedReader lines) throws Exception {
        Map<String, String> fields = new java.util.HashMap<>();
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (fields.containsKey("data")) {
                    return fields;
                }
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon), line.substring(colon + 1).stripLeading());
        }
        throw new AssertionError("the stream ended");
    }

    // ---- webhooks ---------------------------------------------------------------------------------------------------

    private static Response register(String url, String solver, List<String> types) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("url", url);
        body.put("solverId", solver);
        if (types != null) {
            body.put("types", types);
        }
        return given().contentType(ContentType.JSON).body(body).when().post("/webhooks");
    }

    @Test
    default void aWebhookGetsItsEventsSignedInOrderAndIsManagedOverTheApi() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String solver = unique("solver");
            Response registered = register(receiver.url("/hook"), solver, null);
            registered.then().statusCode(201).header("Location", endsWith("/webhooks/" + registered.path("id")))
                    .body("secret", startsWith("whsec_")).body("url", equalTo(receiver.url("/hook")))
                    .body("solverId", equalTo(solver)).body("types", empty());
            String hook = registered.path("id");
            String secret = registered.path("secret");
            try {
                String id = create(unique("s"), unique("intent"), solver);
                event(id, Map.of("type", "USER_LOCKED", "escrowId", "e-1")).statusCode(200);

                List<WebhookReceiver.Request> got = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    WebhookReceiver.Request request = receiver.next(DELIVERY_WAIT);
                    assertThat(request).as("delivery %d arrived", i + 1).isNotNull();
                    got.add(request);
                }
                for (WebhookReceiver.Request request : got) {
                    // the signature covers the exact bytes that arrived
                    assertThat(request.header("webhook-signature")).isEqualTo(WebhookSignature.sign(secret,
                            request.header("webhook-id"), Long.parseLong(request.header("webhook-timestamp")),
                            request.bodyText()));
                    assertThat(request.header("content-type")).startsWith("application/json");
                    assertThat(JSON.readTree(request.body()).get("sequence").asText())
                            .isEqualTo(request.header("webhook-id"));
                }
                assertThat(got).extracting(r -> JSON.readTree(r.body()).get("type").asText())
                        .containsExactly("settlement.created", "settlement.user_locked");

                given().when().get("/webhooks/" + hook).then().statusCode(200)
                        .body("secret", nullValue()).body("deliveries.DELIVERED", equalTo(2))
                        .body("deliveries.DEAD", equalTo(0));
                long firstSequence = Long.parseLong(got.get(0).header("webhook-id"));
                given().queryParam("limit", 1).when().get("/webhooks/" + hook + "/deliveries").then().statusCode(200)
                        .body("items.eventSequence", contains((int) firstSequence))
                        .body("items[0].status", equalTo("DELIVERED")).body("items[0].attempts", equalTo(1))
                        .body("items[0].lastResponseStatus", equalTo(200));
                given().when().get("/webhooks").then().statusCode(200);

                given().when().post("/webhooks/" + hook + "/deliveries/" + firstSequence + "/retry").then()
                        .statusCode(202).body("status", equalTo("PENDING"));
                WebhookReceiver.Request again = receiver.next(DELIVERY_WAIT);
                assertThat(again).isNotNull();
                assertThat(again.header("webhook-id")).isEqualTo(Long.toString(firstSequence));
            } finally {
                given().when().delete("/webhooks/" + hook).then().statusCode(204);
            }
            problem(given().when().get("/webhooks/" + hook), 404, "NOT_FOUND");
            problem(given().when().delete("/webhooks/" + hook), 404, "NOT_FOUND");
            problem(given().when().post("/webhooks/" + hook + "/deliveries/1/retry"), 404, "NOT_FOUND");
        }
    }

    @Test
    default void aRefusingReceiverIsRetriedUntilDeadAndAManualRetryDelivers() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String solver = unique("solver");
            receiver.answer(500);
            String hook = register(receiver.url("/down"), solver, List.of("settlement.created")).then().statusCode(201)
                    .extract().path("id");
            try {
                create(unique("s"), unique("intent"), solver);
                // the test profile retries after 1 s, 3 attempts: the server clock moves on until it is DEAD
                long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
                while (!"DEAD".equals(given().when().get("/webhooks/" + hook + "/deliveries").path("items[0].status"))) {
                    assertThat(System.nanoTime()).as("dead in time").isLessThan(deadline);
                    clock().advance(2);
                    Thread.sleep(200);
                }
                assertThat(receiver.drain()).hasSize(3);
                given().queryParam("status", "DEAD").when().get("/webhooks/" + hook + "/deliveries").then()
                        .statusCode(200).body("items[0].attempts", equalTo(3))
                        .body("items[0].lastResponseStatus", equalTo(500))
                        .body("items[0].lastError", equalTo("HTTP 500"))
                        .body("items[0].nextAttemptAt", nullValue());

                receiver.answer(204);
                long sequence = ((Number) given().when().get("/webhooks/" + hook + "/deliveries")
                        .path("items[0].eventSequence")).longValue();
                given().when().post("/webhooks/" + hook + "/deliveries/" + sequence + "/retry").then().statusCode(202);
                assertThat(receiver.next(DELIVERY_WAIT)).isNotNull();
                awaitDelivery(hook, "DELIVERED");
            } finally {
                given().when().delete("/webhooks/" + hook).then().statusCode(204);
            }
        }
    }

    private static void awaitDelivery(String hook, String status) throws InterruptedException {
        long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String now = given().when().get("/webhooks/" + hook + "/deliveries").path("items[0].status");
            if (status.equals(now)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the delivery did not become " + status);
    }

    @Test
    default void badWebhookRequestsAre400AndNothingIsRegistered() {
        int before = given().queryParam("limit", 1000).when().get("/webhooks").path("items.size()");
        problem(register("ftp://example.com/x", null, null), 400, "VALIDATION_FAILED")
                .body("errors.url", equalTo("must be an http or https URL"));
        problem(register("not a url", null, null), 400, "VALIDATION_FAILED");
        problem(register("https://example.com/x", null, List.of("settlement.bogus")), 400, "VALIDATION_FAILED")
                .body("errors.types", startsWith("'settlement.bogus' is not one of"));
        problem(given().contentType(ContentType.JSON).body(Map.of("url", "https://example.com", "secret", "mine"))
                .when().post("/webhooks"), 400, "VALIDATION_FAILED");
        problem(given().queryParam("status", "LOST").when().get("/webhooks/we_x/deliveries"), 400, "VALIDATION_FAILED");
        assertThat((int) given().queryParam("limit", 1000).when().get("/webhooks").path("items.size()")).isEqualTo(before);
    }

    /** An id no endpoint can have is not looked up: a NUL made PostgreSQL's query fail, read as the store being down. */
    @Test
    default void idsNoWebhookEndpointCanHaveAreNotFound() {
        for (String odd : new String[] {"a%00b", "%00", "caf%C3%A9"}) {
            problem(given().urlEncodingEnabled(false).when().get("/webhooks/" + odd), 404, "NOT_FOUND");
            problem(given().urlEncodingEnabled(false).when().get("/webhooks/" + odd + "/deliveries"), 404, "NOT_FOUND");
            problem(given().urlEncodingEnabled(false).when().delete("/webhooks/" + odd), 404, "NOT_FOUND");
            problem(given().urlEncodingEnabled(false).when().post("/webhooks/" + odd + "/deliveries/1/retry"), 404,
                    "NOT_FOUND");
        }
    }
}
