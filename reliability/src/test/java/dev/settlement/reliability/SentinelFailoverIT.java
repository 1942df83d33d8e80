package dev.settlement.reliability;

import dev.settlement.testing.RedisSentinelSet;
import dev.settlement.testing.ServiceBackend;
import dev.settlement.testing.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis failover with Sentinel (issue 15): a primary, two replicas and three Sentinels; the service in the client's
 * sentinel mode. Under load the primary is killed with SIGKILL; the Sentinels promote a replica and the service follows
 * by itself: 503 STORE_UNAVAILABLE in between, readiness DOWN and UP. With settlement.redis.min-replica-acks=1 no
 * acknowledged write may be lost (a write is acknowledged once a replica has it); with 0 (the default) the audit counts
 * what Redis's asynchronous replication lost.
 */
class SentinelFailoverIT {
    private static final Logger LOG = Logger.getLogger(SentinelFailoverIT.class.getName());

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 0})
    void theServiceFollowsTheSentinelsToThePromotedReplica(int minReplicaAcks) throws Exception {
        long seed = Long.getLong("reliability.seed", System.nanoTime());
        LOG.info("SentinelFailoverIT min-replica-acks=" + minReplicaAcks + ": seed " + seed);
        Journal journal = new Journal();
        try (RedisSentinelSet redis = RedisSentinelSet.start(dir.resolve("redis"), 2)) {
            List<String> options = new ArrayList<>(ServiceBackend.options("redis", dir.resolve("unused.db"), null,
                    redis.sentinelUrls(), "sentinel"));
            options.addAll(Backend.sentinelOptions(minReplicaAcks));
            options.add("-Dsettlement.max-concurrent-per-solver=1000");
            try (ServiceProcess service = ServiceProcess.start(Config.JAR,
                    Config.log("sentinel-failover-" + minReplicaAcks), options)) {
                Http http = new Http(service.baseUrl(), Duration.ofSeconds(30));
                Workload load = FailoverChecks.startLoad(http, journal, "sentinel", seed);

                long writesBefore = journal.writes();
                long killedAt = System.nanoTime();
                redis.primary().kill();
                long downMillis = FailoverChecks.awaitDown(service);
                int promoted = redis.awaitFailover(Duration.ofSeconds(30));
                long promotedMillis = (System.nanoTime() - killedAt) / 1_000_000;
                FailoverChecks.awaitUp(service);
                long recoveredMillis = (System.nanoTime() - killedAt) / 1_000_000;
                FailoverChecks.awaitWritesAgain(journal, load);
                Audit.Result audit = FailoverChecks.afterFailover(load, http, journal, minReplicaAcks > 0);
                if (minReplicaAcks == 0) {
                    LOG.info("SentinelFailoverIT min-replica-acks=0: " + audit.lost() + " acknowledged writes lost");
                }
                FailoverChecks.figures("redis with Sentinel, min-replica-acks=" + minReplicaAcks, minReplicaAcks > 0
                                ? "WAIT for " + minReplicaAcks + " replica, AOF always"
                                : "asynchronous replication (default), AOF always",
                                journal, writesBefore, audit, load, downMillis)
                        .put("replica promoted after kill ms", promotedMillis + " (port " + promoted + ")")
                        .put("kill to ready ms", recoveredMillis)
                        .record();
            }
        }
    }
}
