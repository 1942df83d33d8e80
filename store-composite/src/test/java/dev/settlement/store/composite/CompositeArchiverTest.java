package dev.settlement.store.composite;

import static dev.settlement.api.StoreTestSupport.ACTOR;
import static dev.settlement.api.StoreTestSupport.asset;
import static dev.settlement.api.StoreTestSupport.assertCode;
import static dev.settlement.api.StoreTestSupport.ids;
import static dev.settlement.api.StoreTestSupport.raceAll;
import static dev.settlement.api.StoreTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.settlement.api.SettlementOutcome;
import dev.settlement.api.SettlementPolicy;
import dev.settlement.api.SettlementQuery;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.StateTransition;
import dev.settlement.store.postgres.PostgresSettlementStore;
import dev.settlement.store.redis.RedisArchiving;
import dev.settlement.testing.PostgresTestResource;
import dev.settlement.testing.RedisTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import dev.settlement.api.StoreTestSupport;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The archiver on a real Redis and PostgreSQL: what moves and when, that every read answers the same before, during
 * and after a move, that an archived id stays taken, and that crashes and racing archivers lose and double nothing.
 */
@QuarkusTest
@WithTestResource(value = RedisTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS,
        initArgs = @ResourceArg(name = "hint", value = "composite_archiver"))
class CompositeArchiverTest {
    private static final long T0 = 1_800_000_000L;
    private static final Duration AFTER = Duration.ofMinutes(5);
    private static final Duration LEASE = Duration.ofMinutes(5);
    /** Long enough that the checks after the crash run within it, even on a busy machine. */
    private static final Duration CRASHED_LEASE = Duration.ofSeconds(3);
    /** Late enough for every settlement of a test to be archived. */
    private static final long LATER = T0 + 1_000_000;

    @Inject
    TestSides sides;

    private CompositeSettlementStore store;
    private MutableClock clock;
    private SettlementManager manager;

    @BeforeEach
    void emptySides() {
        sides.empty();
        store = sides.composite();
        clock = new MutableClock(T0);
        manager = managerOn(store);
    }

    @AfterEach
    void leaveNothingBehind() {
        sides.empty();
    }

    @Test
    void terminalSettlementsMoveOnceArchiveAfterHasPassedAndActiveOnesStay() {
        manager.create(request("active", "intent-a", "solver-1"));
        manager.create(request("done", "intent-b", "solver-1"));
        manager.create(request("failed", "intent-c", null));
        clock.advance(10);
        Settlement done = walk("done", SettlementStatus.COMPLETE);
        List<StateTransition> doneHistory = store.history("done");
        clock.advance(10);
        Settlement failed = manager.fail("failed", "gave up", null, ACTOR);
        Archiver archiver = archiver(500, LEASE);

        assertThat(archiver.run(T0 + 10 + 300)).as("updatedAt must be before now - archive-after")
                .usingRecursiveComparison().ignoringFields("eventsMoved").isEqualTo(new Archiver.Report(0, 0, 0, 0));
        assertThat(archiver.run(T0 + 10 + 301)).usingRecursiveComparison().ignoringFields("eventsMoved").isEqualTo(new Archiver.Report(1, 0, 0, 0));

        assertThat(sides.hot().find("done")).isEmpty();
        assertThat(sides.hot().history("done")).isEmpty();
        assertThat(sides.archive().find("done")).contains(done);
        assertThat(sides.archive().history("done")).isEqualTo(doneHistory).hasSize(4);
        assertThat(store.find("done")).contains(done);
        assertThat(store.history("done")).isEqualTo(doneHistory);

        assertThat(archiver.run(LATER)).usingRecursiveComparison().ignoringFields("eventsMoved").isEqualTo(new Archiver.Report(1, 0, 0, 0));
        assertThat(sides.archive().find("failed")).contains(failed);
        assertThat(sides.hot().find("active")).isPresent();
        assertThat(sides.archive().find("active")).isEmpty();
        assertThat(sides.sql("SELECT count(*) FROM settlements")).isEqualTo(2);
        assertThat(sides.sql("SELECT count(*) FROM settlement_transitions")).isEqualTo(5);
        assertThat(archiver.run(LATER)).usingRecursiveComparison().ignoringFields("eventsMoved").isEqualTo(new Archiver.Report(0, 0, 0, 0));
    }

