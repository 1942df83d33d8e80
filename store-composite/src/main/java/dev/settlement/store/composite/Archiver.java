package dev.settlement.store.composite;

import dev.settlement.api.ErrorCode;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementException;
import dev.settlement.api.StateTransition;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.store.jpa.JpaSettlementStore;
import dev.settlement.store.redis.RedisArchiving;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Moves terminal settlements from Redis to the PostgreSQL archive, batch by batch:
 * <ol>
 * <li>claim a batch in Redis (terminal, last changed before {@code now - archiveAfter}), with full histories, read
 * at one instant;</li>
 * <li>copy it into PostgreSQL in one transaction, idempotently (what is there already stays);</li>
 * <li>remove each settlement from Redis if it is still the version copied, leaving a tombstone.</li>
 * </ol>
 * A crash before step 2 commits leaves the batch in Redis only; a crash between 2 and 3 leaves it on both sides,
 * which every read tolerates, until its claim lapses and a later run copies it again (writing nothing) and removes
 * it. So nothing is lost and nothing doubled; several archivers at once only share out or repeat work.
 *
 * <p>The change feed's events older than {@code archiveAfter} move the same way: copied into PostgreSQL with their
 * sequences (idempotently), then trimmed from Redis; a crash between the two copies them again next time.
 */
public final class Archiver {
    private static final Logger LOG = Logger.getLogger(Archiver.class);
    static final int MAX_BATCH_SIZE = 5000;

    private final RedisArchiving hot;
    private final JpaSettlementStore archive;
    private final Settings settings;

    /** How the archiver works; see {@link CompositeConfig} for each. */
    public record Settings(Duration archiveAfter, int batchSize, Duration lease) {
        public Settings {
            if (archiveAfter.isNegative()) {
                throw new IllegalArgumentException("settlement.composite.archive-after must not be negative");
            }
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("settlement.composite.archive-batch-size must be between 1 and "
                        + MAX_BATCH_SIZE + ", not " + batchSize);
            }
            if (lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("settlement.composite.archive-lease must be positive");
            }
        }

        static Settings of(CompositeConfig config) {
            return new Settings(config.archiveAfter(), config.archiveBatchSize(), config.archiveLease());
        }
    }

    /**
     * What one run did: settlements it moved; ones another archiver had removed first; ones that changed after they
     * were read (left in Redis for a later run; terminal settlements do not change, so this means a bug elsewhere).
     */
    public record Report(int moved, int removedByOthers, int changed, int eventsMoved) {
    }

    Archiver(RedisArchiving hot, JpaSettlementStore archive, Settings settings) {
        this.hot = hot;
        this.archive = archive;
        this.settings = settings;
    }

    /**
     * Moves every terminal settlement last changed before {@code now - archiveAfter} (epoch seconds), then drops the
     * Redis tombstones of removals made before this run began. Throws if a side fails; the batch it was on stays
     * claimed until its lease runs out and is then taken up again.
     */
    public Report run(long now) {
        long before = now - settings.archiveAfter().toSeconds();
        long forgottenAtStart = hot.forgottenMark();
        int moved = 0;
        int removedByOthers = 0;
        int changed = 0;
        List<RedisArchiving.Claimed> batch;
        do {
            batch = hot.claim(before, settings.batchSize(), settings.lease());
            if (batch.isEmpty()) {
                break;
            }
            Map<Settlement, List<StateTransition>> copy = new LinkedHashMap<>();
            batch.forEach(claimed -> copy.put(claimed.settlement(), claimed.history()));
            archive.archive(copy);
            for (RedisArchiving.Claimed claimed : batch) {
                try {
                    if (hot.forget(claimed.settlement())) {
                        moved++;
                    } else {
                        removedByOthers++;
                    }
                } catch (SettlementException e) {
                    if (e.code() != ErrorCode.VERSION_CONFLICT) {
                        throw e;
                    }
                    changed++;
                    LOG.warnf("Archiver: %s changed after it was copied; it stays in Redis for now", e.getMessage());
                }
            }
        } while (batch.size() == settings.batchSize());
        // Tombstones from before this run have protected every create that could have raced their removal by now.
        hot.trimTombstones(forgottenAtStart);
        return new Report(moved, removedByOthers, changed, moveEvents(before));
    }

    /** Copies the feed's events older than {@code before} into the archive, then trims them from Redis. */
    private int moveEvents(long before) {
        int moved = 0;
        List<ChangeEvent> events;
        do {
            events = hot.oldestEvents(before, settings.batchSize());
            if (events.isEmpty()) {
                break;
            }
            archive.importEvents(events);
            hot.trimEventsThrough(events.get(events.size() - 1).sequence());
            moved += events.size();
        } while (events.size() == settings.batchSize());
        return moved;
    }
}
