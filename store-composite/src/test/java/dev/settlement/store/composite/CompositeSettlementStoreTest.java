package dev.settlement.store.composite;

import static dev.settlement.api.StoreTestSupport.ACTOR;
import static dev.settlement.api.StoreTestSupport.request;
import static dev.settlement.api.StoreTestSupport.expiring;
import static dev.settlement.api.StoreTestSupport.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.api.StateTransition;
import dev.settlement.api.ErrorCode;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementEvent;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.StoreHealth;
import dev.settlement.store.redis.RedisSettlementStore;
import dev.settlement.testing.PostgresTestResource;
import dev.settlement.testing.RedisTestResource;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The store contract on the composite bean over a real Redis and a fresh PostgreSQL database; the other instance is a
 * second composite with its own Redis client and its own PostgreSQL pool and unit.
 */
@QuarkusTest
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS,
        initArgs = @ResourceArg(name = "hint", value = "composite_contract"))
class CompositeSettlementStoreTest extends CompositeStoreContract {
    @Inject
    @RedisClientName("unreachable")
    RedisDataSource unreachable;

    @Test
    void healthIsUpWithBothSidesDetails() {
        StoreHealth health = sides.composite().health();

        assertThat(health.up()).isTrue();
        assertThat(health.details()).containsEntry("backend", "composite").containsEntry("redis.backend", "redis")
                .containsEntry("postgres.backend", "postgres").containsKeys("redis.url", "redis.persistent",
                        "postgres.url");
    }

    /** Settlements still in Redis are read, advanced and recovered with PostgreSQL down; only creates need it. */
    @Test
    void settlementsInRedisNeedOnlyRedis() {
        manager.create(request("s-1", "intent-1", "solver-1"));
        manager.create(expiring("late", T0 + 10));
        SettlementManager withoutArchive = managerOn(
                new CompositeSettlementStore(sides.hot(), sides.otherArchive("composite-down")));

        assertThat(withoutArchive.history("s-1")).isEmpty();
        Settlement locked = withoutArchive.advance("s-1", new SettlementEvent.UserLocked("e-1", null), null, ACTOR);
        assertThat(withoutArchive.get("s-1")).isEqualTo(locked);
        assertThat(withoutArchive.history("s-1")).hasSize(1);
        assertThat(withoutArchive.newestOfIntent("intent-1")).isEqualTo(locked);
        assertThat(withoutArchive.list(SettlementStatus.USER_LOCKED, null, null, null, null, null).items())
                .containsExactly(locked);
        clock.advance(3600 + 100);
        assertThat(withoutArchive.recover(StateTransition.SYSTEM).timedOut()).isEqualTo(1);
        assertCode(() -> withoutArchive.create(request("s-2", "intent-2", null)), ErrorCode.STORE_UNAVAILABLE);
    }

    @Test
    void healthIsDownWhenEitherSideIsDownAndSaysWhich() {
        RedisSettlementStore redisDown = new RedisSettlementStore(() -> unreachable, "redis://127.0.0.1:1",
                sides.prefix());
        StoreHealth noRedis = new CompositeSettlementStore(redisDown, sides.archive()).health();
        StoreHealth noPostgres = new CompositeSettlementStore(sides.hot(), sides.otherArchive("composite-down")).health();

        assertThat(noRedis.up()).isFalse();
        assertThat(noRedis.details().get("error").toString()).contains("redis://127.0.0.1:1");
        assertThat(noPostgres.up()).isFalse();
        assertThat(noPostgres.details().get("error").toString()).contains("postgres");
        assertThat(noPostgres.details()).containsEntry("redis.backend", "redis");
    }
}