    @Test
    void theFeedsOldEventsMoveToTheArchiveAndTheFeedReadsTheSame() {
        manager.create(request("a", "intent-a", null));
        manager.fail("a", "gave up", null, ACTOR);
        clock.advance(10);
        manager.create(request("b", "intent-b", null));
        List<ChangeEvent> feed = store.events(EventQuery.after(0, 100)).items();
        assertThat(feed).hasSize(3);

        // settlement a and the events before T0 + 5 are old enough; b's creation is not
        Archiver.Report report = archiver(500, LEASE).run(T0 + 5 + AFTER.toSeconds());
        assertThat(report.moved()).isEqualTo(1);
        assertThat(report.eventsMoved()).isEqualTo(2);
        assertThat(sides.hot().events(EventQuery.after(0, 100)).items()).containsExactly(feed.get(2));
        assertThat(sides.archive().events(EventQuery.after(0, 100)).items()).containsExactlyElementsOf(feed.subList(0, 2));
        assertThat(store.events(EventQuery.after(0, 100)).items()).as("one feed across both sides").isEqualTo(feed);
        assertThat(store.events(EventQuery.after(feed.get(0).sequence(), 1)).items()).containsExactly(feed.get(1));
        assertThat(store.latestEventSequence()).isEqualTo(feed.get(2).sequence());

        // a crash between copy and trim leaves an event on both sides: read once, moved again without doubling
        sides.archive().importEvents(List.of(feed.get(2)));
        assertThat(store.events(EventQuery.after(0, 100)).items()).isEqualTo(feed);
        assertThat(archiver(500, LEASE).run(LATER).eventsMoved()).isEqualTo(1);
        assertThat(sides.hot().events(EventQuery.after(0, 100)).items()).isEmpty();
        assertThat(store.events(EventQuery.after(0, 100)).items()).isEqualTo(feed);

        Settlement c = manager.create(request("c", "intent-c", null));
        List<ChangeEvent> after = store.events(EventQuery.after(feed.get(2).sequence(), 100)).items();
        assertThat(after).extracting(ChangeEvent::settlement).containsExactly(c);
    }

    /**
     * The archive may hold events numbered above what Redis counted (postgres migrated to composite in place): a
     * composite's first create numbers its event above them, and so does any write after a look at the feed's head.
     */
    @Test
    void eventsWrittenAfterTheArchiveGotHigherNumbersComeAfterThem() {
        Settlement s = Settlement.newPending("old", "intent-old", null, "cosmos1user", StoreTestSupport.asset("1"),
                StoreTestSupport.asset("2"), T0, T0 + 100);
        sides.archive().importEvents(List.of(ChangeEvent.created(s).withSequence(5000)));
        CompositeSettlementStore fresh = new CompositeSettlementStore(sides.hot(), sides.archive());
        managerOn(fresh).create(request("new", "intent-new", null));

        List<ChangeEvent> feed = fresh.events(EventQuery.after(0, 10)).items();
        assertThat(feed).extracting(ChangeEvent::settlementId).containsExactly("old", "new");
        assertThat(feed.get(1).sequence()).isGreaterThan(5000);

        sides.archive().importEvents(List.of(ChangeEvent.created(s).withSequence(9000)));
        assertThat(fresh.latestEventSequence()).isEqualTo(9000);
        managerOn(fresh).fail("new", "after the head was read", null, ACTOR);
        assertThat(fresh.events(EventQuery.after(9000, 10)).items()).extracting(ChangeEvent::type)
                .containsExactly("settlement.failed");
    }

