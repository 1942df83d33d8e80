package dev.settlement.service;

import static dev.settlement.service.SettlementApiContract.settlement;
import static dev.settlement.service.SettlementApiContract.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.settlement.api.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code settlement.auth.enabled}: every endpoint for every kind of caller, with the exact status; refusals are
 * problem details and change nothing; changes record the token's subject as their actor.
 */
@QuarkusTest
@TestProfile(Profiles.Auth.class)
class AuthApiTest {
    private static final String PROBLEM = "application/problem+json";

    /** Who calls: no token, three unusable tokens, then one valid token per role. */
    enum Caller {
        NONE, BAD_SIGNATURE, EXPIRED, WRONG_ISSUER, READER, SOLVER, OPERATOR;

        static final List<Caller> UNAUTHENTICATED = List.of(NONE, BAD_SIGNATURE, EXPIRED, WRONG_ISSUER);
    }

    // per test (JUnit makes an instance per test), so that solver capacity and histories never carry over
    private final String solverId = unique("solver");
    private final String otherSolverId = unique("solver");
    private final String operatorId = unique("ops");

    @Inject
    MutableClock clock;

    /** A settlement of solverId, one of otherSolverId and one without a solver, fresh for each test. */
    private String own;
    private String others;
    private String solverless;

    @BeforeEach
    void settlements() {
        own = create(solverId);
        others = create(otherSolverId);
        solverless = create(null);
    }

    // ---- the endpoints ----------------------------------------------------------------------------------------------

    /** One request of the API: what it does, given a caller and the id of the settlement it concerns. */
    private record Call(String name, Function<RequestSpecification, Response> send) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Call> reads(String id) {
        String intent = "intent-" + id;
        return List.of(
                new Call("GET /settlements/{id}", r -> r.get("/settlements/" + id)),
                new Call("GET /settlements/{id}/history", r -> r.get("/settlements/" + id + "/history")),
                new Call("GET /settlements", r -> r.get("/settlements?limit=10")),
                new Call("GET /settlements/stuck", r -> r.get("/settlements/stuck")),
                new Call("GET /intents/{intentId}/settlement", r -> r.get("/intents/" + intent + "/settlement")),
                new Call("GET /events", r -> r.get("/events?limit=10")),
                new Call("GET /q/metrics", r -> r.get("/q/metrics")),
                new Call("GET /q/openapi", r -> r.get("/q/openapi")),
                new Call("GET /q/swagger-ui", r -> r.redirects().follow(false).get("/q/swagger-ui/")));
    }

