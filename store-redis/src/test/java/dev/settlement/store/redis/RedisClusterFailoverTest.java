package dev.settlement.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.api.Asset;
import dev.settlement.api.ErrorCode;
import dev.settlement.api.MutableClock;
import dev.settlement.api.NewSettlement;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementEvent;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementPolicy;
import dev.settlement.api.SettlementStore;
import dev.settlement.testing.RedisClusterProcess;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A master of the cluster dies under load: writers keep creating and advancing settlements through the store bean
 * (cluster client) while the master serving the key prefix's slot is SIGKILLed; its replica takes over after
 * cluster-node-timeout (2 s). Every call in between succeeds or fails with STORE_UNAVAILABLE, never anything else;
 * writes succeed again on the new master; every acknowledged write is there afterwards.
 */
@QuarkusTest
@TestProfile(RedisClusterProfile.Failover.class)
class RedisClusterFailoverTest {
    private static final Logger LOG = Logger.getLogger(RedisClusterFailoverTest.class.getName());
    private static final int WRITERS = 2;

    @Inject
    @Identifier("redis")
    SettlementStore store;

    @ConfigProperty(name = "settlement.redis.url")
    String urls;

    @ConfigProperty(name = "settlement.redis.key-prefix")
    String prefix;

    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Throwable> otherErrors = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicLong slowestCall = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();

    @Test
    void theReplicaTakesOverAndNoAcknowledgedWriteIsLost() throws Exception {
        SettlementManager manager = new SettlementManager(store, SettlementPolicy.DEFAULTS,
                new MutableClock(1_800_000_000L));
        String slotKey = "{" + prefix + "}:s:probe";
        String master = RedisClusterProcess.masterOf(urls, slotKey);

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> write(manager, writer)));
        }
        long warmUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (acknowledged.size() < 50 && otherErrors.isEmpty() && System.nanoTime() < warmUp) {
            Thread.sleep(20);
        }
        assertThat(otherErrors).as("failures before the kill").isEmpty();
        assertThat(acknowledged).as("writes before the kill").hasSizeGreaterThanOrEqualTo(50);

        long killed = System.nanoTime();
        RedisClusterProcess.kill(master);
        String promoted = RedisClusterProcess.awaitNewMaster(urls, slotKey, master, 20_000);
        long promotedAfter = millisSince(killed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (lastSuccess.get() < System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(500) && System.nanoTime() < deadline) {
            Thread.sleep(20); // until writes have succeeded for half a second again
        }
        long recoveredAfter = millisSince(killed);
        stop.set(true);
        for (Future<?> writer : writers) {
            writer.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<String> lost = new ArrayList<>();
        acknowledged.forEach((id, version) -> {
            Settlement stored = store.find(id).orElse(null);
            if (stored == null || stored.version() < version) {
                lost.add(id + "@" + version + " (stored: " + (stored == null ? "none" : stored.version()) + ")");
            }
        });
        LOG.info("Redis Cluster failover: killed master " + master + "; " + promoted + " serves the slot after "
                + promotedAfter + " ms; writes succeed again (for 0.5 s) " + recoveredAfter + " ms after the kill; "
                + unavailable.get() + " calls failed with STORE_UNAVAILABLE, slowest call " + slowestCall.get()
                + " ms; " + acknowledged.size() + " settlements acknowledged, " + lost.size() + " lost "
                + lost + "; other errors: " + otherErrors.size());
        assertThat(otherErrors).as("failures other than STORE_UNAVAILABLE").isEmpty();
        assertThat(recoveredAfter).as("writes succeed again within 15 s").isLessThan(15_000);
        assertThat(lost).as("acknowledged writes missing after the failover").isEmpty();
        assertThat(store.health().up()).isTrue();
    }

    /** Creates settlements and moves each to USER_LOCKED, recording every acknowledged version, until stopped. */
    private void write(SettlementManager manager, int writer) {
        for (int n = 0; !stop.get(); n++) {
            String id = "w" + writer + "-" + n;
            String txHash = "0x" + n;
            call(() -> {
                manager.create(new NewSettlement(id, "intent-" + id, "solver-" + id, "cosmos1user", asset(), asset(),
                        null));
                acknowledged.put(id, 1L);
            });
            if (acknowledged.containsKey(id)) {
                call(() -> acknowledged.put(id, manager.advance(id, new SettlementEvent.UserLocked("escrow-" + id,
                        txHash), null, "test").version()));
            }
        }
    }

    private void call(Runnable call) {
        long started = System.nanoTime();
        try {
            call.run();
            lastSuccess.set(System.nanoTime());
        } catch (SettlementException e) {
            if (e.code() == ErrorCode.STORE_UNAVAILABLE) {
                unavailable.incrementAndGet();
                sleep(10);
            } else {
                otherErrors.add(e);
            }
        } catch (Throwable e) {
            otherErrors.add(e);
        }
        slowestCall.accumulateAndGet(millisSince(started), Math::max);
    }

    private static Asset asset() {
        return new Asset("cosmoshub-4", "uatom", BigInteger.TEN);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
