package dev.settlement.store.redis;

import dev.settlement.testing.RedisServerProcess;
import dev.settlement.testing.TestRedis;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A redis-server of the test's own with one replica streaming from it, for settlement.redis.min-replica-acks: the store
 * is pointed at the primary; {@code settlement.test.redis.replica-pid} names the replica's process, for a test that
 * freezes it.
 */
public class ReplicatedRedisTestResource implements QuarkusTestResourceLifecycleManager {
    private RedisServerProcess primary;
    private RedisServerProcess replica;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("settlement-replicated-redis-");
            primary = TestRedis.startDedicated(dir.resolve("primary"), false);
            replica = TestRedis.startDedicated(dir.resolve("replica"), false, "--replicaof", "127.0.0.1",
                    Integer.toString(primary.port()));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!TestRedis.call(replica.url(), "INFO", "replication").contains("master_link_status:up")) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the replica did not connect to its primary within 20 s");
                }
                Thread.sleep(50);
            }
            return Map.of("settlement.redis.url", primary.url(), "settlement.redis.key-prefix", "replicated",
                    "settlement.test.redis.replica-pid", Long.toString(replica.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a redis-server with a replica", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (replica != null) {
            replica.stop();
        }
        if (primary != null) {
            primary.stop();
        }
    }
}