    /** Every change to settlement {@code id}, and a create for {@code solverId} (null: none). */
    private static List<Call> changes(String id, String solverId) {
        return List.of(
                new Call("POST /settlements", r -> r.contentType(ContentType.JSON)
                        .body(settlement(unique("new"), unique("intent"), solverId)).post("/settlements")),
                new Call("POST /settlements/{id}/events", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("type", "USER_LOCKED", "escrowId", "e-1")).post("/settlements/" + id + "/events")),
                new Call("POST /settlements/{id}/complete", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("result", "TIMEOUT")).post("/settlements/" + id + "/complete")),
                new Call("POST /settlements/{id}/fail", r -> r.contentType(ContentType.JSON)
                        .body(Map.of("reason", "gave up")).post("/settlements/" + id + "/fail")));
    }

    private static final Call RECOVERY = new Call("POST /recovery/run", r -> r.post("/recovery/run"));

    // ---- no valid token -----------------------------------------------------------------------------------------------

    @Test
    void healthAnswersAnyoneEvenWithABadToken() {
        for (Caller caller : List.of(Caller.NONE, Caller.BAD_SIGNATURE, Caller.EXPIRED, Caller.READER)) {
            for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready")) {
                as(caller).get(path).then().statusCode(200);
            }
        }
    }

    /**
     * Readiness tells everyone whether the store is up; what the store says about itself (its URL, SQLite path, Redis
     * key prefix …) only a caller whose token verifies may read.
     */
    @Test
    void readinessShowsTheStoresDetailsOnlyWithAValidToken() {
        for (Caller caller : List.of(Caller.NONE, Caller.BAD_SIGNATURE, Caller.EXPIRED, Caller.WRONG_ISSUER)) {
            for (String path : List.of("/q/health", "/q/health/ready")) {
                as(caller).get(path).then().statusCode(200).body("status", equalTo("UP"))
                        .body("checks.find { it.name == 'settlement-store' }.status", equalTo("UP"))
                        .body("checks.find { it.name == 'settlement-store' }", not(hasKey("data")));
            }
        }
        for (Caller caller : List.of(Caller.READER, Caller.SOLVER, Caller.OPERATOR)) {
            for (String path : List.of("/q/health", "/q/health/ready")) {
                as(caller).get(path).then().statusCode(200)
                        .body("checks.find { it.name == 'settlement-store' }.data.backend",
                                equalTo("memory"));
            }
        }
    }

    @Test
    void withoutAValidTokenEveryOtherEndpointIs401AndChangesNothing() {
        String stuck = createStuck();
        for (Caller caller : Caller.UNAUTHENTICATED) {
            for (Call call : all(own, solverId)) {
                String before = state(own, stuck);
                ExtractableResponse<Response> response = call.send().apply(as(caller)).then().extract();
                assertThat(response.statusCode()).as("%s with %s", call, caller).isEqualTo(401);
                assertThat(response.header("WWW-Authenticate")).as("%s with %s", call, caller).isEqualTo("Bearer");
                assertProblem(response, "UNAUTHORIZED", call + " with " + caller);
                assertThat(state(own, stuck)).as("%s with %s wrote nothing", call, caller).isEqualTo(before);
            }
        }
    }

    // ---- readers ------------------------------------------------------------------------------------------------------

    @Test
    void readersReadEverythingAndChangeNothing() {
        String stuck = createStuck();
        for (Call read : reads(own)) {
            assertThat(read.send().apply(as(Caller.READER)).statusCode()).as(read.name()).isEqualTo(200);
        }
        for (Call change : withRecovery(changes(own, solverId))) {
            assertRefused(Caller.READER, change, own, stuck);
        }
    }

    // ---- solvers ------------------------------------------------------------------------------------------------------

    @Test
    void solversReadEverything() {
        for (Call read : reads(others)) {
            assertThat(read.send().apply(as(Caller.SOLVER)).statusCode()).as(read.name()).isEqualTo(200);
        }
    }

    @Test
    void aSolverCreatesOnlyItsOwnSettlements() {
        String stuck = createStuck();
        assertRefused(Caller.SOLVER, changes(own, otherSolverId).get(0), own, stuck);
        assertRefused(Caller.SOLVER, changes(own, null).get(0), own, stuck);
        changes(own, solverId).get(0).send().apply(as(Caller.SOLVER)).then().statusCode(201);
    }

    @Test
    void aSolverChangesOnlyItsOwnSettlements() {
        String stuck = createStuck();
        for (Call change : changes(others, solverId).subList(1, 4)) {
            assertRefused(Caller.SOLVER, change, others, stuck);
        }
        for (Call change : changes(solverless, solverId).subList(1, 4)) {
            assertRefused(Caller.SOLVER, change, solverless, stuck);
        }
        assertRefused(Caller.SOLVER, RECOVERY, own, stuck);

        List<Call> ownChanges = changes(own, solverId);
        ownChanges.get(1).send().apply(as(Caller.SOLVER)).then().statusCode(200).body("status", equalTo("USER_LOCKED"));
        ownChanges.get(3).send().apply(as(Caller.SOLVER)).then().statusCode(200).body("status", equalTo("FAILED"));
        String another = create(solverId);
        changes(another, solverId).get(2).send().apply(as(Caller.SOLVER)).then().statusCode(200)
                .body("status", equalTo("TIMED_OUT"));
    }

    @Test
    void anUnknownSettlementIsStill404ForASolver() {
        for (Call change : changes("no-such-settlement", solverId).subList(1, 4)) {
            ExtractableResponse<Response> response = change.send().apply(as(Caller.SOLVER)).then().extract();
            assertThat(response.statusCode()).as(change.name()).isEqualTo(404);
            assertProblem(response, "NOT_FOUND", change.name());
        }
    }

    @Test
    void aSolverFollowsOnlyItsOwnSettlementsEvents() {
        List<String> seen = as(Caller.SOLVER).get("/events?limit=1000").then().statusCode(200)
                .extract().path("items.solverId");
        assertThat(seen).isNotEmpty().containsOnly(solverId);
        ExtractableResponse<Response> others = as(Caller.SOLVER).get("/events?solverId=" + otherSolverId).then()
                .extract();
        assertThat(others.statusCode()).isEqualTo(403);
        assertProblem(others, "FORBIDDEN", "a solver asking for another solver's events");
        List<String> all = as(Caller.READER).get("/events?limit=1000").then().statusCode(200)
                .extract().path("items.solverId");
        assertThat(all).contains(solverId, otherSolverId);
    }

    @Test
    void webhooksAreForOperatorsOnly() {
        Map<String, Object> hook = Map.of("url", "http://127.0.0.1:9/hook", "solverId", solverId);
        for (Caller caller : List.of(Caller.READER, Caller.SOLVER)) {
            for (Call call : List.of(new Call("GET /webhooks", r -> r.get("/webhooks")),
                    new Call("POST /webhooks", r -> r.contentType(ContentType.JSON).body(hook).post("/webhooks")))) {
                ExtractableResponse<Response> response = call.send().apply(as(caller)).then().extract();
                assertThat(response.statusCode()).as("%s by %s", call, caller).isEqualTo(403);
                assertProblem(response, "FORBIDDEN", call + " by " + caller);
            }
        }
        as(Caller.NONE).get("/webhooks").then().statusCode(401);
        String id = as(Caller.OPERATOR).contentType(ContentType.JSON).body(hook).post("/webhooks").then()
                .statusCode(201).extract().path("id");
        as(Caller.OPERATOR).get("/webhooks/" + id).then().statusCode(200);
        as(Caller.READER).get("/webhooks/" + id + "/deliveries").then().statusCode(403);
        as(Caller.OPERATOR).delete("/webhooks/" + id).then().statusCode(204);
    }

    // ---- operators ----------------------------------------------------------------------------------------------------

    @Test
    void operatorsMayDoEverything() {
        for (Call read : reads(own)) {
            assertThat(read.send().apply(as(Caller.OPERATOR)).statusCode()).as(read.name()).isEqualTo(200);
        }
        changes(own, otherSolverId).get(0).send().apply(as(Caller.OPERATOR)).then().statusCode(201);
        changes(own, null).get(0).send().apply(as(Caller.OPERATOR)).then().statusCode(201);
        changes(own, solverId).get(1).send().apply(as(Caller.OPERATOR)).then().statusCode(200);
        changes(others, solverId).get(2).send().apply(as(Caller.OPERATOR)).then().statusCode(200);
        changes(solverless, solverId).get(3).send().apply(as(Caller.OPERATOR)).then().statusCode(200);
        String stuck = createStuck();
        RECOVERY.send().apply(as(Caller.OPERATOR)).then().statusCode(200);
        as(Caller.OPERATOR).get("/settlements/" + stuck).then().body("status", equalTo("TIMED_OUT"));
    }

    // ---- audit --------------------------------------------------------------------------------------------------------

    @Test
    void everyChangeRecordsTheSubjectOfItsToken() {
        // the subject, even where the token also names a upn (which SmallRye JWT makes the principal's name)
        String withUpn = token(solverId, "solver").upn("someone@example.test").sign();
        given().auth().oauth2(withUpn).contentType(ContentType.JSON).body(Map.of("type", "USER_LOCKED", "escrowId", "e-1"))
                .post("/settlements/" + own + "/events").then().statusCode(200);
        as(Caller.OPERATOR).contentType(ContentType.JSON).body(Map.of("reason", "operator stopped it"))
                .post("/settlements/" + own + "/fail").then().statusCode(200);
        String stuck = createStuck();
        as(Caller.OPERATOR).post("/recovery/run").then().statusCode(200);

        as(Caller.READER).get("/settlements/" + own + "/history").then().statusCode(200)
                .body("toStatus", contains("USER_LOCKED", "FAILED"))
                .body("actor", contains(solverId, operatorId));
        as(Caller.READER).get("/settlements/" + stuck + "/history").then().statusCode(200)
                .body("actor", contains(operatorId)); // who pressed the button
    }

    // ---- helpers ------------------------------------------------------------------------------------------------------

    private static List<Call> all(String id, String solverId) {
        List<Call> all = new java.util.ArrayList<>(reads(id));
        all.addAll(withRecovery(changes(id, solverId)));
        return all;
    }

    private static List<Call> withRecovery(List<Call> changes) {
        List<Call> all = new java.util.ArrayList<>(changes);
        all.add(RECOVERY);
        return all;
    }

    /** {@code call} by {@code caller} is 403 FORBIDDEN and leaves settlement {@code id} and everything else as it was. */
    private void assertRefused(Caller caller, Call call, String id, String stuck) {
        String before = state(id, stuck);
        ExtractableResponse<Response> response = call.send().apply(as(caller)).then().extract();
        assertThat(response.statusCode()).as("%s by %s: %s", call, caller, response.asString()).isEqualTo(403);
        assertProblem(response, "FORBIDDEN", call + " by " + caller);
        assertThat(state(id, stuck)).as("%s by %s wrote nothing", call, caller).isEqualTo(before);
    }

    private static void assertProblem(ExtractableResponse<Response> response, String code, String what) {
        assertThat(response.contentType()).as(what).startsWith(PROBLEM);
        assertThat(response.<String>path("code")).as(what).isEqualTo(code);
        assertThat(response.<Integer>path("status")).as(what).isEqualTo(response.statusCode());
        assertThat(response.asString()).as(what).doesNotContain("Exception");
    }

    /** Everything a refused request could have changed: every settlement, and the two named ones' histories. */
    private String state(String id, String stuck) {
        return as(Caller.OPERATOR).get("/settlements?limit=1000").asString()
                + as(Caller.OPERATOR).get("/settlements/" + id + "/history").asString()
                + as(Caller.OPERATOR).get("/settlements/" + stuck).asString();
    }

    private String create(String solverId) {
        String id = unique("s");
        as(Caller.OPERATOR).contentType(ContentType.JSON).body(settlement(id, "intent-" + id, solverId))
                .post("/settlements").then().statusCode(201);
        return id;
    }

    /** A settlement recovery would time out now: expired, past the 60 s stuck threshold of the test profile. */
    private String createStuck() {
        String id = unique("stuck");
        Map<String, Object> body = settlement(id, "intent-" + id, null);
        body.put("expiresAt", clock.now() + 1);
        as(Caller.OPERATOR).contentType(ContentType.JSON).body(body).post("/settlements").then().statusCode(201);
        clock.advance(62);
        return id;
    }

    private RequestSpecification as(Caller caller) {
        String token = switch (caller) {
            case NONE -> null;
            case BAD_SIGNATURE -> token(solverId, "solver").sign(otherKey());
            case EXPIRED -> token(solverId, "solver").issuedAt(now() - 7200).expiresAt(now() - 3600).sign();
            case WRONG_ISSUER -> token(solverId, "solver").issuer("https://elsewhere.test").sign();
            case READER -> token("reader-1", "reader").sign();
            case SOLVER -> token(solverId, "solver").sign();
            case OPERATOR -> token(operatorId, "operator").sign();
        };
        return token == null ? given() : given().auth().oauth2(token);
    }

    private static io.smallrye.jwt.build.JwtClaimsBuilder token(String subject, String role) {
        return Jwt.issuer(Profiles.Auth.ISSUER).subject(subject).groups(role).expiresIn(300);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** A key the service does not know: its signatures must not verify. */
    private static PrivateKey otherKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
