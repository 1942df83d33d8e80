package dev.settlement.store.redis;

import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementStoreContract;
import dev.settlement.testing.TestRedis;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;

/**
 * The store contract on the Redis a test profile gives (a server, or the nodes of a cluster): the bean the service
 * would select, and as the "other instance" a store on a second, independent Redis client with the same key prefix.
 */
abstract class RedisStoreContract extends SettlementStoreContract {
    @Inject
    @Identifier("redis")
    SettlementStore bean;

    @Inject
    @RedisClientName("second")
    RedisDataSource secondClient;

    @ConfigProperty(name = "settlement.redis.url")
    String url;

    @ConfigProperty(name = "settlement.redis.key-prefix")
    String prefix;

    RedisSettlementStore other;

    @Override
    protected SettlementStore newStore() {
        TestRedis.deleteKeys(url, prefix);
        other = new RedisSettlementStore(() -> secondClient, url, prefix);
        return bean;
    }

    @Override
    protected SettlementStore otherInstance() {
        return other;
    }

    @AfterEach
    void deleteKeys() {
        TestRedis.deleteKeys(url, prefix);
    }
}
