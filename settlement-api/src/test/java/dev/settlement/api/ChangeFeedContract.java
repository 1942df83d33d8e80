package dev.settlement.api;

import static dev.settlement.api.StoreTestSupport.ACTOR;
import static dev.settlement.api.StoreTestSupport.assertCode;
import static dev.settlement.api.StoreTestSupport.expiring;
import static dev.settlement.api.StoreTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The change feed every store keeps: one event per creation and per transition, written with the change. */
public interface ChangeFeedContract extends StoreUnderTest {

    private List<ChangeEvent> all(SettlementStore from) {
        return from.events(EventQuery.after(0, 1000)).items();
    }

    @Test
    default void everyCreationAndTransitionIsAnEventWithTheRecordAfterIt() {
        Settlement created = manager().create(request("s-1", "intent-1", "solver-1"));
        clock().advance(5);
        Settlement locked = manager().advance("s-1", new SettlementEvent.UserLocked("escrow-1", "0xabc"), null, ACTOR);
        clock().advance(5);
        Settlement failed = manager().fail("s-1", "gave up", null, ACTOR);

        List<ChangeEvent> events = all(store());
        assertThat(events).extracting(ChangeEvent::type)
                .containsExactly("settlement.created", "settlement.user_locked", "settlement.failed");
        assertThat(events).extracting(ChangeEvent::settlement).containsExactly(created, locked, failed);
        assertThat(events.get(0).transition()).isNull();
        assertThat(events.subList(1, 3)).extracting(ChangeEvent::transition).containsExactlyElementsOf(store().history("s-1"));
        assertThat(events).extracting(ChangeEvent::time).containsExactly(StoreTestSupport.T0, StoreTestSupport.T0 + 5,
                StoreTestSupport.T0 + 10);
        assertThat(events).extracting(ChangeEvent::sequence).isSorted().doesNotHaveDuplicates().allMatch(s -> s > 0);
        assertThat(events.get(0).solverId()).isEqualTo("solver-1");
        assertThat(store().latestEventSequence()).isEqualTo(events.get(2).sequence());
    }

    @Test
    default void refusalsAndReplaysWriteNoEvent() {
        manager().create(request("s-1", "intent-1", "solver-1"));
        manager().advance("s-1", new SettlementEvent.UserLocked("escrow-1", null), null, ACTOR);
        long head = store().latestEventSequence();

        manager().advance("s-1", new SettlementEvent.UserLocked("escrow-1", null), null, ACTOR); // replay
        assertCode(() -> manager().advance("s-1", new SettlementEvent.IbcTransferComplete(null), null, ACTOR),
                ErrorCode.INVALID_STATE_TRANSITION);
        assertCode(() -> manager().create(request("s-1", "intent-2", null)), ErrorCode.DUPLICATE_ID);
        assertCode(() -> manager().create(request("s-2", "intent-1", null)), ErrorCode.INTENT_ALREADY_ACTIVE);
        assertCode(() -> manager().fail("s-1", "late", 1L, ACTOR), ErrorCode.VERSION_CONFLICT);

        assertThat(store().latestEventSequence()).isEqualTo(head);
        assertThat(all(store())).hasSize(2);
    }

    @Test
    default void aReaderPagesWithAfterAndFiltersByTypeAndSolver() {
        for (int i = 0; i < 5; i++) {
            manager().create(request("s-" + i, "intent-" + i, i % 2 == 0 ? "solver-even" : "solver-odd"));
            manager().fail("s-" + i, "no", null, ACTOR);
        }
        List<ChangeEvent> everything = all(store());
        assertThat(everything).hasSize(10);

        List<Long> paged = new ArrayList<>();
        long after = 0;
        EventPage page;
        do {
            page = store().events(EventQuery.after(after, 3));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
            page.items().forEach(e -> paged.add(e.sequence()));
            assertThat(page.nextAfter()).isEqualTo(page.items().isEmpty() ? after
                    : page.items().get(page.items().size() - 1).sequence());
            after = page.nextAfter();
        } while (!page.items().isEmpty());
        assertThat(paged).containsExactlyElementsOf(everything.stream().map(ChangeEvent::sequence).toList());

        EventPage failedOfEven = store().events(new EventQuery(0, 100, Set.of("settlement.failed"), "solver-even"));
        assertThat(failedOfEven.items()).extracting(ChangeEvent::settlementId).containsExactly("s-0", "s-2", "s-4");
        EventPage two = store().events(new EventQuery(0, 2, Set.of("settlement.created", "settlement.failed"), "solver-odd"));
        assertThat(two.items()).extracting(ChangeEvent::type).containsExactly("settlement.created", "settlement.failed");
        assertThat(store().events(EventQuery.after(everything.get(9).sequence(), 10)).items()).isEmpty();
    }

