package dev.settlement.store.redis;

import static dev.settlement.api.StoreTestSupport.ACTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settlement.api.Asset;
import dev.settlement.api.ErrorCode;
import dev.settlement.api.MutableClock;
import dev.settlement.api.NewSettlement;
import dev.settlement.api.Page;
import dev.settlement.api.PageCursor;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementEvent;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementListener;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementPolicy;
import dev.settlement.api.SettlementQuery;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.StoreHealth;
import dev.settlement.api.StuckQuery;
import dev.settlement.testing.TestRedis;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import io.vertx.redis.client.Command;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the contract cannot see: the key layout, server-side filtering across script steps, health and outages. */
@QuarkusTest
@TestProfile(RedisTestProfile.Behaviour.class)
class RedisStoreBehaviourTest {
    private static final long T0 = 1_800_000_000L;

    @Inject
    @Identifier("redis")
    dev.settlement.api.SettlementStore store;

    /** Raw access to the same server, to look at keys as an operator would. */
    @Inject
    @RedisClientName("second")
    RedisDataSource redis;

    @Inject
    @RedisClientName("unreachable")
    RedisDataSource unreachable;

    @ConfigProperty(name = "settlement.redis.url")
    String url;

    @ConfigProperty(name = "settlement.redis.key-prefix")
    String prefix;

    private RedisKeys keys;
    private final AtomicInteger ids = new AtomicInteger();
    private MutableClock clock;
    private SettlementManager manager;

    @BeforeEach
    void emptyStore() {
        keys = new RedisKeys(prefix);
        TestRedis.deleteKeys(url, prefix);
        clock = new MutableClock(T0);
        manager = new SettlementManager(store, new SettlementPolicy(1800, 5, 3600), clock,
                () -> "gen-" + ids.incrementAndGet(), SettlementListener.NONE);
    }

    @AfterEach
    void deleteKeys() {
        TestRedis.deleteKeys(url, prefix);
    }

    @Test
    void aHistoryEntryWrittenBeforeActorsWereKeptReadsAsUnknown() {
        manager.create(new NewSettlement("old", "intent-old", null, "u", asset(1), asset(1), null));
        redis.execute(Command.RPUSH, keys.history("old"),
                "{\"sequence\":1,\"fromStatus\":\"PENDING\",\"toStatus\":\"FAILED\",\"timestamp\":1}");

        assertThat(store.history("old")).extracting(dev.settlement.api.StateTransition::actor)
                .containsExactly(dev.settlement.api.StateTransition.UNKNOWN);
    }

    @Test
    void healthReportsBackendUrlAndWhetherTheServerPersists() {
        StoreHealth health = store.health();

        assertThat(health.up()).isTrue();
        assertThat(health.details()).containsEntry("backend", "redis").containsEntry("url", url)
                .containsEntry("keyPrefix", prefix);
        String appendOnly = SettlementCodec.toMap(redis.execute(Command.CONFIG, "GET", "appendonly")).get("appendonly");
        assertThat(health.details()).containsEntry("appendonly", "yes".equals(appendOnly));
        String save = (String) health.details().get("rdbSave");
        assertThat(health.details()).containsEntry("persistent", "yes".equals(appendOnly) || !save.isBlank());
        String policy = SettlementCodec.toMap(redis.execute(Command.CONFIG, "GET", "maxmemory-policy"))
                .get("maxmemory-policy");
        assertThat(health.details()).containsEntry("maxmemoryPolicy", policy);
    }

    @Test
    void anUnreachableServerIsUnavailableEverywhereAndHealthIsDownWithoutSecrets() {
        RedisSettlementStore down = new RedisSettlementStore(() -> unreachable, "redis://app:s3cret@127.0.0.1:1",
                prefix);
        Settlement s = Settlement.newPending("s-1", "i-1", null, "u", asset(1), asset(1), T0, T0 + 10);

        assertUnavailable(() -> down.create(s, 5));
        assertUnavailable(() -> down.find("s-1"));
        assertUnavailable(() -> down.findNewestByIntent("i-1"));
        assertUnavailable(() -> down.history("s-1"));
        assertUnavailable(() -> down.list(new SettlementQuery(null, null, null, null, 10, null)));
        assertUnavailable(() -> down.findStuck(new StuckQuery(T0, 10, null)));
        assertUnavailable(down::countByStatus);
        assertUnavailable(() -> down.countStuck(T0));

        StoreHealth health = down.health();
        assertThat(health.up()).isFalse();
        assertThat(health.details().get("error").toString()).contains("redis://***@127.0.0.1:1")
                .doesNotContain("s3cret");
    }