    /** More settlements and transitions than one INSERT statement takes, in one batch; run twice. */
    @Test
    void aLargeBatchIsCopiedWholeAndOnce() {
        for (int i = 0; i < 250; i++) {
            String id = String.format("s-%03d", i);
            manager.create(request(id, "intent-" + id, null));
            walk(id, i % 2 == 0 ? SettlementStatus.COMPLETE : SettlementStatus.USER_LOCKED);
            if (i % 2 == 1) {
                manager.fail(id, "reason " + i, null, ACTOR);
            }
        }
        Map<Settlement, List<StateTransition>> batch = new LinkedHashMap<>();
        sides.hot().archiving().claim(LATER, 500, LEASE).forEach(c -> batch.put(c.settlement(), c.history()));
        assertThat(batch).hasSize(250);

        sides.archive().archive(batch);
        sides.archive().archive(batch);

        assertThat(sides.sql("SELECT count(*) FROM settlements")).isEqualTo(250);
        assertThat(sides.sql("SELECT count(*) FROM settlement_transitions")).isEqualTo(125 * 4 + 125 * 2);
        batch.forEach((settlement, history) -> {
            assertThat(sides.archive().find(settlement.id())).contains(settlement);
            assertThat(sides.archive().history(settlement.id())).isEqualTo(history);
        });
    }

    @Test
    void everyReadAnswersTheSameBeforeAndAfterTheMove() {
        List<String> ids = mixedPopulation(40);
        View before = view(ids);

        Archiver.Report report = archiver(7, LEASE).run(LATER);

        long terminal = before.finds.values().stream().filter(s -> s.orElseThrow().status().isTerminal()).count();
        assertThat(report.moved()).isEqualTo(terminal).isGreaterThan(20);
        for (String id : ids) {
            boolean isTerminal = before.finds.get(id).orElseThrow().status().isTerminal();
            assertThat(sides.hot().find(id).isPresent()).as(id).isEqualTo(!isTerminal);
            assertThat(sides.archive().find(id).isPresent()).as(id).isEqualTo(isTerminal);
        }
        assertThat(view(ids)).isEqualTo(before);
    }

    @Test
    void pagingContinuesWithoutDuplicatesOrGapsWhileSettlementsMoveBetweenPages() {
        List<String> ids = mixedPopulation(40);
        List<String> expected = ids(store.list(new SettlementQuery(null, null, null, null, 100, null)));
        assertThat(expected).hasSize(40);
        Archiver archiver = archiver(3, LEASE);

        List<String> seen = new ArrayList<>();
        PageCursor cursor = null;
        long bound = T0;
        do {
            Page<Settlement> page = store.list(new SettlementQuery(null, null, null, null, 6, cursor));
            seen.addAll(ids(page));
            cursor = page.next();
            bound += 20; // settlements finished over time: each page, the next few of them move
            archiver.run(bound + AFTER.toSeconds());
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(sides.archive().list(new SettlementQuery(null, null, null, null, 100, null)).items()).isNotEmpty();
    }

    @Test
    void listsMergeBothSidesInCreationOrderWithTiesBrokenById() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String id = String.format("t-%02d", (i * 7) % 24); // ids against creation order, all in one second
            created.add(id);
            manager.create(request(id, "intent-" + id, i % 2 == 0 ? "solver-1" : null));
        }
        for (String id : created) {
            int n = Integer.parseInt(id.substring(2));
            if (n % 3 != 0 && n % 2 == 0) {
                manager.fail(id, "early", null, ACTOR);
            }
        }
        clock.advance(100);
        for (String id : created) {
            int n = Integer.parseInt(id.substring(2));
            if (n % 3 != 0 && n % 2 == 1) {
                manager.fail(id, "late", null, ACTOR);
            }
        }
        assertThat(archiver(500, LEASE).run(T0 + 50 + AFTER.toSeconds()).moved()).as("only the early ones")
                .isEqualTo(8);
        assertThat(sides.hot().list(new SettlementQuery(SettlementStatus.FAILED, null, null, null, 100, null)).items())
                .hasSize(8);

