package dev.settlement.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.api.StoreHealth;
import dev.settlement.api.migration.RelocatableStore;
import dev.settlement.testing.RedisClusterProcess;
import dev.settlement.testing.TestRedis;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real Redis Cluster (three masters, three replicas), the client in cluster mode by
 * configuration only ({@code settlement.redis.client-type=cluster}, the nodes in {@code settlement.redis.url}): the
 * bean the service would select, and as the "other instance" a store on a second, independent cluster client.
 */
@QuarkusTest
@TestProfile(RedisClusterProfile.Contract.class)
class RedisClusterSettlementStoreTest extends RedisStoreContract {

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
        String location = ((RelocatableStore) bean).location();
        assertThat(location).isEqualTo(other.location()).endsWith("/" + prefix);
        String master = RedisClusterProcess.masterOf(url, "{" + prefix + "}");
        assertThat(TestRedis.call(master, "INFO", "server"))
                .contains("run_id:" + location.substring("redis ".length(), location.indexOf('/')));
    }
}
