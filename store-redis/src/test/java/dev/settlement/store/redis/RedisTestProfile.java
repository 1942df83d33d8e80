package dev.settlement.store.redis;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/** Gives the test application a key prefix of its own, so runs and other users of the server never collide. */
public class RedisTestProfile implements QuarkusTestProfile {
    static final String PREFIX = "store-redis-test-" + UUID.randomUUID();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("settlement.redis.key-prefix", PREFIX);
    }
}