    @Test
    default void recoveryTimeOutsAreEvents() {
        manager().create(expiring("late", StoreTestSupport.T0 + 10));
        clock().advance(3600 + 11);
        manager().recover(StateTransition.SYSTEM);

        ChangeEvent last = all(store()).get(1);
        assertThat(last.type()).isEqualTo("settlement.timed_out");
        assertThat(last.transition().actor()).isEqualTo(StateTransition.SYSTEM);
    }

    @Test
    default void pruningRemovesOldEventsAndReadingBelowThemIsExpired() {
        manager().create(request("old", "intent-old", null));
        clock().advance(100);
        manager().create(request("new", "intent-new", null));
        List<ChangeEvent> before = all(store());

        assertThat(store().pruneEvents(StoreTestSupport.T0 + 50)).isEqualTo(1);
        long removed = before.get(0).sequence();
        assertCode(() -> store().events(EventQuery.after(removed - 1, 10)), ErrorCode.EVENTS_EXPIRED);
        assertThat(store().events(EventQuery.after(removed, 10)).items()).extracting(ChangeEvent::settlementId)
                .containsExactly("new");
        assertThat(store().pruneEvents(StoreTestSupport.T0 + 50)).isZero();
        assertThat(store().latestEventSequence()).isEqualTo(before.get(1).sequence());
    }

    @Test
    default void importedEventsKeepTheirSequencesAndLaterOnesComeAfter() {
        Settlement s = Settlement.newPending("imp", "intent-imp", null, "cosmos1user", StoreTestSupport.asset("1"),
                StoreTestSupport.asset("2"), StoreTestSupport.T0, StoreTestSupport.T0 + 100);
        ChangeEvent imported = ChangeEvent.created(s).withSequence(1000);
        store().importEvents(List.of(imported));
        store().importEvents(List.of(imported)); // idempotent
        assertThat(all(store())).containsExactly(imported);

        manager().create(request("after", "intent-after", null));
        List<ChangeEvent> events = all(store());
        assertThat(events).hasSize(2);
        assertThat(events.get(1).sequence()).isGreaterThan(1000);
        assertThat(store().latestEventSequence()).isEqualTo(events.get(1).sequence());
    }

    /**
     * The feed's promise under load: writers on two instances, a reader tailing with {@code after} the whole time.
     * Whatever it has seen, it never later finds an event below it; at the end it has seen every event once.
     */
    @Test
    default void aTailingReaderMissesNoEventUnderConcurrentWritersOnTwoInstances() throws Exception {
        int writersPerInstance = 4;
        int settlementsPerWriter = 15;
        List<SettlementManager> managers = List.of(manager(), managerOn(secondInstance()));
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2 * writersPerInstance + 1);
        try {
            Future<List<Long>> reader = pool.submit(() -> {
                List<Long> seen = new ArrayList<>();
                long after = 0;
                boolean last = false;
                while (true) {
                    boolean done = !writing.get(); // read once more after the writers stopped
                    EventPage page = store().events(EventQuery.after(after, 7));
                    page.items().forEach(e -> seen.add(e.sequence()));
                    after = page.nextAfter();
                    if (page.items().isEmpty()) {
                        if (last) {
                            return seen;
                        }
                        last = done;
                    }
                }
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2 * writersPerInstance; w++) {
                SettlementManager m = managers.get(w % 2);
                String prefix = "w" + w + "-";
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < settlementsPerWriter; i++) {
                        String id = prefix + i;
                        m.create(request(id, "intent-" + id, null));
                        m.advance(id, new SettlementEvent.UserLocked("escrow-" + id, null), null, ACTOR);
                        m.fail(id, "done", null, ACTOR);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            List<Long> seen = reader.get(2, TimeUnit.MINUTES);

            List<Long> log = new ArrayList<>();
            long after = 0;
            for (EventPage page = store().events(EventQuery.after(0, 1000)); !page.items().isEmpty();
                 page = store().events(EventQuery.after(after, 1000))) {
                page.items().forEach(e -> log.add(e.sequence()));
                after = page.nextAfter();
            }
            assertThat(log).hasSize(2 * writersPerInstance * settlementsPerWriter * 3);
            assertThat(seen).as("the tailing reader saw every event once, in increasing order").isEqualTo(log);
        } finally {
            pool.shutdownNow();
        }
    }
}
