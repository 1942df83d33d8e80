package dev.settlement.store.redis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.time.Duration;

/** The {@code settlement.redis.*} keys; their defaults are in this jar's META-INF/microprofile-config.properties. */
@ConfigMapping(prefix = "settlement.redis")
public interface RedisConfig {
    /**
     * Where Redis is, e.g. {@code redis://localhost:6379}; for a Redis Cluster a comma-separated list of nodes, e.g.
     * {@code redis://10.0.0.1:7000,redis://10.0.0.2:7000} (the client discovers the rest from any that answers).
     */
    String url();

    /**
     * {@code standalone} (one server, the default), {@code sentinel} (the url lists the Sentinels; they name the primary
     * {@code quarkus.redis.master-name} stands for) or {@code cluster} (Redis Cluster: the client follows the slot map
     * and its failovers). Feeds {@code quarkus.redis.client-type}.
     */
    @WithName("client-type")
    String clientType();

    /** Every key of a deployment starts with {@code {<prefix>}}: one Redis Cluster slot per prefix. */
    @WithName("key-prefix")
    String keyPrefix();

    /**
     * How many replicas must have a write before it is acknowledged ({@code WAIT} after each write); 0, the default,
     * acknowledges once the primary has it. Redis replicates asynchronously, so with 0 a failover may lose writes
     * already acknowledged. For standalone and sentinel clients: on a cluster client WAIT could reach another node.
     */
    @WithName("min-replica-acks")
    int minReplicaAcks();

    /** How long a write waits for those replicas; past it the write is answered STORE_UNAVAILABLE. */
    @WithName("replica-ack-timeout")
    Duration replicaAckTimeout();
}
