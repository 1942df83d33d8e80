package dev.settlement.store.redis;

import static dev.settlement.api.StoreTestSupport.ACTOR;
import static dev.settlement.api.StoreTestSupport.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.settlement.api.Asset;
import dev.settlement.api.ErrorCode;
import dev.settlement.api.MutableClock;
import dev.settlement.api.NewSettlement;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementEvent;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementListener;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementPolicy;
import dev.settlement.api.SettlementQuery;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementStoreDecorator;
import dev.settlement.api.StateTransition;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.store.redis.RedisArchiving.Claimed;
import dev.settlement.testing.TestRedis;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import io.vertx.redis.client.Command;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The archiving operations the composite backend builds on: claim, forget with its tombstone, trimming, counts. */
@QuarkusTest
@TestProfile(RedisTestProfile.Archiving.class)
class RedisArchivingTest {
    private static final long T0 = 1_800_000_000L;
    private static final Duration LONG_LEASE = Duration.ofMinutes(5);

    @Inject
    @Identifier("redis")
    SettlementStore bean;

    @Inject
    @RedisClientName("second")
    RedisDataSource redis;

    @ConfigProperty(name = "settlement.redis.url")
    String url;

    @ConfigProperty(name = "settlement.redis.key-prefix")
    String prefix;

    private RedisSettlementStore store;
    private RedisArchiving archiving;
    private RedisKeys keys;
    private MutableClock clock;
    private SettlementManager manager;

    @BeforeEach
    void emptyStore() {
        TestRedis.deleteKeys(url, prefix);
        store = new RedisSettlementStore(() -> redis, url, prefix);
        archiving = store.archiving();
        keys = new RedisKeys(prefix);
        clock = new MutableClock(T0);
        manager = new SettlementManager(writtenAsTheCompositeWrites(bean), new SettlementPolicy(1800, 5, 3600), clock, () -> "gen",
                SettlementListener.NONE);
    }

    @AfterEach
    void deleteKeys() {
        TestRedis.deleteKeys(url, prefix);
    }

    @Test
    void claimTakesTerminalSettlementsLastChangedBeforeTheBoundOldestFirstWithTheirHistory() {
        create("active");
        create("late");
        create("early");
        clock.advance(10);
        manager.fail("early", "first", null, ACTOR);
        clock.advance(10);
        manager.advance("late", new SettlementEvent.UserLocked("e", "0x1"), null, ACTOR);
        manager.fail("late", "second", null, ACTOR);
        clock.advance(10);
        create("fresh");
        manager.fail("fresh", "too recent", null, ACTOR);

        List<Claimed> claimed = archiving.claim(T0 + 30, 10, LONG_LEASE);

        assertThat(claimed).extracting(c -> c.settlement().id()).containsExactly("early", "late");
        assertThat(claimed.get(0).settlement()).isEqualTo(bean.find("early").orElseThrow());
        assertThat(claimed.get(1).history()).isEqualTo(bean.history("late"))
                .extracting(StateTransition::toStatus).containsExactly(SettlementStatus.USER_LOCKED, SettlementStatus.FAILED);
        assertThat(archiving.claim(T0 + 31, 10, LONG_LEASE)).as("the others are claimed already")
                .extracting(c -> c.settlement().id()).containsExactly("fresh");
    }

    @Test
    void aClaimKeepsOtherArchiversOutUntilItsLeaseRunsOut() throws Exception {
        for (int i = 0; i < 5; i++) {
            create("s-" + i);
            manager.fail("s-" + i, "done", null, ACTOR);
        }
        assertThat(archiving.claim(T0 + 1, 2, Duration.ofMillis(500))).hasSize(2);
        assertThat(archiving.claim(T0 + 1, 10, LONG_LEASE)).as("the remaining three").hasSize(3);
        assertThat(archiving.claim(T0 + 1, 10, LONG_LEASE)).isEmpty();
        Thread.sleep(600);
        assertThat(archiving.claim(T0 + 1, 10, LONG_LEASE)).as("the lapsed claims are taken over")
                .extracting(c -> c.settlement().id()).containsExactly("s-0", "s-1");
        assertThat(archiving.claim(T0 + 1, 10, LONG_LEASE)).isEmpty();
    }