    @Test
    void errorRepliesAndDataThatMeanABugAreNotReportedAsAnOutage() {
        redis.execute(Command.SET, keys.all(), "not a sorted set");
        assertThatThrownBy(() -> store.list(new SettlementQuery(null, null, null, null, 10, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("WRONGTYPE");

        redis.execute(Command.HSET, keys.settlement("torn"), "id", "torn", "status", "PENDING");
        assertThatThrownBy(() -> store.find("torn"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Unreadable settlement");
    }

    @Test
    void aScriptTheServerDoesNotKnowIsSentOnceThenRunByItsDigest() {
        LuaScript probe = LuaScript.of("probe", "return 'probe ' .. ARGV[1] -- " + UUID.randomUUID());

        assertThat(probe.run(redis, List.of(), List.of("one")).toString()).isEqualTo("probe one");
        assertThat(probe.run(redis, List.of(), List.of("two")).toString()).isEqualTo("probe two");
    }

    @Test
    void theKeyLayoutFollowsTheLifecycle() {
        manager.create(new NewSettlement("s-1", "intent-1", "solver-1", "cosmos1user", asset(5), asset(7), null));

        assertThat(string(keys.activeOfIntent("intent-1"))).isEqualTo("s-1");
        assertThat(count(Command.SCARD, keys.activeOfSolver("solver-1"))).isEqualTo(1);
        assertThat(redis.execute(Command.ZSCORE, keys.activeByExpiry(), "s-1").toLong()).isEqualTo(T0 + 1800);
        assertThat(redis.execute(Command.ZSCORE, keys.byStatus(SettlementStatus.PENDING), "s-1").toLong()).isEqualTo(T0);
        for (String index : List.of(keys.all(), keys.bySolver("solver-1"), keys.byIntent("intent-1"),
                keys.byUser("cosmos1user"))) {
            assertThat(redis.execute(Command.ZSCORE, index, "s-1").toLong()).as(index).isEqualTo(T0);
        }
        assertThat(count(Command.HEXISTS, keys.settlement("s-1"), "escrowId")).as("null is an absent field").isZero();

        manager.advance("s-1", new SettlementEvent.UserLocked("escrow-1", null), null, ACTOR);
        assertThat(count(Command.ZCARD, keys.byStatus(SettlementStatus.PENDING))).isZero();
        assertThat(count(Command.ZCARD, keys.byStatus(SettlementStatus.USER_LOCKED))).isEqualTo(1);
        assertThat(string(keys.activeOfIntent("intent-1"))).as("still active").isEqualTo("s-1");

        manager.fail("s-1", "gave up", null, ACTOR);
        assertThat(count(Command.EXISTS, keys.activeOfIntent("intent-1"))).isZero();
        assertThat(count(Command.SCARD, keys.activeOfSolver("solver-1"))).isZero();
        assertThat(count(Command.ZCARD, keys.activeByExpiry())).isZero();
        assertThat(count(Command.ZCARD, keys.byStatus(SettlementStatus.USER_LOCKED))).isZero();
        assertThat(count(Command.ZCARD, keys.byStatus(SettlementStatus.FAILED))).isEqualTo(1);
        assertThat(count(Command.LLEN, keys.history("s-1"))).isEqualTo(2);
        assertThat(count(Command.ZCARD, keys.all())).as("lists keep terminal settlements").isEqualTo(1);
        assertThat(count(Command.EXISTS, keys.terminalByUpdate()))
                .as("only the composite's archiver reads idx:terminal: the plain backend keeps none").isZero();
    }

    @Test
    void theLargestIbcSequenceRoundTrips() {
        manager.create(new NewSettlement("s-1", "intent-1", null, "cosmos1user", asset(1), asset(1), null));
        manager.advance("s-1", new SettlementEvent.UserLocked("e", null), null, ACTOR);
        manager.advance("s-1", new SettlementEvent.SolverLocked("b", null), null, ACTOR);
        Settlement executing = manager.advance("s-1", new SettlementEvent.IbcTransferStarted(Long.MAX_VALUE, null), null, ACTOR);

        assertThat(store.find("s-1")).contains(executing);
        assertThat(executing.ibcPacketSequence()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void textWithQuotesNewlinesAndUnicodeRoundTrips() {
        String reason = "bad \"proof\"\nline two, \\ backslash, ünïcødé ✓ 🚀";
        manager.create(new NewSettlement("s-1", "intent-1", "solver{x}:1", "cosmos1{user}:*", asset(0), asset(1),
                null));
        Settlement failed = manager.fail("s-1", reason, null, ACTOR);

        assertThat(store.find("s-1")).contains(failed);
        assertThat(failed.errorMessage()).isEqualTo(reason);
        assertThat(store.history("s-1")).singleElement().satisfies(t -> assertThat(t.details()).contains(reason));
        assertThat(ids(manager.list(null, "solver{x}:1", null, "cosmos1{user}:*", null, null))).containsExactly("s-1");
    }

    /**
     * Both single-field indexes of the query hold 1200 entries and only three settlements match both, the last one
     * beyond what one script call examines: the page still finds every match, in order.
     */
    @Test
    void aSparseCombinedFilterIsWalkedInBoundedScriptSteps() {
        List<String> rare = new ArrayList<>();
        for (int i = 0; i < 2400; i++) {
            String id = String.format("s-%04d", i);
            boolean userB = i >= 1200;
            manager.create(new NewSettlement(id, "intent-" + i, null, userB ? "cosmos1b" : "cosmos1a", asset(1),
                    asset(1), null));
            if (userB && (i == 1300 || i == 1800 || i == 2399)) {
                rare.add(id);
            } else if (userB) {
                manager.fail(id, "filler", null, ACTOR);
            }
            clock.advance(1);
        }
        assertThat(count(Command.ZCARD, keys.byUser("cosmos1b"))).isGreaterThan(RedisSettlementStore.SCAN_BUDGET);

        Page<Settlement> first = manager.list(SettlementStatus.PENDING, null, null, "cosmos1b", 2, null);
        assertThat(ids(first)).containsExactly(rare.get(0), rare.get(1));
        Page<Settlement> second = manager.list(SettlementStatus.PENDING, null, null, "cosmos1b", 2,
                first.next().encode(PageCursor.Order.CREATION));
        assertThat(ids(second)).containsExactly(rare.get(2));
        assertThat(second.next()).isNull();
    }

    /** Many settlements share one second; the record under the cursor leaves the walked index before the next page. */
    @Test
    void pagingAStatusIndexSurvivesTheCursorRecordLeavingIt() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = String.format("t-%02d", (i * 7) % 30); // ids out of creation order, one createdAt for all
            created.add(id);
            manager.create(new NewSettlement(id, "intent-" + id, null, "cosmos1user", asset(1), asset(1), null));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<Settlement> page = manager.list(SettlementStatus.PENDING, null, null, null, 4, cursor);
            seen.addAll(ids(page));
            if (!page.items().isEmpty()) {
                manager.advance(page.items().get(page.items().size() - 1).id(),
                        new SettlementEvent.UserLocked("e", null), null, ACTOR);
            }
            cursor = page.next() == null ? null : page.next().encode(PageCursor.Order.CREATION);
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(created.stream().sorted().toList());
    }

    private void assertUnavailable(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(SettlementException.class)
                .extracting(e -> ((SettlementException) e).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
    }

    private String string(String key) {
        return redis.execute(Command.GET, key).toString();
    }

    private long count(Command command, String... args) {
        return redis.execute(command, args).toLong();
    }

    private static Asset asset(long amount) {
        return new Asset("cosmoshub-4", "uatom", BigInteger.valueOf(amount));
    }

    private static List<String> ids(Page<Settlement> page) {
        return page.items().stream().map(Settlement::id).toList();
    }
}
