package dev.settlement.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * Gives a Quarkus test a Redis Cluster of its own ({@link RedisClusterProcess}: three masters, three replicas) and puts
 * the store's client in cluster mode: sets {@code settlement.redis.client-type=cluster}, {@code settlement.redis.url}
 * to every node's URL (comma-separated) and a unique {@code settlement.redis.key-prefix}. The cluster is stopped and
 * its directory deleted when the test app stops.
 */
public class RedisClusterTestResource implements QuarkusTestResourceLifecycleManager {
    private RedisClusterProcess cluster;

    @Override
    public Map<String, String> start() {
        cluster = RedisClusterProcess.start();
        return Map.of("settlement.redis.client-type", "cluster", "settlement.redis.url", cluster.urls(),
                "settlement.redis.key-prefix", "test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
