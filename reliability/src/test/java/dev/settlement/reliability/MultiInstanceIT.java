package dev.settlement.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.settlement.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two service instances on one backend (one PostgreSQL database, one Redis key prefix, or both for composite).
 * First, threads on both create settlements for two solvers and eight intents as fast as they can, finishing some:
 * never more than {@code max-concurrent-per-solver} active per solver nor two active per intent, checked by sampling
 * during the load and on everything at the end. Then settlements that expire at once are left to both instances'
 * schedulers (every second, no grace): each ends TIMED_OUT with exactly one TIMED_OUT transition, and the time-outs
 * the two instances counted add up to the number of stuck settlements.
 */
class MultiInstanceIT {
    private static final Logger LOG = Logger.getLogger(MultiInstanceIT.class.getName());
    private static final int MAX_PER_SOLVER = 3;
    private static final List<String> SOLVERS = List.of("solver-a", "solver-b");
    private static final int INTENTS = 8;
    /** Creating threads per instance: 3 in CI, 32 in soak mode ({@link Soak}). */
    private static final int THREADS_PER_INSTANCE = Soak.count("rules.threads", 3, 32);
    /**
     * Creates per thread; fewer in a soak, whose point is contention: each solver's settlements must stay within
     * one page of the list (1,000) for the sampler to see every active one.
     */
    private static final int CREATES_PER_THREAD = Soak.count("rules.creates", 100, 25);
    private static final int STUCK = 100;
    private static final Pattern TIMED_OUT = Pattern.compile(
            "^settlement_transitions_total\\{[^}]*to=\"TIMED_OUT\"[^}]*} ([0-9.E]+)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    /**
     * Not SQLite: its store is one process's file, and two service processes on one file is not a deployment this
     * project supports (docs/operations.md: "one instance at a time"), so there is nothing to race.
     */
    static List<String> backends() {
        return Soak.backends("postgres", "redis", "composite");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rulesHoldAndEachStuckSettlementIsTimedOutOnce(String backendName) throws Exception {
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        LOG.info("MultiInstanceIT " + backendName + ": seed " + seed + ", 2 instances x " + THREADS_PER_INSTANCE
                + " threads");
        long started = System.nanoTime();
        try (Backend backend = Backend.start(backendName, dir, false)) {
            List<String> options = backend.options("-Dsettlement.max-concurrent-per-solver=" + MAX_PER_SOLVER,
                    "-Dsettlement.auto-recovery.enabled=true", "-Dsettlement.recovery.interval=1s",
                    "-Dsettlement.stuck-threshold-secs=0");
            CompletableFuture<ServiceProcess> startingB = CompletableFuture.supplyAsync(() -> start(options, backendName + "-b"));
            try (ServiceProcess a = start(options, backendName + "-a"); ServiceProcess b = startingB.join()) {
                List<Http> instances = List.of(new Http(a.baseUrl(), Duration.ofSeconds(30)),
                        new Http(b.baseUrl(), Duration.ofSeconds(30)));
                RuleLoad rules = new RuleLoad(instances, seed);
                rules.run();
                assertThat(rules.unexpected).as("answers a correct service does not give").isEmpty();
                assertThat(rules.violations).as("rule violations seen while sampling").isEmpty();
                Map<String, JsonNode> all = Audit.listAll(instances.get(0));
                assertThat(Audit.ruleViolations(all.values(), MAX_PER_SOLVER)).as("rule violations at the end").isEmpty();
                assertThat(rules.created.get()).isPositive();
                assertThat(rules.capacityRefusals.get() + rules.intentRefusals.get()).as("the rules were tested").isPositive();

                long beforeA = timedOut(instances.get(0));
                long beforeB = timedOut(instances.get(1));
                List<String> stuck = createExpiring(instances, backendName);
                List<JsonNode> timedOut = awaitTimedOut(instances.get(1), stuck, Duration.ofSeconds(60));
                assertThat(timedOut).as("settlements timed out").hasSize(STUCK);
                for (String id : stuck) {
                    Http.Reply history = instances.get(0).get("/settlements/" + id + "/history");
                    List<JsonNode> transitions = new ArrayList<>();
                    history.json().forEach(transitions::add);
                    assertThat(transitions).as("history of %s", id).hasSize(1);
                    assertThat(transitions.get(0).get("toStatus").asText()).isEqualTo("TIMED_OUT");
                    assertThat(instances.get(1).get("/settlements/" + id).json().get("version").asLong()).isEqualTo(2);
                }
                long byA = timedOut(instances.get(0)) - beforeA;
                long byB = timedOut(instances.get(1)) - beforeB;
                assertThat(byA + byB).as("time-outs counted by A (%d) and B (%d)", byA, byB).isEqualTo(STUCK);

                new Figures(Soak.test("multi-instance"), backendName)
                        .put("threads", "2 x " + THREADS_PER_INSTANCE)
                        .put("create attempts", rules.attempts.get())
                        .put("created", rules.created.get())
                        .put("429 capacity", rules.capacityRefusals.get())
                        .put("409 intent active", rules.intentRefusals.get())
                        .put("samples", rules.samples.get())
                        .put("max active per solver seen", rules.maxActiveSeen.get() + " (limit " + MAX_PER_SOLVER + ")")
                        .put("settlements checked", all.size())
                        .put("stuck timed out", STUCK)
                        .put("by instance A / B", byA + " / " + byB)
                        .put("TIMED_OUT transitions per settlement", 1)
                        .put("requests", rules.requests.get())
                        .put("5xx", rules.serverErrors.get())
                        .put("seconds", (System.nanoTime() - started) / 1_000_000_000)
                        .put("seed", seed)
                        .record();
            }
        }
    }

    private ServiceProcess start(List<String> options, String name) {
        try {
            return ServiceProcess.start(Config.JAR, Config.log("multi-instance-" + name), options);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * {@link #STUCK} settlements, half through each instance, each expiring 3 s after it is created (one expiry for
     * all was in the past for the last ones when the 100 creates took over 3 s, as on a busy machine in a soak).
     */
    private static List<String> createExpiring(List<Http> instances, String backendName) throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < STUCK; i++) {
            String id = "stuck-" + backendName + "-" + i;
            long expiresAt = Instant.now().getEpochSecond() + 3;
            Http.Reply created = instances.get(i % 2).post("/settlements", Map.of("id", id, "intentId", "intent-" + id,
                    "userAddress", "cosmos1u", "expiresAt", expiresAt,
                    "inputAsset", Map.of("chainId", "a", "denom", "b", "amount", "1"),
                    "outputAsset", Map.of("chainId", "c", "denom", "d", "amount", "1")));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            ids.add(id);
        }
        return ids;
    }

    private static List<JsonNode> awaitTimedOut(Http http, List<String> ids, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            List<JsonNode> done = new ArrayList<>();
            for (JsonNode record : Audit.listAll(http).values()) {
                if (ids.contains(record.get("id").asText()) && record.get("status").asText().equals("TIMED_OUT")) {
                    done.add(record);
                }
            }
            if (done.size() == ids.size() || System.nanoTime() > deadline) {
                return done;
            }
            Thread.sleep(250);
        }
    }

    /** The instance's count of transitions to TIMED_OUT (all made by its recovery here), from its metrics. */
    private static long timedOut(Http http) throws IOException {
        Http.Reply metrics = http.get("/q/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        Matcher m = TIMED_OUT.matcher(metrics.body());
        long total = 0;
        while (m.find()) {
            total += (long) Double.parseDouble(m.group(1));
        }
        return total;
    }

    /**
     * {@link #THREADS_PER_INSTANCE} threads per instance creating settlements for {@link #SOLVERS} and
     * {@link #INTENTS} intents and failing about half of what they created, while a sampler reads each solver's and
     * intent's settlements from alternating instances and checks the rules on every snapshot.
     */
    private static final class RuleLoad {
        final AtomicLong attempts = new AtomicLong();
        final AtomicLong created = new AtomicLong();
        final AtomicLong capacityRefusals = new AtomicLong();
        final AtomicLong intentRefusals = new AtomicLong();
        final AtomicLong samples = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong serverErrors = new AtomicLong();
        final AtomicInteger maxActiveSeen = new AtomicInteger();
        final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        final Queue<String> violations = new ConcurrentLinkedQueue<>();
        private final List<Http> instances;
        private final long seed;
        private final Map<String, Boolean> mine = new ConcurrentHashMap<>();
        private volatile boolean done;

        RuleLoad(List<Http> instances, long seed) {
            this.instances = instances;
            this.seed = seed;
        }

        void run() throws Exception {
            List<CompletableFuture<Void>> creators = new ArrayList<>();
            for (int t = 0; t < 2 * THREADS_PER_INSTANCE; t++) {
                int index = t;
                creators.add(CompletableFuture.runAsync(() -> create(index, new Random(seed + index)), executor()));
            }
            CompletableFuture<Void> sampler = CompletableFuture.runAsync(this::sample, executor());
            CompletableFuture.allOf(creators.toArray(CompletableFuture[]::new)).get(120, java.util.concurrent.TimeUnit.SECONDS);
            done = true;
            sampler.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }

        private static java.util.concurrent.Executor executor() {
            return runnable -> {
                Thread thread = new Thread(runnable);
                thread.setDaemon(true);
                thread.start();
            };
        }

        private void create(int index, Random random) {
            Http http = instances.get(index % 2);
            for (int n = 0; n < CREATES_PER_THREAD; n++) {
                String id = "rule-" + index + "-" + n;
                String solver = SOLVERS.get(random.nextInt(SOLVERS.size()));
                try {
                    attempts.incrementAndGet();
                    Http.Reply reply = counted(http.post("/settlements", Map.of("id", id,
                            "intentId", "intent-" + random.nextInt(INTENTS), "solverId", solver,
                            "userAddress", "cosmos1u", "inputAsset", Map.of("chainId", "a", "denom", "b", "amount", "1"),
                            "outputAsset", Map.of("chainId", "c", "denom", "d", "amount", "1"))));
                    switch (reply.status()) {
                        case 201 -> {
                            created.incrementAndGet();
                            mine.put(id, true);
                        }
                        case 429 -> capacityRefusals.incrementAndGet();
                        case 409 -> {
                            if ("INTENT_ALREADY_ACTIVE".equals(reply.code())) {
                                intentRefusals.incrementAndGet();
                            } else {
                                unexpected.add("create " + id + " -> " + reply.body());
                            }
                        }
                        default -> unexpected.add("create " + id + " -> " + reply.status() + " " + reply.body());
                    }
                    // free capacity now and then: fail one of the settlements made so far, through either instance
                    // (mine is shared by the threads: another may shrink it at any moment, so its size is read once,
                    // and a pick that comes back empty means no victim this round — never a guessed id)
                    int size = mine.size();
                    String victim = random.nextInt(100) < 55 && size > 0
                            ? mine.keySet().stream().skip(random.nextInt(size)).findFirst().orElse(null)
                            : null;
                    if (victim != null && mine.remove(victim) != null) {
                        Http.Reply failed = counted(instances.get(random.nextInt(2)).post("/settlements/" + victim
                                + "/fail", Map.of("reason", "freeing capacity")));
                        if (failed.status() != 200 && !"INVALID_STATE_TRANSITION".equals(failed.code())) {
                            unexpected.add("fail " + victim + " -> " + failed.status() + " " + failed.body());
                        }
                    }
                } catch (IOException e) {
                    unexpected.add("create " + id + " -> " + e);
                }
            }
        }

        private void sample() {
            int round = 0;
            while (!done) {
                Http http = instances.get(round++ % 2);
                try {
                    for (String solver : SOLVERS) {
                        int active = countActive(counted(http.get("/settlements?limit=1000&solverId=" + solver)));
                        maxActiveSeen.accumulateAndGet(active, Math::max);
                        if (active > MAX_PER_SOLVER) {
                            violations.add(solver + " had " + active + " active");
                        }
                    }
                    for (int intent = 0; intent < INTENTS; intent++) {
                        int active = countActive(
                                counted(http.get("/settlements?limit=1000&intentId=intent-" + intent)));
                        if (active > 1) {
                            violations.add("intent-" + intent + " had " + active + " active");
                        }
                    }
                    samples.incrementAndGet();
                } catch (IOException e) {
                    unexpected.add("sample -> " + e);
                }
            }
        }

        /** Counts a request of the load and, if it was one, a 5xx answer. */
        private Http.Reply counted(Http.Reply reply) {
            requests.incrementAndGet();
            if (reply.status() >= 500) {
                serverErrors.incrementAndGet();
            }
            return reply;
        }

        private int countActive(Http.Reply page) {
            if (page.status() != 200) {
                unexpected.add("sample -> " + page.status() + " " + page.body());
                return 0;
            }
            int active = 0;
            for (JsonNode item : page.json().get("items")) {
                if (Audit.ACTIVE.contains(item.get("status").asText())) {
                    active++;
                }
            }
            return active;
        }
    }
}
