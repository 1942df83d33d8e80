package dev.settlement.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.testing.JdbcTarget;
import dev.settlement.testing.PostgresServerProcess;
import dev.settlement.testing.RedisServerProcess;
import dev.settlement.testing.ServiceBackend;
import dev.settlement.testing.ServiceProcess;
import dev.settlement.testing.TestRedis;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
    private static final String STANDBY = "settlement_standby";
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
        try (PostgresServerProcess primary = PostgresServerProcess.startPrimary(synchronous ? STANDBY : null);
             PostgresServerProcess standby = primary.startStandby(STANDBY);
             RedisServerProcess redis = composite ? TestRedis.startDedicated(dir.resolve("redis"), true) : null) {
            awaitStreaming(primary.admin(), synchronous);
            // the JDBC driver tries the hosts in order and takes the one that is primary; it looks again at a host
            // it found to be a standby after hostRecheckSeconds
            JdbcTarget both = new JdbcTarget("jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:"
                    + standby.port() + "/postgres?targetServerType=primary&hostRecheckSeconds=2", "postgres", "");
            List<String> options = new ArrayList<>(ServiceBackend.options(backend, dir.resolve("unused.db"), both,
                    composite ? redis.url() : null, null));
            options.add("-Dsettlement.max-concurrent-per-solver=1000");
            if (composite) {
                // finished settlements move to PostgreSQL within seconds, so the failover hits the archive's writes
                options.addAll(List.of("-Dsettlement.composite.archive-after=1s",
                        "-Dsettlement.composite.archive-interval=1s"));
            }
            try (ServiceProcess service = ServiceProcess.start(Config.JAR, Config.log("failover-" + backend + "-" + replication),
                    options)) {
                Http http = new Http(service.baseUrl(), Duration.ofSeconds(30));
                Workload load = new Workload(http, journal, "failover", 8, seed);
                load.start(4);
                assertThat(journal.awaitWrites(200, Duration.ofSeconds(60))).as("load: %s", load).isTrue();

                // the standby falls behind for a moment, as over a slow link: an asynchronous primary acknowledges
                // what the standby never gets, a synchronous one holds those commits until they can be kept
                primary.pauseSendingTo(STANDBY, true);
                Thread.sleep(LAG.toMillis());
                long writesBefore = journal.writes();
                long killedAt = System.nanoTime();
                primary.kill(); // the stopped WAL sender with it
                long downMillis = service.awaitReadiness(status -> status == 503, Duration.ofSeconds(20));
                assertThat(downMillis).as("readiness DOWN once the primary is gone").isNotNegative();
                Http.Reply read = http.get("/settlements/failover-0-0");
                if (!composite) { // the composite may serve a settlement still in Redis without PostgreSQL
                    assertThat(read.status()).as(read.body()).isEqualTo(503);
                    assertThat(read.code()).isEqualTo("STORE_UNAVAILABLE");
                }
                long promotedAt = System.nanoTime();
                standby.promote();
                long upMillis = service.awaitReadiness(status -> status == 200, Duration.ofSeconds(60));
                assertThat(upMillis).as("ready again on the promoted standby by itself").isNotNegative();
                long recoveredMillis = (System.nanoTime() - killedAt) / 1_000_000;
                assertThat(journal.awaitWrites(journal.writes() + 200, Duration.ofSeconds(60)))
                        .as("writes succeed on the new primary; load: %s", load).isTrue();
                long writesFlowingMillis = (System.nanoTime() - promotedAt) / 1_000_000;
                Audit.Result audit = FailoverChecks.afterFailover(load, http, journal, synchronous);
                if (!synchronous) {
                    LOG.info("FailoverIT asynchronous: " + audit.lost() + " acknowledged writes lost; audit: "
                            + audit.problems());
                    assertThat(audit.lost()).as("writes acknowledged while the standby lagged, gone with the primary")
                            .isPositive();
                }
                FailoverChecks.figures(backend + ", " + replication + " standby", synchronous
                                ? "synchronous_commit=on, synchronous_standby_names" : "asynchronous streaming (default)",
                                journal, writesBefore, audit, load, downMillis)
                        .put("ready UP after promote ms", upMillis)
                        .put("kill to ready ms (promotion by the test, at once)", recoveredMillis)
                        .put("writes flowing after promote ms", writesFlowingMillis)
                        .record();
            }
        }
    }

    /** Waits until the standby streams from the primary (and, for a synchronous one, counts as synchronous). */
    private static void awaitStreaming(JdbcTarget primary, boolean synchronous) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(primary.url(), primary.username(), primary.password());
                 Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("select sync_state from pg_stat_replication where application_name = '"
                         + STANDBY + "' and state = 'streaming'")) {
                if (r.next() && (!synchronous || r.getString(1).equals("sync"))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the standby did not start streaming within 30 s");
    }
}
