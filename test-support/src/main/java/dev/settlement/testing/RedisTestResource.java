package dev.settlement.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/**
 * Gives a Quarkus test Redis: sets {@code settlement.redis.url} and a unique {@code settlement.redis.key-prefix}, and
 * removes that prefix's keys when the test app stops, so runs against a shared server leave nothing behind.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {
    private String url;
    private String prefix;

    @Override
    public Map<String, String> start() {
        url = TestRedis.url();
        prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
        return Map.of("settlement.redis.url", url, "settlement.redis.key-prefix", prefix);
    }

    @Override
    public void stop() {
        try {
            TestRedis.deleteKeys(url, prefix);
        } catch (UncheckedIOException e) {
            // the server is gone already (a temporary one is discarded at JVM exit): nothing to clean
        }
    }
}
