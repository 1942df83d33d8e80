package dev.settlement.store.redis;

import dev.settlement.testing.RedisTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/**
 * The Redis of test-support ({@code SETTLEMENT_TEST_REDIS_URL}, or a temporary server it starts; never skipped) under
 * a key prefix of its own. Each test class uses its own subclass, so each gets its own application and prefix.
 */
public abstract class RedisTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RedisTestResource.class));
    }

    public static class Contract extends RedisTestProfile {
    }

    public static class Behaviour extends RedisTestProfile {
    }

    public static class Archiving extends RedisTestProfile {
    }
}