    @Test
    void racingClaimersShareOutTheSettlementsWithoutOverlap() throws Exception {
        int total = 200;
        for (int i = 0; i < total; i++) {
            create(String.format("s-%03d", i));
            manager.fail(String.format("s-%03d", i), "done", null, ACTOR);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> claimers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                RedisArchiving own = new RedisSettlementStore(() -> redis, url, prefix).archiving();
                claimers.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    List<Claimed> batch;
                    while (!(batch = own.claim(T0 + 1, 7, LONG_LEASE)).isEmpty()) {
                        batch.forEach(c -> mine.add(c.settlement().id()));
                    }
                    return mine;
                }));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> claimer : claimers) {
                all.addAll(claimer.get());
            }
            assertThat(all).hasSize(total).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void forgetRemovesEveryTraceAndLeavesATombstoneThatRefusesTheId() {
        create("keep");
        manager.create(new NewSettlement("gone", "intent-gone", "solver-1", "cosmos1user", asset(), asset(), null));
        manager.advance("gone", new SettlementEvent.UserLocked("e", null), null, ACTOR);
        Settlement failed = manager.fail("gone", "done", null, ACTOR);
        archiving.claim(T0 + 1, 10, LONG_LEASE);

        assertThat(archiving.forget(failed)).isTrue();

        assertThat(bean.find("gone")).isEmpty();
        assertThat(bean.history("gone")).isEmpty();
        assertThat(bean.list(new SettlementQuery(null, null, null, null, 10, null)).items())
                .extracting(Settlement::id).containsExactly("keep");
        assertThat(bean.list(new SettlementQuery(null, "solver-1", null, null, 10, null)).items()).isEmpty();
        assertThat(bean.countByStatus()).containsEntry(SettlementStatus.FAILED, 0L);
        List<String> left = new ArrayList<>();
        redis.execute(Command.KEYS, "{" + prefix + "}:*").forEach(key -> left.add(key.toString()));
        assertThat(left).noneMatch(key -> key.contains("gone")).noneMatch(key -> key.contains("solver-1"))
                .noneMatch(key -> key.endsWith(":idx:terminal") || key.endsWith(":archive:claims"));
        assertThat(archiving.counts().claimed()).isEmpty();

        assertCode(() -> manager.create(request("gone", "intent-other")), ErrorCode.DUPLICATE_ID);
        assertCode(() -> archiving.create(Settlement.newPending("gone", "i", null, "u", asset(), asset(), T0, T0 + 9),
                5, archiving.forgottenMark()), ErrorCode.DUPLICATE_ID);
        assertThat(archiving.forgottenMark()).isEqualTo(1);
    }

    @Test
    void forgetIsConditionalOnTheVersionAndOnlyForTerminalSettlements() {
        create("s-1");
        Settlement locked = manager.advance("s-1", new SettlementEvent.UserLocked("e", null), null, ACTOR);
        assertThatThrownBy(() -> archiving.forget(locked)).isInstanceOf(IllegalArgumentException.class);
        Settlement failed = manager.fail("s-1", "done", null, ACTOR);
        Settlement stale = new Settlement(failed.id(), failed.intentId(), failed.solverId(), failed.userAddress(),
                failed.inputAsset(), failed.outputAsset(), failed.status(), failed.escrowId(), failed.solverBondId(),
                failed.ibcPacketSequence(), failed.createdAt(), failed.updatedAt(), failed.expiresAt(),
                failed.completedAt(), failed.errorMessage(), failed.version() - 1);

        assertCode(() -> archiving.forget(stale), ErrorCode.VERSION_CONFLICT);
        assertThat(bean.find("s-1")).contains(failed);
        assertThat(archiving.forget(failed)).isTrue();
        assertThat(archiving.forget(failed)).as("a second archiver finds it gone").isFalse();
        assertThat(archiving.forgottenMark()).isEqualTo(1);
    }

    @Test
    void trimmedTombstonesSendCreatesWithAnOlderMarkBackToTheArchive() {
        long before = archiving.forgottenMark();
        create("old");
        Settlement failed = manager.fail("old", "done", null, ACTOR);
        archiving.forget(failed);
        long after = archiving.forgottenMark();
        assertThat(after).isEqualTo(before + 1);

        assertThat(archiving.trimTombstones(after)).isZero();
        Settlement fresh = Settlement.newPending("new", "intent-new", null, "u", asset(), asset(), T0, T0 + 9);
        assertThat(archiving.create(fresh, 5, before)).as("a create that looked into the archive before the trim")
                .isFalse();
        assertThat(bean.find("new")).isEmpty();
        assertThat(archiving.create(fresh, 5, archiving.forgottenMark())).isTrue();
        assertThat(bean.find("new")).contains(fresh);
        // with its tombstone dropped, only the archive knows the id any more: that is why the composite looks there
        assertThat(archiving.create(Settlement.newPending("old", "intent-x", null, "u", asset(), asset(), T0, T0 + 9), 5,
                archiving.forgottenMark())).isTrue();
        assertThat(archiving.trimTombstones(before)).as("the bound never goes back").isZero();
    }

    @Test
    void countsShowTheClaimedIdsAndHowManyClaimsWereMade() {
        create("a");
        create("b");
        manager.fail("a", "done", null, ACTOR);
        RedisArchiving.Counts empty = archiving.counts();
        assertThat(empty.claimed()).isEmpty();
        assertThat(empty.byStatus()).containsEntry(SettlementStatus.FAILED, 1L).containsEntry(SettlementStatus.PENDING, 1L);

        archiving.claim(T0 + 1, 10, LONG_LEASE);
        RedisArchiving.Counts claimed = archiving.counts();
        assertThat(claimed.claimed()).containsExactly("a");
        assertThat(claimed.claimsMade()).isEqualTo(empty.claimsMade() + 1).isEqualTo(archiving.claimsMade());
        archiving.claim(T0 + 1, 10, LONG_LEASE);
        assertThat(archiving.claimsMade()).as("a claim that took nothing is not counted").isEqualTo(claimed.claimsMade());
    }

    @Test
    void theCompositesWritesAppendTheirEventsAndNeitherARecheckNorAMoveToTheArchiveDoes() {
        Settlement fresh = Settlement.newPending("s-1", "intent-1", null, "u", asset(), asset(), T0, T0 + 9);
        assertThat(archiving.create(fresh, 5, archiving.forgottenMark())).isTrue();
        Settlement failed = manager.fail("s-1", "done", null, ACTOR);
        assertThat(bean.events(EventQuery.after(0, 10)).items()).extracting(ChangeEvent::type, ChangeEvent::settlement)
                .containsExactly(tuple(ChangeEvent.CREATED, fresh), tuple("settlement.failed", failed));
        long head = bean.latestEventSequence();

        archiving.claim(T0 + 1, 10, LONG_LEASE);
        assertThat(archiving.forget(failed)).isTrue();
        archiving.trimTombstones(archiving.forgottenMark());
        assertThat(archiving.create(Settlement.newPending("s-2", "intent-2", null, "u", asset(), asset(), T0, T0 + 9),
                5, 0)).as("RECHECK").isFalse();
        assertThat(bean.latestEventSequence()).isEqualTo(head);
        assertThat(bean.events(EventQuery.after(0, 10)).items()).hasSize(2);
    }

    /** {@code plain} with its status changes written as the composite writes them: into the index claims walk. */
    private SettlementStore writtenAsTheCompositeWrites(SettlementStore plain) {
        return new SettlementStoreDecorator(plain) {
            @Override
            protected <T> T around(String operation, Supplier<T> call) {
                return call.get();
            }

            @Override
            public void update(long expectedVersion, Settlement updated, StateTransition transition) {
                archiving.update(expectedVersion, updated, transition);
            }
        };
    }

    private void create(String id) {
        manager.create(request(id, "intent-" + id));
    }

    private static NewSettlement request(String id, String intentId) {
        return new NewSettlement(id, intentId, null, "cosmos1user", asset(), asset(), null);
    }

    private static Asset asset() {
        return new Asset("cosmoshub-4", "uatom", BigInteger.TEN);
    }

}
