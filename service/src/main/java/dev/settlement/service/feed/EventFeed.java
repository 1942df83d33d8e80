package dev.settlement.service.feed;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementListener;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.StateTransition;
import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.service.config.SettlementConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Reads of the change feed that may wait for the next event (long poll, Server-Sent Events) without holding a thread
 * while they wait: a read runs on a worker, and the wait between reads is a timer. A change made by this instance
 * wakes the waiting readers at once; one made by another instance is seen at the next poll.
 */
@ApplicationScoped
public class EventFeed implements SettlementListener {
    /** How often a waiting reader looks for changes other instances made. */
    static final Duration POLL = Duration.ofMillis(250);
    /** The shortest wait a timer takes (Vert.x refuses shorter ones). */
    private static final Duration MIN_PAUSE = Duration.ofMillis(1);
    private static final Logger LOG = Logger.getLogger(EventFeed.class);

    private final SettlementStore store;
    private final Clock clock;
    private final Duration retention;
    private final AtomicReference<CompletableFuture<Void>> nextChange = new AtomicReference<>(new CompletableFuture<>());

    public EventFeed(SettlementStore store, Clock clock, SettlementConfig config) {
        this.store = store;
        this.clock = clock;
        this.retention = config.events().retention();
    }

    /** The sequence of the newest event (0 when there is none yet). */
    public long head() {
        return store.latestEventSequence();
    }

    /** The page of {@code query} as it is now, read on the caller's thread (a worker's). */
    public EventPage readNow(EventQuery query) {
        return store.events(query);
    }

    /** The page of {@code query}; while it is empty, waits up to {@code wait} for events to arrive. */
    public Uni<EventPage> read(EventQuery query, Duration wait) {
        return readUntil(query, System.nanoTime() + wait.toNanos());
    }

    /**
     * The feed from {@code query}'s position on, page after page, for as long as the subscriber wants: each page is a
     * {@link #read} from where the last one ended, so it comes as soon as events arrive, or empty once
     * {@code heartbeat} passed without any. Holds no thread while it waits.
     */
    public Multi<EventPage> follow(EventQuery query, Duration heartbeat) {
        AtomicLong position = new AtomicLong(query.after());
        return Multi.createBy().repeating()
                .uni(() -> read(query.at(position.get()), heartbeat))
                .indefinitely()
                .invoke(page -> position.set(page.nextAfter()));
    }

    private Uni<EventPage> readUntil(EventQuery query, long deadline) {
        CompletableFuture<Void> change = nextChange.get(); // taken before the read: a change during it wakes us
        return Uni.createFrom().item(() -> store.events(query))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(page -> {
                    long left = deadline - System.nanoTime();
                    // under a millisecond left counts as none: a timer cannot wait less, and refusing would hang us
                    if (!page.items().isEmpty() || left < MIN_PAUSE.toNanos()) {
                        return Uni.createFrom().item(page);
                    }
                    Duration pause = Duration.ofNanos(Math.min(POLL.toNanos(), left));
                    // a copy: the time-out cancels what it waits on, and the shared future must stay for the others
                    return Uni.createFrom().completionStage(change.copy())
                            .ifNoItem().after(pause).recoverWithItem((Void) null)
                            .flatMap(woken -> readUntil(query, deadline));
                });
    }

    @Override
    public void created(Settlement settlement) {
        wakeReaders();
    }

    @Override
    public void transitioned(Settlement before, Settlement after, StateTransition transition) {
        wakeReaders();
    }

    private void wakeReaders() {
        nextChange.getAndSet(new CompletableFuture<>()).complete(null);
    }

    /** Removes events past the retention; each instance may run it, the store removes each event once. */
    @Scheduled(every = "${settlement.events.prune-interval:10m}", delay = 30, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void prune() {
        try {
            long removed = store.pruneEvents(clock.instant().minus(retention).getEpochSecond());
            if (removed > 0) {
                LOG.infof("Removed %d events older than %s (settlement.events.retention)", removed, retention);
            }
        } catch (SettlementException e) {
            LOG.warnf("Old events not removed this time: %s", e.getMessage());
        }
    }
}
