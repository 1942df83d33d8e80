package dev.settlement.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.testing.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Logger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backend outages: under load the backend (a server of the test's own) is stopped, PostgreSQL immediately as in a
 * crash, Redis by a kill, then started again. While it is away every request is answered, fast, with 503
 * STORE_UNAVAILABLE (no request waits longer than the configured timeouts allow, no load thread hangs) and readiness
 * is DOWN while liveness stays UP; once it is back the service is ready again by itself, writes succeed, and the
 * {@link Audit} finds every acknowledged write and nothing half-written.
 */
class OutageIT {
    private static final Logger LOG = Logger.getLogger(OutageIT.class.getName());
    /**
     * The longest a request may take while the backend is away. PostgreSQL: 3 s to get a pooled connection or to
     * connect, so a request that needs one fresh connection stays well under 10 s. Redis: the client's 5 s timeout.
     */
    private static final long MAX_OUTAGE_MILLIS = 10_000;
    private static final Duration OUTAGE = Duration.ofSeconds(6);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "redis", "composite"})
    void requestsFailFastAndTheServiceRecoversByItself(String backendName) throws Exception {
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        LOG.info("OutageIT " + backendName + ": seed " + seed);
        Journal journal = new Journal();
        try (Backend backend = Backend.start(backendName, dir, true);
             ServiceProcess service = ServiceProcess.start(Config.JAR, Config.log("outage-" + backendName),
                     backend.options("-Dsettlement.max-concurrent-per-solver=1000"))) {
            Http http = new Http(service.baseUrl(), Duration.ofSeconds(30));
            Workload load = new Workload(http, journal, "outage", 8, seed);
            load.start(4);
            assertThat(journal.awaitWrites(100, Duration.ofSeconds(60))).as("load: %s", load).isTrue();

            long writesBefore = journal.writes();
            long stoppedAt = System.nanoTime();
            takeAway(backend);
            long downMillis = service.awaitReadiness(status -> status == 503, Duration.ofSeconds(20));
            assertThat(downMillis).as("readiness DOWN after the backend went away").isNotNegative();
            assertThat(http.get("/q/health/live").status()).isEqualTo(200);
            Http.Reply read = http.get("/settlements/outage-0-0");
            assertThat(read.status()).as(read.body()).isEqualTo(503);
            assertThat(read.code()).isEqualTo("STORE_UNAVAILABLE");
            assertThat(read.header("Content-Type")).startsWith("application/problem+json");
            long remaining = OUTAGE.toMillis() - (System.nanoTime() - stoppedAt) / 1_000_000;
            Thread.sleep(Math.max(0, remaining));
            long unavailableAnswers = load.unavailable.get();
            assertThat(unavailableAnswers).as("503s during the outage").isPositive();

            bringBack(backend);
            long restartedAt = System.nanoTime();
            long upMillis = service.awaitReadiness(status -> status == 200, Duration.ofSeconds(60));
            assertThat(upMillis).as("ready again by itself").isNotNegative();
            assertThat(journal.awaitWrites(journal.writes() + 100, Duration.ofSeconds(60)))
                    .as("writes succeed after the backend returned; load: %s", load).isTrue();
            long firstWriteAfter = (System.nanoTime() - restartedAt) / 1_000_000;
            assertThat(load.stop(Duration.ofSeconds(40))).as("load threads ended (none hangs)").isTrue();

            assertThat(load.unexpected()).as("answers a correct service does not give").isEmpty();
            assertThat(load.connectionFailures.get()).as("requests that got no answer within 30 s").isZero();
            assertThat(load.maxUnavailableMillis.get()).as("slowest 503").isLessThanOrEqualTo(MAX_OUTAGE_MILLIS);
            Audit.Result audit = Audit.run(http, journal, 1000);
            assertThat(audit.problems()).as("audit").isEmpty();
            assertThat(audit.lost()).isZero();
            new Figures("outage", backendName)
                    .put("stopped", backendName.equals("postgres") ? "PostgreSQL" : "Redis")
                    .put("outage s", OUTAGE.toSeconds())
                    .put("503 answers", unavailableAnswers)
                    .put("slowest 503 ms", load.maxUnavailableMillis.get())
                    .put("ready DOWN after ms", downMillis)
                    .put("ready UP after return ms", upMillis)
                    .put("writes flowing again after ms", firstWriteAfter)
                    .put("writes acknowledged", journal.writes())
                    .put("of them before the outage", writesBefore)
                    .put("settlements checked", audit.records().size())
                    .put("lost", audit.lost())
                    .record();
        }
    }

    /** PostgreSQL (for composite: Redis, its hot side) goes away. */
    private static void takeAway(Backend backend) {
        if (backend.redis != null) {
            backend.redis.kill();
        } else {
            backend.postgres.stop();
        }
    }

    private static void bringBack(Backend backend) throws java.io.IOException {
        if (backend.redis != null) {
            backend.redis.restart();
        } else {
            backend.postgres.restart();
        }
    }
}
