package dev.settlement.store.redis;

import dev.settlement.testing.RedisClusterTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/**
 * A Redis Cluster of the test class's own (test-support's {@link RedisClusterTestResource}: three masters, three
 * replicas, started from the system's redis-server; never skipped), the store's client in cluster mode by
 * configuration only. Each test class uses its own subclass, so each gets its own application and cluster.
 */
public abstract class RedisClusterProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RedisClusterTestResource.class));
    }

    public static class Contract extends RedisClusterProfile {
    }

    public static class Failover extends RedisClusterProfile {
    }

    public static class Archiving extends RedisClusterProfile {
    }
}
