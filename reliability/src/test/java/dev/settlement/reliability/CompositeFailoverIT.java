package dev.settlement.reliability;

import dev.settlement.testing.RedisSentinelSet;
import dev.settlement.testing.ServiceBackend;
import dev.settlement.testing.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both failovers of the composite at once (issue 15): its hot tier on Redis with Sentinel (a primary, two replicas,
 * three Sentinels; settlement.redis.min-replica-acks=1) and its archive on a PostgreSQL primary with a synchronous
 * standby (the multi-host URL). Under load, after the standby lagged for a second, both primaries are killed with
 * SIGKILL at the same moment; the test promotes the standby at once while the Sentinels promote a replica by
 * themselves. Meanwhile every request is 503 STORE_UNAVAILABLE (never a 500, never a hang), readiness goes DOWN and
 * comes back by itself once both have new primaries, writes flow again, and the audit finds every acknowledged write
 * whole: both durability settings promise it.
 */
class CompositeFailoverIT {
    private static final Logger LOG = Logger.getLogger(CompositeFailoverIT.class.getName());
    /** How long the PostgreSQL standby lags behind just before the primaries die. */
    private static final Duration LAG = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void theCompositeFollowsBothPromotionsAtOnce() throws Exception {
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        LOG.info("CompositeFailoverIT: seed " + seed);
        Journal journal = new Journal();
        try (StandbyPair postgres = StandbyPair.start(true);
             RedisSentinelSet redis = RedisSentinelSet.start(dir.resolve("redis"), 2)) {
            List<String> options = new ArrayList<>(ServiceBackend.options("composite", dir.resolve("unused.db"),
                    postgres.both(), redis.sentinelUrls(), null));
            options.addAll(Backend.sentinelOptions(1));
            options.addAll(Backend.ARCHIVE_SOON); // the archive's writes are under way when PostgreSQL dies
            options.add("-Dsettlement.max-concurrent-per-solver=1000");
            try (ServiceProcess service = ServiceProcess.start(Config.JAR, Config.log("composite-failover"), options)) {
                Http http = new Http(service.baseUrl(), Duration.ofSeconds(30));
                Workload load = FailoverChecks.startLoad(http, journal, "both", seed);

                postgres.standbyLags(LAG);
                long writesBefore = journal.writes();
                long killedAt = System.nanoTime();
                redis.primary().kill();
                postgres.primary.kill();
                long downMillis = FailoverChecks.awaitDown(service);
                long promotedAt = System.nanoTime();
                postgres.standby.promote(); // as Patroni or a managed service would, at once
                int promoted = redis.awaitFailover(Duration.ofSeconds(30));
                long redisPromotedMillis = (System.nanoTime() - killedAt) / 1_000_000;
                long upMillis = FailoverChecks.awaitUp(service);
                long recoveredMillis = (System.nanoTime() - killedAt) / 1_000_000;
                FailoverChecks.awaitWritesAgain(journal, load);
                long writesFlowingMillis = (System.nanoTime() - promotedAt) / 1_000_000;
                Audit.Result audit = FailoverChecks.afterFailover(load, http, journal, true);
                FailoverChecks.figures("composite, Sentinel + synchronous standby, both killed at once",
                                "min-replica-acks=1, AOF always; " + postgres.durability(), journal, writesBefore,
                                audit, load, downMillis)
                        .put("ready UP after promote ms", upMillis)
                        .put("writes flowing after promote ms", writesFlowingMillis)
                        .put("replica promoted after kill ms", redisPromotedMillis + " (port " + promoted + ")")
                        .put("kill to ready ms", recoveredMillis)
                        .record();
            }
        }
    }
}
