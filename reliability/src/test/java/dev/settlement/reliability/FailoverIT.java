package dev.settlement.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.testing.RedisServerProcess;
import dev.settlement.testing.ServiceBackend;
import dev.settlement.testing.ServiceProcess;
import dev.settlement.testing.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PostgreSQL primary failover (issue 15): a primary streaming to a hot standby, the service on both through a
 * multi-host URL ({@code targetServerType=primary}); on the postgres backend, and on the composite, whose archive it
 * is (with its Redis append-only, so only PostgreSQL fails). Under load the primary is killed with SIGKILL and the standby
 * promoted, as Patroni or a managed service would. Meanwhile every request is answered with 503 STORE_UNAVAILABLE
 * (never a 500, never a hang), readiness goes DOWN and comes back by itself. Just before the kill the standby lags for
 * a second (the primary's WAL sender stopped). With a synchronous standby the audit then finds every acknowledged write with
 * its history; with an asynchronous one the writes acknowledged during the lag are gone, and the test counts them:
 * the reason to run PostgreSQL with a synchronous standby.
 */
class FailoverIT {
    private static final Logger LOG = Logger.getLogger(FailoverIT.class.getName());
    /** How long the standby lags behind just before the primary dies. */
    private static final Duration LAG = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"postgres, synchronous", "postgres, asynchronous", "composite, synchronous"})
    void theServiceFollowsAPromotedStandby(String backend, String replication) throws Exception {
        boolean synchronous = replication.equals("synchronous");
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        LOG.info("FailoverIT " + backend + ", " + replication + ": seed " + seed);
        Journal journal = new Journal();
        boolean composite = backend.equals("composite");
        try (StandbyPair postgres = StandbyPair.start(synchronous);
             RedisServerProcess redis = composite ? TestRedis.startDedicated(dir.resolve("redis"), true) : null) {
            List<String> options = new ArrayList<>(ServiceBackend.options(backend, dir.resolve("unused.db"),
                    postgres.both(), composite ? redis.url() : null, null));
            options.add("-Dsettlement.max-concurrent-per-solver=1000");
            if (composite) {
                // finished settlements move to PostgreSQL within seconds, so the failover hits the archive's writes
                options.addAll(Backend.ARCHIVE_SOON);
            }
            try (ServiceProcess service = ServiceProcess.start(Config.JAR, Config.log("failover-" + backend + "-" + replication),
                    options)) {
                Http http = new Http(service.baseUrl(), Duration.ofSeconds(30));
                Workload load = FailoverChecks.startLoad(http, journal, "failover", seed);

                postgres.standbyLags(LAG);
                long writesBefore = journal.writes();
                long killedAt = System.nanoTime();
                postgres.primary.kill();
                long downMillis = FailoverChecks.awaitDown(service);
                Http.Reply read = http.get("/settlements/failover-0-0");
                if (!composite) { // the composite may serve a settlement still in Redis without PostgreSQL
                    assertThat(read.status()).as(read.body()).isEqualTo(503);
                    assertThat(read.code()).isEqualTo("STORE_UNAVAILABLE");
                }
                long promotedAt = System.nanoTime();
                postgres.standby.promote();
                long upMillis = FailoverChecks.awaitUp(service);
                long recoveredMillis = (System.nanoTime() - killedAt) / 1_000_000;
                FailoverChecks.awaitWritesAgain(journal, load);
                long writesFlowingMillis = (System.nanoTime() - promotedAt) / 1_000_000;
                Audit.Result audit = FailoverChecks.afterFailover(load, http, journal, synchronous);
                if (!synchronous) {
                    LOG.info("FailoverIT asynchronous: " + audit.lost() + " acknowledged writes lost; audit: "
                            + audit.problems());
                    assertThat(audit.lost()).as("writes acknowledged while the standby lagged, gone with the primary")
                            .isPositive();
                }
                FailoverChecks.figures(backend + ", " + replication + " standby", postgres.durability(), journal,
                                writesBefore, audit, load, downMillis)
                        .put("ready UP after promote ms", upMillis)
                        .put("kill to ready ms (promotion by the test, at once)", recoveredMillis)
                        .put("writes flowing after promote ms", writesFlowingMillis)
                        .record();
            }
        }
    }
}
