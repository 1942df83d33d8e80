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
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventFields;
import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.api.webhook.DeliveryStatus;
import dev.settlement.api.webhook.WebhookDelivery;
import dev.settlement.api.webhook.WebhookEndpoint;
import dev.settlement.api.webhook.WebhookSignature;
import dev.settlement.api.webhook.WebhookStore;
import dev.settlement.testing.TestRedis;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        assertUnavailable(() -> down.events(EventQuery.after(0, 10)));
        assertUnavailable(down::latestEventSequence);
        assertUnavailable(() -> down.pruneEvents(T0));
        assertUnavailable(() -> down.importEvents(List.of(imported(1, null, T0))));
        assertUnavailable(() -> down.webhooks().endpoints());
        assertUnavailable(() -> down.webhooks().enqueue("e", 0, 1, List.of()));
        assertUnavailable(() -> down.webhooks().dueDeliveries(T0, 10));

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
        assertThat(store.activeBySolver()).isEqualTo(Map.of("solver{x}:1", 1L));
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

    @Test
    void theFeedIsOneStreamEntryPerChangeIdentifiedByItsSequence() {
        manager.create(new NewSettlement("s-1", "intent-1", "solver-1", "cosmos1user", asset(5), asset(7), null));
        manager.fail("s-1", "gave up", null, ACTOR);
        List<ChangeEvent> events = store.events(EventQuery.after(0, 10)).items();

        Response entries = redis.execute(Command.XRANGE, keys.events(), "-", "+");
        assertThat(entries.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            assertThat(entries.get(i).get(0).toString()).isEqualTo(events.get(i).sequence() + "-0");
            assertThat(SettlementCodec.toMap(entries.get(i).get(1))).isEqualTo(Map.of(
                    "time", Long.toString(events.get(i).time()), "event", EventFields.encode(events.get(i))));
        }
        assertThat(string(keys.eventSequence())).isEqualTo(Long.toString(events.get(1).sequence()));
    }

    @Test
    void anEventMissingBelowTheHeadCannotBeImportedAndItsBatchWritesNothing() {
        Settlement created = manager.create(new NewSettlement("s-1", "intent-1", null, "u", asset(1), asset(1), null));
        store.importEvents(List.of(imported(5, null, T0)));

        assertThatThrownBy(() -> store.importEvents(List.of(imported(9, null, T0), imported(3, null, T0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event 3");
        assertThat(sequences(store.events(EventQuery.after(0, 10)))).containsExactly(1L, 5L);
        assertThat(store.latestEventSequence()).isEqualTo(5);

        // what is here stays as it is (sequence 1 is the creation of s-1), what is above the head is appended
        store.importEvents(List.of(imported(9, null, T0), imported(1, null, T0), imported(5, null, T0)));
        List<ChangeEvent> events = store.events(EventQuery.after(0, 10)).items();
        assertThat(sequences(store.events(EventQuery.after(0, 10)))).containsExactly(1L, 5L, 9L);
        assertThat(events.get(0).settlement()).isEqualTo(created);
        assertThat(store.latestEventSequence()).isEqualTo(9);
    }

    @Test
    void pruningAndImportingGoInBoundedStepsAndWhatPruningRemovedIsNotImportedAgain() {
        List<ChangeEvent> history = new ArrayList<>();
        for (long sequence = 1; sequence <= 2500; sequence++) {
            history.add(imported(sequence, null, T0 + sequence));
        }
        assertThat(history.size()).isGreaterThan(2 * Math.max(RedisSettlementStore.PRUNE_BATCH,
                RedisSettlementStore.IMPORT_BATCH));
        store.importEvents(history);
        assertThat(count(Command.XLEN, keys.events())).isEqualTo(2500);

        assertThat(store.pruneEvents(T0 + 2100)).isEqualTo(2099);
        assertThat(count(Command.XLEN, keys.events())).isEqualTo(401);
        assertThatThrownBy(() -> store.events(EventQuery.after(2098, 1))).isInstanceOf(SettlementException.class)
                .extracting(e -> ((SettlementException) e).code()).isEqualTo(ErrorCode.EVENTS_EXPIRED);
        assertThat(sequences(store.events(EventQuery.after(2099, 1)))).containsExactly(2100L);

        store.importEvents(history);
        assertThat(count(Command.XLEN, keys.events())).as("pruned events stay pruned").isEqualTo(401);
        manager.create(new NewSettlement("s-1", "intent-1", null, "u", asset(1), asset(1), null));
        assertThat(store.latestEventSequence()).isEqualTo(2501);
    }

    @Test
    void aFilterThatLeavesWholeBatchesEmptyReadsOnToTheMatches() {
        List<ChangeEvent> events = new ArrayList<>();
        for (long sequence = 1; sequence <= 1200; sequence++) {
            events.add(imported(sequence, "solver-a", T0));
        }
        events.add(imported(1201, "solver-b", T0));
        assertThat(events.size()).isGreaterThan(2 * RedisSettlementStore.FEED_BATCH);
        store.importEvents(events);

        EventPage page = store.events(new EventQuery(0, 10, Set.of(), "solver-b"));
        assertThat(sequences(page)).containsExactly(1201L);
        assertThat(page.nextAfter()).isEqualTo(1201);
        EventPage none = store.events(new EventQuery(0, 10, Set.of("settlement.failed"), null));
        assertThat(none.items()).isEmpty();
        assertThat(none.nextAfter()).isZero();
    }

    @Test
    void aDeletedWebhookEndpointLeavesNoKeyAndNoDueEntryAndOneCreatedAgainStartsEmpty() {
        WebhookStore hooks = store.webhooks();
        hooks.createEndpoint(endpoint("gone"));
        hooks.createEndpoint(endpoint("kept"));
        hooks.enqueue("gone", 0, 3, List.of(WebhookDelivery.pending("gone", 1, "s-1", T0, T0),
                WebhookDelivery.pending("gone", 2, "s-2", T0, T0), WebhookDelivery.pending("gone", 3, "s-1", T0, T0)));
        hooks.enqueue("kept", 0, 3, List.of(WebhookDelivery.pending("kept", 1, "s-1", T0, T0)));
        WebhookDelivery two = hooks.findDelivery("gone", 2).orElseThrow();
        hooks.replaceDelivery(two.version(), two.attempted(DeliveryStatus.DELIVERED, T0, 200, null));
        WebhookDelivery three = hooks.findDelivery("gone", 3).orElseThrow();
        hooks.replaceDelivery(three.version(), three.attempted(DeliveryStatus.FAILED, T0 + 5, 500, "HTTP 500"));

        assertThat(hooks.deleteEndpoint("gone")).isTrue();
        List<String> left = new ArrayList<>();
        redis.execute(Command.KEYS, "{" + prefix + "}:wh:*").forEach(key -> left.add(key.toString()));
        assertThat(left).isNotEmpty().noneMatch(key -> key.contains("gone"));
        assertThat(members(keys.webhookDue())).containsExactly(RedisKeys.dueMember("kept", 1));

        hooks.createEndpoint(endpoint("kept"));
        assertThat(hooks.deliveries("kept", null, 0, 10)).isEmpty();
        assertThat(hooks.countDeliveries("kept")).containsEntry(DeliveryStatus.PENDING, 0L);
        assertThat(hooks.dueDeliveries(T0 + 10, 10)).isEmpty();
        assertThat(count(Command.EXISTS, keys.webhookUndelivered("kept"))).isZero();
    }

    private static WebhookEndpoint endpoint(String id) {
        return new WebhookEndpoint(id, "https://receiver.example/" + id, Set.of(), null, null,
                WebhookSignature.newSecret(), T0, 0);
    }

    /** The creation of a settlement of its own, as a migration would bring it, with {@code sequence}. */
    private static ChangeEvent imported(long sequence, String solverId, long time) {
        return ChangeEvent.created(Settlement.newPending("imp-" + sequence, "intent-imp-" + sequence, solverId,
                "cosmos1user", asset(1), asset(1), time, time + 100)).withSequence(sequence);
    }

    private static List<Long> sequences(EventPage page) {
        return page.items().stream().map(ChangeEvent::sequence).toList();
    }

    private List<String> members(String sortedSet) {
        List<String> members = new ArrayList<>();
        redis.execute(Command.ZRANGE, sortedSet, "0", "-1").forEach(m -> members.add(m.toString()));
        return members;
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