        List<String> sorted = created.stream().sorted().toList();
        assertThat(walk(null, null, 5)).containsExactlyElementsOf(sorted);
        assertThat(walk(null, null, 1)).containsExactlyElementsOf(sorted);
        assertThat(walk(SettlementStatus.FAILED, null, 2)).containsExactlyElementsOf(sorted.stream()
                .filter(id -> Integer.parseInt(id.substring(2)) % 3 != 0).toList());
        assertThat(walk(SettlementStatus.PENDING, null, 3)).containsExactlyElementsOf(sorted.stream()
                .filter(id -> Integer.parseInt(id.substring(2)) % 3 == 0).toList());
        List<String> solverOne = walk(null, "solver-1", 4);
        assertThat(solverOne).hasSize(12).isSorted();
        assertThat(store.countByStatus()).containsEntry(SettlementStatus.FAILED, 16L)
                .containsEntry(SettlementStatus.PENDING, 8L);
    }

    @Test
    void anArchivedIdIsRefusedByTheTombstoneThenByPostgresql() {
        manager.create(request("x", "intent-x", "solver-1"));
        manager.fail("x", "done", null, ACTOR);
        Archiver archiver = archiver(500, LEASE);
        assertThat(archiver.run(LATER).moved()).isEqualTo(1);

        assertCode(() -> manager.create(request("x", "intent-other", "solver-2")), ErrorCode.DUPLICATE_ID);
        assertThat(tombstonesLeft()).isEqualTo(1);

        archiver.run(LATER); // drops the tombstones of removals made before this run
        assertThat(tombstonesLeft()).isZero();
        assertCode(() -> manager.create(request("x", "intent-other", "solver-2")), ErrorCode.DUPLICATE_ID);
        assertCode(() -> managerOn(sides.peer()).create(request("x", "intent-y", null)), ErrorCode.DUPLICATE_ID);
        assertThat(store.find("x").orElseThrow().intentId()).isEqualTo("intent-x");
    }

    /**
     * The window a composite create must close: it looked into PostgreSQL ("not there"), then the archiver moved the
     * settlement with that id, then the create reaches Redis. The tombstone refuses it; and if the tombstone is
     * dropped too in that moment, Redis sends the create back to PostgreSQL, which now knows the id.
     */
    @Test
    void aCreateRacingTheMoveOfItsIdIsRefused() {
        for (boolean dropTombstones : List.of(false, true)) {
            String id = "x-" + dropTombstones;
            manager.create(request(id, "intent-" + id, null));
            manager.fail(id, "done", null, ACTOR);
            Archiver archiver = archiver(500, LEASE);
            RedisArchiving hot = sides.hot().archiving();
            AtomicInteger looks = new AtomicInteger();
            PostgresSettlementStore movesAfterLooking = new PostgresSettlementStore(PostgresSettlementStore.UNIT, "") {
                @Override
                public Optional<Settlement> find(String wanted) {
                    Optional<Settlement> found = super.find(wanted);
                    if (looks.incrementAndGet() == 1) {
                        assertThat(archiver.run(LATER).moved()).isEqualTo(1);
                        if (dropTombstones) {
                            hot.trimTombstones(hot.forgottenMark());
                        }
                    }
                    return found;
                }
            };
            SettlementStore racing = new CompositeSettlementStore(sides.hot(), movesAfterLooking);

            assertCode(() -> racing.create(Settlement.newPending(id, "intent-new", null, "u", asset("1"), asset("1"),
                    T0, T0 + 10), 100), ErrorCode.DUPLICATE_ID);
            assertThat(looks.get()).as("asked PostgreSQL again: %s", dropTombstones).isEqualTo(dropTombstones ? 2 : 1);
            assertThat(sides.hot().find(id)).isEmpty();
            assertThat(store.find(id).orElseThrow().intentId()).isEqualTo("intent-" + id);
        }
    }

    @Test
    void aCrashBetweenCopyAndRemovalLosesAndDoublesNothing() throws Exception {
        for (int i = 0; i < 5; i++) {
            manager.create(request("s-" + i, "intent-" + i, "solver-1"));
            walk("s-" + i, SettlementStatus.COMPLETE);
        }
        manager.create(request("active", "intent-active", "solver-1"));
        List<String> ids = List.of("s-0", "s-1", "s-2", "s-3", "s-4", "active");
        View before = view(ids);
        PostgresSettlementStore crashesAfterCopying = new PostgresSettlementStore(PostgresSettlementStore.UNIT, "") {
            @Override
            public void archive(Map<Settlement, List<StateTransition>> batch) {
                super.archive(batch);
                throw new IllegalStateException("crash after the copy");
            }
        };
        Archiver crashing = new CompositeSettlementStore(sides.hot(), crashesAfterCopying)
                .archiver(new Archiver.Settings(AFTER, 500, CRASHED_LEASE));

        assertThatThrownBy(() -> crashing.run(LATER)).hasMessageContaining("crash after the copy");

        for (int i = 0; i < 5; i++) {
            assertThat(sides.hot().find("s-" + i)).as("still in Redis").isPresent();
            assertThat(sides.archive().find("s-" + i)).as("and already in PostgreSQL").isPresent();
        }
        assertThat(view(ids)).as("reads, lists and counts see each settlement once").isEqualTo(before);
        assertThat(store.countByStatus()).containsEntry(SettlementStatus.COMPLETE, 5L)
                .containsEntry(SettlementStatus.PENDING, 1L);

        Archiver next = archiver(500, LEASE);
        assertThat(next.run(LATER)).as("the crashed batch is claimed until its lease runs out")
                .usingRecursiveComparison().ignoringFields("eventsMoved").isEqualTo(new Archiver.Report(0, 0, 0, 0));
        Thread.sleep(CRASHED_LEASE.toMillis() + 100);
        assertThat(next.run(LATER)).usingRecursiveComparison().ignoringFields("eventsMoved").isEqualTo(new Archiver.Report(5, 0, 0, 0));

        assertThat(sides.sql("SELECT count(*) FROM settlements")).isEqualTo(5);
        assertThat(sides.sql("SELECT count(*) FROM settlement_transitions")).isEqualTo(20);
        assertThat(sides.sql("SELECT count(*) FROM (SELECT settlement_id FROM settlement_transitions"
                + " GROUP BY settlement_id HAVING count(DISTINCT sequence) <> 4 OR max(sequence) <> 4) wrong")).isZero();
        assertThat(sides.sql("SELECT count(*) FROM settlements WHERE version <> 5")).isZero();
        assertThat(view(ids)).isEqualTo(before);
        assertThat(sides.hot().list(new SettlementQuery(null, null, null, null, 100, null)).items())
                .extracting(Settlement::id).containsExactly("active");
        assertThat(next.run(LATER)).usingRecursiveComparison().ignoringFields("eventsMoved").isEqualTo(new Archiver.Report(0, 0, 0, 0));
    }

    /**
     * A settlement copied but still in Redis counts once however many ids are claimed: past PostgreSQL's 32,767 bind
     * parameters, a list of them once failed the count (and the gauges) with STORE_UNAVAILABLE.
     */
    @Test
    void aCountLeavesOutClaimedIdsPastTheBindParameterLimit() {
        manager.create(request("x", "intent-x", null));
        manager.fail("x", "done", null, ACTOR);
        Map<Settlement, List<StateTransition>> copy = new LinkedHashMap<>();
        sides.hot().archiving().claim(LATER, 10, LEASE).forEach(c -> copy.put(c.settlement(), c.history()));
        sides.archive().archive(copy); // on both sides now, claimed in Redis
        sides.addClaims(40_000);

        assertThat(store.countByStatus()).containsEntry(SettlementStatus.FAILED, 1L);
    }

    /** A batch claimed and copied between Redis's count and PostgreSQL's would count twice: the count reads again. */
    @Test
    void aCountRacingACopyCountsTheSettlementOnce() {
        manager.create(request("x", "intent-x", null));
        manager.fail("x", "done", null, ACTOR);
        RedisArchiving hot = sides.hot().archiving();
        AtomicBoolean first = new AtomicBoolean(true);
        PostgresSettlementStore copiesWhileCounting = new PostgresSettlementStore(PostgresSettlementStore.UNIT, "") {
            @Override
            public Map<SettlementStatus, Long> countByStatusExcept(Collection<String> ids) {
                if (first.getAndSet(false)) {
                    Map<Settlement, List<StateTransition>> copy = new LinkedHashMap<>();
                    hot.claim(LATER, 10, LEASE).forEach(c -> copy.put(c.settlement(), c.history()));
                    super.archive(copy);
                }
                return super.countByStatusExcept(ids);
            }
        };

        assertThat(new CompositeSettlementStore(sides.hot(), copiesWhileCounting).countByStatus())
                .containsEntry(SettlementStatus.FAILED, 1L);
        assertThat(first).isFalse();
        assertThat(sides.archive().find("x")).isPresent();
        assertThat(sides.hot().find("x")).isPresent();
    }

    @Test
    void racingArchiversOnTwoInstancesMoveEachSettlementExactlyOnce() throws Exception {
        raceArchivers(LEASE);
    }

    /** Leases of a millisecond: the archivers keep taking over each other's batches and copy them again. */
    @Test
    void racingArchiversWhoseClaimsKeepLapsingStillMoveEachSettlementExactlyOnce() throws Exception {
        raceArchivers(Duration.ofMillis(1));
    }

    private void raceArchivers(Duration lease) throws Exception {
        int total = 150;
        for (int i = 0; i < total; i++) {
            String id = String.format("s-%03d", i);
            manager.create(request(id, "intent-" + id, null));
            if (i % 2 == 0) {
                walk(id, SettlementStatus.COMPLETE);
            } else {
                manager.fail(id, "done", null, ACTOR);
            }
        }
        List<Callable<Archiver.Report>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Archiver archiver = (i % 2 == 0 ? store : sides.peer()).archiver(new Archiver.Settings(AFTER, 7, lease));
            runs.add(() -> archiver.run(LATER));
        }

        List<Archiver.Report> reports = raceAll(runs);

        assertThat(reports.stream().mapToInt(Archiver.Report::moved).sum()).isEqualTo(total);
        assertThat(reports.stream().mapToInt(Archiver.Report::changed).sum()).isZero();
        assertThat(sides.sql("SELECT count(*) FROM settlements")).isEqualTo(total);
        assertThat(sides.sql("SELECT count(*) FROM settlement_transitions")).isEqualTo(total / 2 * 4 + total / 2);
        assertThat(sides.hot().list(new SettlementQuery(null, null, null, null, 10, null)).items()).isEmpty();
        assertThat(sides.hot().archiving().counts().claimed()).isEmpty();
        assertThat(store.countByStatus()).containsEntry(SettlementStatus.COMPLETE, (long) total / 2)
                .containsEntry(SettlementStatus.FAILED, (long) total / 2);
        assertThat(store.history("s-000")).extracting(StateTransition::sequence).containsExactly(1, 2, 3, 4);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private Archiver archiver(int batchSize, Duration lease) {
        return store.archiver(new Archiver.Settings(AFTER, batchSize, lease));
    }

    private SettlementManager managerOn(SettlementStore target) {
        AtomicInteger ids = new AtomicInteger();
        return new SettlementManager(target, new SettlementPolicy(1800, 100, 3600), clock,
                () -> "gen-" + ids.incrementAndGet(), SettlementListener.NONE);
    }

    /**
     * {@code n} settlements with several per second, ids against creation order, two solvers and users, intents that
     * are retried; a quarter stay active, the rest finish one after another, a few seconds apart.
     */
    private List<String> mixedPopulation(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i % 3 == 0) {
                clock.advance(1);
            }
            String id = String.format("m-%02d", n - i);
            ids.add(id);
            boolean active = i % 4 == 0;
            String intent = active ? "intent-active-" + i : "intent-" + (i % 7);
            manager.create(new NewSettlement(id, intent, i % 3 == 0 ? null : "solver-" + (i % 2),
                    i % 2 == 0 ? "cosmos1a" : "cosmos1b", asset(String.valueOf(i)), asset("7"), null));
            clock.advance(5);
            switch (i % 4) {
                case 0 -> {
                    if (i % 8 == 0) {
                        manager.advance(id, new SettlementEvent.UserLocked("e-" + i, null), null, ACTOR);
                    }
                }
                case 1 -> walk(id, SettlementStatus.COMPLETE);
                case 2 -> manager.fail(id, "reason " + i, null, ACTOR);
                default -> manager.complete(id, new SettlementOutcome.Timeout(), null, ACTOR);
            }
        }
        return ids;
    }

    /** Everything a client can read about {@code ids}, with every list walked page by page under several filters. */
    private View view(List<String> ids) {
        Map<String, Optional<Settlement>> finds = new LinkedHashMap<>();
        Map<String, List<StateTransition>> histories = new LinkedHashMap<>();
        Map<String, Optional<Settlement>> newest = new LinkedHashMap<>();
        for (String id : ids) {
            Optional<Settlement> found = store.find(id);
            finds.put(id, found);
            histories.put(id, store.history(id));
            found.ifPresent(s -> newest.put(s.intentId(), store.findNewestByIntent(s.intentId())));
        }
        List<SettlementQuery> filters = new ArrayList<>(List.of(
                new SettlementQuery(null, null, null, null, 0, null),
                new SettlementQuery(null, "solver-1", null, null, 0, null),
                new SettlementQuery(null, null, null, "cosmos1b", 0, null),
                new SettlementQuery(null, null, "intent-3", null, 0, null),
                new SettlementQuery(SettlementStatus.FAILED, "solver-0", null, null, 0, null)));
        for (SettlementStatus status : SettlementStatus.values()) {
            filters.add(new SettlementQuery(status, null, null, null, 0, null));
        }
        List<List<String>> pages = new ArrayList<>();
        for (SettlementQuery filter : filters) {
            for (int limit : List.of(1, 3, 7, 1000)) {
                PageCursor cursor = null;
                do {
                    Page<Settlement> page = store.list(new SettlementQuery(filter.status(), filter.solverId(),
                            filter.intentId(), filter.userAddress(), limit, cursor));
                    List<String> entry = new ArrayList<>(ids(page));
                    entry.add(page.next() == null ? "-" : page.next().encode(PageCursor.Order.CREATION));
                    pages.add(entry);
                    cursor = page.next();
                } while (cursor != null);
            }
        }
        return new View(finds, histories, newest, pages, store.countByStatus());
    }

    private record View(Map<String, Optional<Settlement>> finds, Map<String, List<StateTransition>> histories,
                        Map<String, Optional<Settlement>> newest, List<List<String>> pages,
                        Map<SettlementStatus, Long> counts) {
    }

    private List<String> walk(SettlementStatus status, String solverId, int limit) {
        List<String> seen = new ArrayList<>();
        PageCursor cursor = null;
        do {
            Page<Settlement> page = store.list(new SettlementQuery(status, solverId, null, null, limit, cursor));
            seen.addAll(ids(page));
            cursor = page.next();
        } while (cursor != null);
        return seen;
    }

    /** Walks a settlement along the lifecycle to {@code target} (COMPLETE: every step). */
    private Settlement walk(String id, SettlementStatus target) {
        Settlement s = store.find(id).orElseThrow();
        List<SettlementEvent> path = List.of(new SettlementEvent.UserLocked("e-" + id, "0x1"),
                new SettlementEvent.SolverLocked("b-" + id, "0x2"), new SettlementEvent.IbcTransferStarted(9, "0x3"),
                new SettlementEvent.IbcTransferComplete("0x4"));
        for (SettlementEvent event : path) {
            if (s.status() == target) {
                break;
            }
            s = manager.advance(id, event, null, ACTOR);
        }
        return s;
    }

    private long tombstonesLeft() {
        RedisArchiving hot = sides.hot().archiving();
        return hot.trimTombstones(0); // a bound that drops nothing: answers how many are left
    }
}
