package dev.settlement.store.redis;

import io.quarkus.arc.Unremovable;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Redis stores at the migrate command's own locations: a source or target on another Redis server or key prefix
 * than {@code settlement.redis.*}. Each role has its own client ({@code quarkus.redis.migrate-source.*},
 * {@code quarkus.redis.migrate-target.*}, on {@code settlement.migrate.source.redis.url} and
 * {@code settlement.migrate.target.redis.url}, see this jar's microprofile-config.properties), connected on first use.
 */
@ApplicationScoped
@Unremovable
public class RedisLocations {
    @Inject
    @RedisClientName("migrate-source")
    Instance<RedisDataSource> sourceClient;

    @Inject
    @RedisClientName("migrate-target")
    Instance<RedisDataSource> targetClient;

    /**
     * A store on the role's client ({@code source} or {@code target}), whose URL the caller passes for health and errors,
     * with the given key prefix.
     */
    public RedisSettlementStore store(String role, String url, String keyPrefix) {
        Instance<RedisDataSource> client = switch (role) {
            case "source" -> sourceClient;
            case "target" -> targetClient;
            default -> throw new IllegalArgumentException("role is source or target, not " + role);
        };
        return new RedisSettlementStore(client::get, url, keyPrefix);
    }
}
