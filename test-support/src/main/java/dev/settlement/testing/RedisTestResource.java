package dev.settlement.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/** Gives a Quarkus test Redis: sets {@code settlement.redis.url} and a unique {@code settlement.redis.key-prefix}. */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("settlement.redis.url", TestRedis.url(),
                "settlement.redis.key-prefix", "test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public void stop() {
        // keys under the prefix are left to the server (the temporary one is discarded at JVM exit)
    }
}
