package dev.settlement.store.redis;

import static dev.settlement.api.StoreTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settlement.api.ErrorCode;
import dev.settlement.api.MutableClock;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementListener;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementPolicy;
import dev.settlement.api.SettlementStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * settlement.redis.min-replica-acks=1: a write is acknowledged once the replica has it; while the replica is frozen a
 * write waits replica-ack-timeout and is answered STORE_UNAVAILABLE (it may have reached the primary, where a retry
 * finds it); reads do not wait.
 */
@QuarkusTest
@TestProfile(RedisReplicaAcksTest.WithReplica.class)
class RedisReplicaAcksTest {
    public static class WithReplica implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("settlement.redis.min-replica-acks", "1", "settlement.redis.replica-ack-timeout", "300ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ReplicatedRedisTestResource.class));
        }
    }

    @Inject
    @Identifier("redis")
    SettlementStore store;

    @ConfigProperty(name = "settlement.test.redis.replica-pid")
    long replicaPid;

    @Test
    void aWriteIsAcknowledgedOnlyOnceTheReplicaHasIt() throws Exception {
        SettlementManager manager = new SettlementManager(store, new SettlementPolicy(1800, 10, 3600),
                new MutableClock(1_800_000_000L), () -> "generated", SettlementListener.NONE);
        manager.create(request("acked", "intent-acked", "solver-1"));

        signal("-STOP");
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> manager.create(request("unacked", "intent-unacked", "solver-1")))
                    .isInstanceOfSatisfying(SettlementException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("0 of the 1 replicas").contains("min-replica-acks");
                    });
            assertThat((System.nanoTime() - start) / 1_000_000).as("waited the timeout").isGreaterThanOrEqualTo(300);
            // reads do not wait for replicas
            assertThat(manager.get("acked").version()).isEqualTo(1);
        } finally {
            signal("-CONT");
        }
        // the refused write did reach the primary (a client that retries finds it there); with the replica back,
        // writes are acknowledged again
        assertThat(manager.get("unacked").version()).isEqualTo(1);
        manager.fail("unacked", "done", null, "test");
        assertThat(manager.get("unacked").status().isTerminal()).isTrue();
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(replicaPid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).isTrue();
    }
}
