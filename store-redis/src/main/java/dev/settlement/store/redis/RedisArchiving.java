package dev.settlement.store.redis;

import dev.settlement.api.ImportOutcome;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementWithHistory;
import dev.settlement.api.StateTransition;
import dev.settlement.api.feed.ChangeEvent;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the {@code composite} backend needs from a {@link RedisSettlementStore} to move terminal settlements to its
 * archive, each step one atomic script:
 * <ol>
 * <li>{@link #claim}: take a batch of terminal settlements last changed before a bound, with their histories;</li>
 * <li>(the composite copies them into the archive)</li>
 * <li>{@link #forget}: remove each one from Redis if it is still the version copied, leaving a tombstone.</li>
 * </ol>
 * Writes that make a settlement terminal go through {@link #update} and {@link #importInto}, so that it enters the
 * index {@link #claim} walks; and, for creates, {@link #forgottenMark()} plus {@link #create}: together with a look into the archive between
 * the two, an id can never be created again once it was archived, even while a settlement is being moved.
 * {@link #create} and {@link #update} append their change's event to the feed in the same script, as the plain
 * backend's writes do; {@link #forget} and {@link #importInto} write no event (moving a settlement is no change).
 */
public final class RedisArchiving {
    private static final LuaScript CLAIM = LuaScript.loadWriting("claim");
    private static final LuaScript FORGET = LuaScript.loadWriting("forget");
    private static final LuaScript TRIM_TOMBSTONES = LuaScript.loadWriting("trim-tombstones");
    private static final LuaScript ARCHIVE_COUNTS = LuaScript.load("archive-counts");
    private static final LuaScript RAISE_EVENT_SEQUENCE = LuaScript.loadWriting("raise-event-sequence");

    private final RedisSettlementStore store;

    RedisArchiving(RedisSettlementStore store) {
        this.store = store;
    }

    /** A terminal settlement and its whole history, as one claim read them at one instant. */
    public record Claimed(Settlement settlement, List<StateTransition> history) {
    }

    /**
     * The counts per status of what Redis holds, every id under an archive claim (such a settlement may be in the
     * archive already), and how many claims were ever made (a change tells a reader that claims happened since).
     */
    public record Counts(Map<SettlementStatus, Long> byStatus, Set<String> claimed, long claimsMade) {
    }

    /**
     * The removal sequence now: how many settlements {@link #forget} has removed. A create reads it before it looks
     * into the archive, then passes it to {@link #create}.
     */
    public long forgottenMark() {
        Response value = store.execute(Command.HGET, store.keys().archiveCounters(), "forgotten");
        return value == null ? 0 : value.toLong();
    }

    /**
     * {@link RedisSettlementStore#create} that also refuses an id removed by {@link #forget}: DUPLICATE_ID while its
     * tombstone is kept. Returns false, writing nothing, when tombstones of removals after {@code forgottenMark} may
     * have been dropped already: the caller must look into its archive again (with a new mark) and retry.
     */
    public boolean create(Settlement settlement, int maxActivePerSolver, long forgottenMark) {
        return store.create(settlement, maxActivePerSolver, Long.toString(forgottenMark)).equals("OK");
    }

    /**
     * Claims up to {@code limit} terminal settlements whose {@code updatedAt} is before {@code updatedBefore}, oldest
     * first, skipping those another archiver claimed less than its lease ago; the claim lasts {@code lease} on the
     * Redis server's clock. Claims only keep archivers apart: a settlement may still be claimed twice (after a lease
     * ran out), so copying it must be idempotent.
     */
    public List<Claimed> claim(long updatedBefore, int limit, Duration lease) {
        RedisKeys keys = store.keys();
        Response reply = store.run(CLAIM, List.of(keys.terminalByUpdate(), keys.archiveClaims(), keys.archiveCounters()),
                List.of(keys.settlementPrefix(), keys.historyPrefix(), Long.toString(updatedBefore),
                        Integer.toString(limit), Long.toString(Math.max(1, lease.toMillis()))));
        List<Claimed> claimed = new ArrayList<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            List<StateTransition> history = new ArrayList<>();
            for (Response entry : reply.get(i + 1)) {
                history.add(SettlementCodec.transitionFromJson(entry.toString()));
            }
            claimed.add(new Claimed(SettlementCodec.fromHash(reply.get(i)), List.copyOf(history)));
        }
        return claimed;
    }

    /**
     * Removes a terminal settlement from Redis — hash, history, every index entry, its claim — if it is still at the
     * version of {@code archived}, and leaves a tombstone so that {@link #create} refuses its id. Returns true when it
     * removed it now, false when it was gone already (another archiver was first).
     * {@link dev.settlement.api.ErrorCode#VERSION_CONFLICT} when it changed since it was read (nothing is removed).
     */
    public boolean forget(Settlement archived) {
        if (!archived.status().isTerminal()) {
            throw new IllegalArgumentException("Only a terminal settlement is archived, not " + archived.status());
        }
        RedisKeys keys = store.keys();
        List<String> k = new ArrayList<>(List.of(keys.settlement(archived.id()), keys.history(archived.id()),
                keys.all(), keys.byStatus(archived.status()), keys.byIntent(archived.intentId()),
                keys.byUser(archived.userAddress()), keys.terminalByUpdate(), keys.archiveClaims(),
                keys.archiveTombstones(), keys.archiveCounters()));
        if (archived.solverId() != null) {
            k.add(keys.bySolver(archived.solverId()));
        }
        Response outcome = store.run(FORGET, k, List.of(archived.id(), Long.toString(archived.version()),
                archived.status().name(), archived.intentId(),
                archived.solverId() == null ? "" : archived.solverId(), archived.userAddress()));
        return switch (outcome.get(0).toString()) {
            case "OK" -> true;
            case "NOT_FOUND" -> false;
            case "VERSION_CONFLICT" -> throw SettlementException.versionConflict(archived.id(), archived.version(),
                    outcome.get(1).toLong());
            case "INCONSISTENT" -> throw new IllegalArgumentException("Cannot forget '" + archived.id() + "': "
                    + outcome.get(1));
            default -> throw new IllegalStateException("forget.lua answered " + outcome);
        };
    }

    /**
     * Drops the tombstones of removals numbered up to {@code upToMark} (a {@link #forgottenMark()} read earlier), so
     * they do not pile up; creates whose mark is older learn to look into the archive again. Returns how many
     * tombstones are left.
     */
    public long trimTombstones(long upToMark) {
        RedisKeys keys = store.keys();
        return store.run(TRIM_TOMBSTONES, List.of(keys.archiveTombstones(), keys.archiveCounters()),
                List.of(Long.toString(upToMark))).toLong();
    }

    /** The status counts, claimed ids and claims made so far, read at one instant. */
    public Counts counts() {
        RedisKeys keys = store.keys();
        SettlementStatus[] statuses = SettlementStatus.values();
        List<String> k = new ArrayList<>();
        for (SettlementStatus status : statuses) {
            k.add(keys.byStatus(status));
        }
        k.add(keys.archiveClaims());
        k.add(keys.archiveCounters());
        Response reply = store.run(ARCHIVE_COUNTS, k, List.of());
        Map<SettlementStatus, Long> byStatus = new EnumMap<>(SettlementStatus.class);
        for (int i = 0; i < statuses.length; i++) {
            byStatus.put(statuses[i], reply.get(i).toLong());
        }
        Set<String> claimed = new HashSet<>();
        reply.get(statuses.length).forEach(id -> claimed.add(id.toString()));
        return new Counts(byStatus, Set.copyOf(claimed), reply.get(statuses.length + 1).toLong());
    }

    /**
     * {@link RedisSettlementStore#update} for the composite: a settlement that becomes terminal also enters the index
     * {@link #claim} walks (the plain backend keeps no such entry).
     */
    public void update(long expectedVersion, Settlement updated, StateTransition transition) {
        store.update(expectedVersion, updated, transition, true);
    }

    /**
     * {@link RedisSettlementStore#importSettlements} of one settlement, for the composite: empty, writing nothing,
     * when a tombstone says the archive holds it, or with {@code onlyOverStored} when Redis does not hold it (the
     * caller then imports it into the archive).
     */
    public Optional<ImportOutcome> importInto(SettlementWithHistory item, boolean onlyOverStored) {
        return store.importInto(item, onlyOverStored, true);
    }

    /**
     * Up to {@code limit} of the feed's oldest events kept in Redis, in sequence order, as long as their time is before
     * {@code timeBefore}: what the archiver copies to PostgreSQL next.
     */
    public List<ChangeEvent> oldestEvents(long timeBefore, int limit) {
        Response entries = store.execute(Command.XRANGE, store.keys().events(), "-", "+", "COUNT",
                Integer.toString(limit));
        List<ChangeEvent> events = new ArrayList<>();
        for (Response entry : entries) {
            ChangeEvent event = RedisSettlementStore.eventOf(entry);
            if (event.time() >= timeBefore) {
                break;
            }
            events.add(event);
        }
        return events;
    }

    /**
     * Removes the feed's entries up to {@code sequence} from Redis once the archive holds them. Unlike retention this
     * leaves the feed's pruned-through mark alone: the events are still in the feed, on the archive's side.
     */
    public void trimEventsThrough(long sequence) {
        store.execute(Command.XTRIM, store.keys().events(), "MINID", (sequence + 1) + "-0");
    }

    /** Makes sure events written from now on get sequences above {@code sequence}. */
    public void raiseEventSequence(long sequence) {
        store.run(RAISE_EVENT_SEQUENCE, List.of(store.keys().eventSequence()), List.of(Long.toString(sequence)));
    }

    /** How many claims were ever made; compare with {@link Counts#claimsMade()}. */
    public long claimsMade() {
        Response value = store.execute(Command.HGET, store.keys().archiveCounters(), "claims");
        return value == null ? 0 : value.toLong();
    }
}
