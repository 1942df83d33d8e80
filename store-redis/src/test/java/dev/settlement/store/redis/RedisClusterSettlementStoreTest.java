package dev.settlement.store.redis;

import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementStoreContract;
import dev.settlement.testing.RedisClusterProcess;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;

/**
 * The store contract on a real Redis Cluster (three masters, three replicas), the client in cluster mode by
 * configuration only ({@code settlement.redis.client-type=cluster}, the nodes in {@code settlement.redis.url}): the
 * bean the service would select, and as the "other instance" a store on a second, independent cluster client.
 */
@QuarkusTest
@TestProfile(RedisClusterProfile.Contract.class)
class RedisClusterSettlementStoreTest extends SettlementStoreContract {
    @Inject
    @Identifier("redis")
    SettlementStore bean;

    @Inject
    @RedisClientName("second")
    RedisDataSource secondClient;

    @ConfigProperty(name = "settlement.redis.url")
    String urls;

    @ConfigProperty(name = "settlement.redis.key-prefix")
    String prefix;

    private RedisSettlementStore other;

    @Override
    protected SettlementStore newStore() {
        RedisClusterProcess.deleteKeys(urls, prefix);
        other = new RedisSettlementStore(() -> secondClient, urls, prefix);
        return bean;
    }

    @Override
    protected SettlementStore otherInstance() {
        return other;
    }

    @AfterEach
    void deleteKeys() {
        RedisClusterProcess.deleteKeys(urls, prefix);
    }
}
