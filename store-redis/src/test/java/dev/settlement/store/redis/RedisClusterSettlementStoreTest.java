package dev.settlement.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementStoreContract;
import dev.settlement.api.StoreHealth;
import dev.settlement.api.migration.RelocatableStore;
import dev.settlement.testing.RedisClusterProcess;
import dev.settlement.testing.TestRedis;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

    /**
     * Health and location read INFO, CONFIG and PING, which carry no key: the cluster client sends each to some node.
     * Every node of this cluster is configured alike, so health says the same whichever answers; the location must
     * name the node serving the prefix's slot, however many clients ask, or a migration would not see that two
     * stores on one prefix are one.
     */
    @Test
    void healthAndLocationAnswerInClusterMode() throws Exception {
        for (int i = 0; i < 10; i++) {
            StoreHealth health = bean.health();
            assertThat(health.up()).as(health.details().toString()).isTrue();
            assertThat(health.details()).containsEntry("appendonly", true).containsEntry("persistent", true)
                    .containsEntry("maxmemoryPolicy", "noeviction");
        }
        RelocatableStore relocatable = (RelocatableStore) bean;
        assertThat(relocatable.location()).isEqualTo(other.location()).endsWith("/" + prefix);
        String master = RedisClusterProcess.masterOf(urls, "{" + prefix + "}");
        assertThat(TestRedis.call(master, "INFO", "server"))
                .contains("run_id:" + relocatable.location().substring("redis ".length(), relocatable.location().indexOf('/')));
    }

    @AfterEach
    void deleteKeys() {
        RedisClusterProcess.deleteKeys(urls, prefix);
    }
}
