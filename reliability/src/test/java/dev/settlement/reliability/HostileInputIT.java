package dev.settlement.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.settlement.testing.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input at every endpoint of the packaged service (SQLite in CI, every backend that keeps data in soak
 * mode, {@link Soak}): {@link HostileRequests} makes random and adversarial JSON, headers, paths and query strings
 * from a logged seed ({@code -Dreliability.seed=<n>} replays a run). No answer is a 5xx; every error body is a
 * problem (application/problem+json with its status and code) and names no Java class or stack frame; a rejected
 * request changes nothing (the whole list, every record with its version, is compared before and after each
 * rejected POST); bodies over the 64K limit are refused with 413 without the service reading them.
 *
 * <p>Why a seeded generator of our own and not jqwik: jqwik runs on its own JUnit engine, so its properties would
 * need a second engine in failsafe, and since 1.10 its authors ask that it not be used by AI coding agents, which
 * wrote this test. What a fuzzer of HTTP requests needs beyond {@link Random} is the adversarial corpus, which no
 * library supplies; shrinking would add little where every failing input is printed whole.
 */
class HostileInputIT {
    private static final Logger LOG = Logger.getLogger(HostileInputIT.class.getName());
    /** How long 2,500 inputs may take; a round of more may take proportionally longer. */
    private static final Duration TIME_BOUND = Duration.ofSeconds(150);
    private static final int LIMIT = 64 * 1024;
    /** What would betray an internal error or a stack trace in an answer. */
    private static final List<String> LEAKS = List.of("Exception", "\tat ", "at dev.", "at java.", "at io.",
            "at org.", "dev.settlement.", "java.lang", "jakarta.", "io.vertx", "io.quarkus", "org.hibernate",
            "com.fasterxml", "org.jboss");

    /** Inputs in all; 100,000 in soak mode ({@link Soak}). */
    private static final int INPUTS = Soak.count("hostile.inputs", 2500, 100_000);
    /**
     * Inputs per round: each round has a fresh store and service, so the store stays small enough that the whole
     * list, read after every POST, stays cheap however many inputs a soak tries.
     */
    private static final int ROUND = Soak.count("hostile.round", 5000, 5000);

    /** The service of the two 413 tests (SQLite), started by the first of them. */
    private static Target shared;

    /** A service on one backend and the two ways of talking to it. */
    private record Target(Backend backend, ServiceProcess service, RawHttp raw, Http http) implements AutoCloseable {
        static Target start(String backendName, Path dir, String log) throws IOException {
            Backend backend = Backend.start(backendName, Files.createDirectories(dir), false);
            try {
                ServiceProcess service = ServiceProcess.start(Config.JAR, Config.log(log), backend.options());
                return new Target(backend, service, new RawHttp(service.port(), 15_000),
                        new Http(service.baseUrl(), Duration.ofSeconds(15)));
            } catch (IOException | RuntimeException e) {
                backend.close();
                throw e;
            }
        }

        @Override
        public void close() {
            service.stop();
            backend.close();
        }
    }

    private static synchronized Target shared() throws IOException {
        if (shared == null) {
            shared = Target.start("sqlite", Files.createTempDirectory("hostile-input-"), "hostile-input");
        }
        return shared;
    }

    @AfterAll
    static void stop() {
        if (shared != null) {
            shared.close();
        }
    }

