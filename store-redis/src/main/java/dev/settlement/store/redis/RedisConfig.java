package dev.settlement.store.redis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.time.Duration;

/** The {@code settlement.redis.*} keys; their defaults are in this jar's META-INF/microprofile-config.properties. */
@ConfigMapping(prefix = "settlement.redis")
public interface RedisConfig {
    /** Where Redis is, e.g. {@code redis://localhost:6379}. */
    String url();

    /** Every key of a deployment starts with {@code {<prefix>}}: one Redis Cluster slot per prefix. */
    @WithName("key-prefix")
    String keyPrefix();

    /**
     * How many replicas must have a write before it is acknowledged ({@code WAIT} after each write); 0, the default,
     * acknowledges once the primary has it. Redis replicates asynchronously, so with 0 a failover may lose writes
     * already acknowledged.
     */
    @WithName("min-replica-acks")
    int minReplicaAcks();

    /** How long a write waits for those replicas; past it the write is answered STORE_UNAVAILABLE. */
    @WithName("replica-ack-timeout")
    Duration replicaAckTimeout();
}
