package dev.settlement.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.testing.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.logging.Logger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crash safety: the packaged service under load is killed with SIGKILL at random moments and started again, five
 * times ({@code -Dreliability.crash.kills}; 100 in soak mode, {@link Soak}); on the Redis backends one kill in ten
 * (the third, the thirteenth, …) takes Redis down with it (SIGKILL; it comes back from its append-only file).
 * Afterwards every write the service acknowledged is there with its full history, nothing is half-written and
 * versions agree with histories ({@link Audit}). The kill moments come from a seed that is logged;
 * {@code -Dreliability.seed=<n>} replays them.
 */
class CrashIT {
    private static final Logger LOG = Logger.getLogger(CrashIT.class.getName());
    private static final int KILLS = Soak.count("crash.kills", 5, 100);
    /**
     * A kill comes after 10 + up to this many more acknowledged writes; a soak kills sooner, since what it adds is
     * the number of kills (the restart, 3-4 s, is most of each round).
     */
    private static final int WRITES_BETWEEN_KILLS = Soak.ON ? 40 : 150;
    private static final int THREADS = 4;
    private static final int MAX_PER_SOLVER = 1000;

    @TempDir
    Path dir;

    static List<String> backends() {
        return Soak.backends("sqlite", "postgres", "redis", "composite");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void acknowledgedWritesSurviveKills(String backendName) throws Exception {
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        LOG.info("CrashIT " + backendName + ": seed " + seed + " (replay with -Dreliability.seed=" + seed + ")");
        Random random = new Random(seed);
        long started = System.nanoTime();
        Journal journal = new Journal();
        try (Backend backend = Backend.start(backendName, dir, false);
             ServiceProcess service = ServiceProcess.start(Config.JAR, Config.log("crash-" + backendName),
                     backend.options("-Dsettlement.max-concurrent-per-solver=" + MAX_PER_SOLVER))) {
            Http http = new Http(service.baseUrl(), Duration.ofSeconds(30));
            Workload load = new Workload(http, journal, "crash", 8, seed);
            load.start(THREADS);
            int redisKills = 0;
            for (int kill = 1; kill <= KILLS; kill++) {
                // a random moment, counted in acknowledged writes so that a slow machine still kills mid-load
                long target = journal.writes() + 10 + random.nextInt(WRITES_BETWEEN_KILLS);
                assertThat(journal.awaitWrites(target, Duration.ofSeconds(60)))
                        .as("%d writes acknowledged before kill %d; load: %s", target, kill, load).isTrue();
                Thread.sleep(random.nextInt(200));
                service.kill();
                if (backend.redis != null && kill % 10 == 3) {
                    backend.redis.kill();
                    backend.redis.restart();
                    redisKills++;
                }
                service.start();
                if (kill % 10 == 0) {
                    Soak.progress("CrashIT " + backendName + ": " + kill + " of " + KILLS + " kills, " + journal.writes()
                            + " writes acknowledged, " + (System.nanoTime() - started) / 1_000_000_000 + " s");
                }
            }
            assertThat(journal.awaitWrites(journal.writes() + 50, Duration.ofSeconds(60))).isTrue();
            assertThat(load.stop(Duration.ofSeconds(40))).as("load threads ended (none hangs)").isTrue();

            Audit.Result audit = Audit.run(http, journal, MAX_PER_SOLVER);
            assertThat(load.unexpected()).as("answers a correct service does not give").isEmpty();
            assertThat(audit.problems()).as("audit").isEmpty();
            assertThat(audit.lost()).isZero();
            assertThat(journal.acks()).isNotEmpty();
            new Figures(Soak.test("crash"), backendName)
                    .put("kills survived", KILLS + (redisKills > 0 ? " (+" + redisKills + " of Redis)" : ""))
                    .put("requests", load.requests.get())
                    .put("writes acknowledged", journal.writes())
                    .put("settlements checked", audit.records().size())
                    .put("transitions checked", audit.transitions())
                    .put("lost", audit.lost())
                    .put("503 STORE_UNAVAILABLE", load.unavailable.get())
                    .put("5xx", load.serverErrors.get())
                    .put("seconds", (System.nanoTime() - started) / 1_000_000_000)
                    .put("seed", seed)
                    .record();
        }
    }
}