    /** SQLite in CI; every backend that keeps data in soak mode. */
    static List<String> backends() {
        return Soak.ON ? Soak.backends("sqlite", "postgres", "redis", "composite") : Soak.backends("sqlite");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void randomAndAdversarialRequestsAreRefusedCleanlyAndChangeNothing(String backendName) throws Exception {
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        LOG.info("HostileInputIT " + backendName + ": seed " + seed + " (replay with -Dreliability.seed=" + seed + ")");
        long started = System.nanoTime();
        Path dir = Files.createTempDirectory("hostile-input-" + backendName + "-");
        Map<Integer, Integer> statuses = new TreeMap<>();
        int tried = 0;
        int rejectedWrites = 0;
        int accepted = 0;
        int bare = 0;
        int checked = 0;
        int rounds = 0;
        while (tried < INPUTS) {
            int round = rounds++;
            try (Target target = Target.start(backendName, dir.resolve("round-" + round),
                    "hostile-input-" + backendName)) {
                // round r draws from seed + r: the first round of a run is what CI runs with that seed
                HostileRequests requests = new HostileRequests(new Random(seed + round), seedSettlements(target.http()));
                String snapshot = snapshot(target.http());
                List<String> failures = new ArrayList<>();
                int inRound = Math.min(ROUND, INPUTS - tried);
                long deadline = System.nanoTime() + TIME_BOUND.toNanos() * inRound / 2500;
                int n = 0;
                while (n < inRound && System.nanoTime() < deadline && failures.size() < 20) {
                    HostileRequests.Request request = requests.next();
                    n++;
                    RawHttp.Response response = target.raw().send(request.method(), request.target(),
                            request.headers(), request.body());
                    statuses.merge(response.status(), 1, Integer::sum);
                    if (isBareHttpRefusal(response)) {
                        bare++;
                    }
                    String problem = judge(response, request.method().equals("HEAD"));
                    if (problem != null) {
                        failures.add(problem + "\n    for " + request);
                        continue;
                    }
                    if (request.method().equals("POST")) {
                        String after = snapshot(target.http());
                        if (response.status() >= 400) {
                            rejectedWrites++;
                            if (!after.equals(snapshot)) {
                                failures.add("a rejected request (" + response.status() + ") changed stored data\n    for "
                                        + request);
                            }
                        } else {
                            accepted++;
                        }
                        snapshot = after;
                    }
                    if ((tried + n) % 10_000 == 0) {
                        Soak.progress("HostileInputIT " + backendName + ": " + (tried + n) + " of " + INPUTS
                                + " inputs, " + (System.nanoTime() - started) / 1_000_000_000 + " s");
                    }
                }
                tried += n;
                assertThat(failures).as("seed %d, round %d (random seed %d)", seed, round, seed + round).isEmpty();
                Audit.Result audit = Audit.run(target.http(), new Journal(), 10);
                assertThat(audit.problems()).isEmpty();
                checked += audit.records().size();
                if (n < inRound) {
                    // the time bound cut the round short: CI accepts fewer inputs, a soak must try them all
                    assertThat(Soak.ON).as("soak: round %d tried %d of %d inputs within its time bound", round, n,
                            inRound).isFalse();
                    break;
                }
            }
        }
        new Figures(Soak.test("hostile-input"), backendName)
                .put("inputs tried", tried)
                .put("rejected writes compared", rejectedWrites)
                .put("accepted writes", accepted)
                .put("answers by status", statuses.toString())
                .put("bare HTTP-layer 4xx", bare)
                .put("5xx", statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToInt(Map.Entry::getValue).sum())
                .put("settlements checked", checked)
                .put("rounds (fresh store each)", rounds)
                .put("seconds", (System.nanoTime() - started) / 1_000_000_000)
                .put("seed", seed)
                .record();
    }

    @Test
    void aBodyOverTheLimitIs413AndOneAtTheLimitIsRead() throws Exception {
        RawHttp raw = shared().raw();
        Http http = shared().http();
        String snapshot = snapshot(http);
        RawHttp.Response over = raw.send("POST", "/settlements", json(), RawHttp.Body.of(paddedCreate(LIMIT + 1)));
        assertProblem(over, 413, "PAYLOAD_TOO_LARGE");
        RawHttp.Response at = raw.send("POST", "/settlements", json(), RawHttp.Body.of(paddedCreate(LIMIT)));
        assertThat(at.status()).as(at.body()).isEqualTo(201);
        snapshot = snapshot(http);
        RawHttp.Response chunked = raw.send("POST", "/settlements", json(),
                new RawHttp.Body(paddedCreate(LIMIT * 2).getBytes(StandardCharsets.UTF_8), true, null));
        // a chunked body is cut off by Vert.x itself when it passes the limit: 413, but without a problem body
        assertThat(chunked.status()).as(chunked.body()).isEqualTo(413);
        assertThat(judge(chunked, false)).isNull();
        assertThat(snapshot(http)).as("nothing stored from refused bodies").isEqualTo(snapshot);
    }

    @Test
    void aDeclaredOversizedBodyIsRefusedBeforeItIsSent() throws Exception {
        // declares 100 MB and sends 1 KB: an answer can only come before the body is read
        RawHttp.Response refused = shared().raw().send("POST", "/settlements", json(),
                new RawHttp.Body(new byte[1024], false, 100L * 1024 * 1024));
        assertProblem(refused, 413, "PAYLOAD_TOO_LARGE");
        assertThat(refused.millis()).as("answered without waiting for the body").isLessThan(5_000);
        new Figures(Soak.test("hostile-input"), "sqlite (413)")
                .put("413 for a declared 100 MB body after ms", refused.millis())
                .record();
    }

    /** Null if the answer is acceptable, otherwise what is wrong with it. A HEAD answer has no body to judge. */
    private static String judge(RawHttp.Response response, boolean head) {
        if (response.status() < 100) {
            return "no HTTP answer: " + response.body();
        }
        if (response.status() >= 500) {
            return "answered " + response.status() + ": " + response.body();
        }
        for (String leak : LEAKS) {
            if (response.status() >= 400 && response.body().contains(leak)) {
                return "answer " + response.status() + " shows internals (" + leak + "): " + response.body();
            }
        }
        if (response.status() >= 400 && !head && !isBareHttpRefusal(response)) {
            if (!response.contentType().startsWith("application/problem+json")) {
                return "error " + response.status() + " is not a problem (" + response.contentType() + "): "
                        + response.body();
            }
            try {
                JsonNode problem = Http.JSON.readTree(response.body());
                if (problem.path("status").asInt() != response.status() || problem.path("code").asText().isEmpty()) {
                    return "problem without its status or code: " + response.body();
                }
            } catch (IOException e) {
                return "problem body is not JSON: " + response.body();
            }
        }
        return null;
    }

    /**
     * Vert.x refuses some requests before any route of the service sees them (a request target it cannot decode, a
     * URI or header block over its limits, a chunked body over the limit): status only, no body. Known and listed
     * in docs/reliability.md; they are counted, not failed, as long as they stay bare 4xx.
     */
    static boolean isBareHttpRefusal(RawHttp.Response response) {
        return List.of(400, 413, 414, 431).contains(response.status()) && response.body().isEmpty();
    }

    private static void assertProblem(RawHttp.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(judge(response, false)).isNull();
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }

    /** The whole store as the list shows it: any write changes a version, a status or the set of ids. */
    private static String snapshot(Http http) throws IOException {
        Http.Reply list = http.get("/settlements?limit=1000");
        assertThat(list.status()).isEqualTo(200);
        return list.body();
    }

    /** Settlements in every status for the requests to aim at. */
    private static List<String> seedSettlements(Http http) throws IOException {
        List<String> ids = new ArrayList<>();
        String[][] paths = {{}, {"USER_LOCKED"}, {"USER_LOCKED", "SOLVER_LOCKED"},
            {"USER_LOCKED", "SOLVER_LOCKED", "IBC_TRANSFER_STARTED"}, {"FAIL"}};
        for (int i = 0; i < paths.length; i++) {
            String id = "target-" + i;
            Http.Reply created = http.post("/settlements", Map.of("id", id, "intentId", "intent-" + i,
                    "solverId", "solver-1", "userAddress", "cosmos1u",
                    "inputAsset", Map.of("chainId", "a", "denom", "b", "amount", "1"),
                    "outputAsset", Map.of("chainId", "c", "denom", "d", "amount", "1")));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            for (String step : paths[i]) {
                Http.Reply moved = step.equals("FAIL")
                        ? http.post("/settlements/" + id + "/fail", Map.of("reason", "seeded"))
                        : http.post("/settlements/" + id + "/events", switch (step) {
                            case "USER_LOCKED" -> Map.of("type", step, "escrowId", "e");
                            case "SOLVER_LOCKED" -> Map.of("type", step, "bondId", "b");
                            default -> Map.of("type", step, "sequence", 1);
                        });
                assertThat(moved.status()).as(moved.body()).isEqualTo(200);
            }
            ids.add(id);
        }
        return ids;
    }

    private static List<String[]> json() {
        return List.<String[]>of(new String[] {"Content-Type", "application/json"});
    }

    /** A valid create request padded with spaces to exactly {@code size} bytes. */
    private static String paddedCreate(int size) {
        String body = "{\"intentId\":\"padded-" + size + "\",\"userAddress\":\"u\","
                + "\"inputAsset\":{\"chainId\":\"a\",\"denom\":\"b\",\"amount\":\"1\"},"
                + "\"outputAsset\":{\"chainId\":\"c\",\"denom\":\"d\",\"amount\":\"1\"}}";
        return body.substring(0, body.length() - 1) + " ".repeat(size - body.length()) + "}";
    }
}
