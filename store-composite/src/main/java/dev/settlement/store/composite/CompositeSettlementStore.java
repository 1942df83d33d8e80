package dev.settlement.store.composite;

import dev.settlement.api.ErrorCode;
import dev.settlement.api.ImportOutcome;
import dev.settlement.api.Page;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementQuery;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementWithHistory;
import dev.settlement.api.StateTransition;
import dev.settlement.api.StoreHealth;
import dev.settlement.api.StuckQuery;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.api.migration.RelocatableStore;
import dev.settlement.api.webhook.WebhookStore;
import dev.settlement.api.migration.TieredStore;
import dev.settlement.store.postgres.PostgresBackend;
import dev.settlement.store.postgres.PostgresSettlementStore;
import dev.settlement.store.redis.RedisArchiving;
import dev.settlement.store.redis.RedisBackend;
import dev.settlement.store.redis.RedisSettlementStore;
import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The {@code composite} backend: every active settlement, and every write, in Redis (the {@code redis} store); terminal
 * settlements with their full history moved to PostgreSQL (the {@code postgres} store) by the {@link Archiver} some
 * time after they finished. Callers see one store with the semantics of every other backend:
 * <ul>
 * <li>reads look in Redis, then in PostgreSQL. A settlement being moved is in PostgreSQL before it leaves Redis, so
 * looking in that order always finds it;</li>
 * <li>lists merge both sides' keyset pages in (createdAt, id) order, a settlement found on both sides once;</li>
 * <li>the rules on active settlements are Redis's alone (active settlements are only there); an id is refused if
 * either side knows it, without a window while it moves (see {@link #create});</li>
 * <li>stuck queries ask Redis only: PostgreSQL holds no active settlement;</li>
 * <li>the change feed is written in Redis with each change (same script); the archiver moves old events to
 * PostgreSQL, copying before it trims, and reads merge Redis's page with the archive's, Redis read first, so an event
 * moving meanwhile is seen on one side or both, never on none;</li>
 * <li>webhook endpoints and deliveries are Redis's.</li>
 * </ul>
 * Both stores are looked up on first use, so a deployment that selects another backend never touches either.
 */
@ApplicationScoped
@Identifier(CompositeSettlementStore.BACKEND)
@Unremovable
public class CompositeSettlementStore implements SettlementStore, TieredStore {
    static final String BACKEND = CompositeBackend.NAME;
    /** A create meets tombstones dropped under its feet only if it took longer than a whole archiver run. */
    private static final int CREATE_ATTEMPTS = 5;
    /** A count meets a claim made while it read only if an archiver started a batch in those milliseconds. */
    private static final int COUNT_ATTEMPTS = 5;

    private final Supplier<RedisSettlementStore> hot;
    private final Supplier<PostgresSettlementStore> archive;
    /** Whether Redis's event counter was raised above the archive's events yet (once per instance, before a write). */
    private volatile boolean sequenceAboveArchive;

    /** The service's bean, on the {@code redis} and {@code postgres} stores the service also knows. */
    @Inject
    public CompositeSettlementStore(@Identifier(RedisBackend.NAME) Instance<RedisSettlementStore> redis,
                                    @Identifier(PostgresBackend.NAME) Instance<PostgresSettlementStore> postgres) {
        this(memoized(redis::get), memoized(postgres::get));
    }

    /**
     * A composite on stores of the caller's choosing, e.g. a second instance with its own clients for tests, or the
     * migrate command's composite on another Redis server or key prefix, or another database.
     */
    public CompositeSettlementStore(RedisSettlementStore hot, PostgresSettlementStore archive) {
        this(() -> hot, () -> archive);
    }

    private CompositeSettlementStore(Supplier<RedisSettlementStore> hot, Supplier<PostgresSettlementStore> archive) {
        this.hot = hot;
        this.archive = archive;
    }

    /** For the CDI client proxy only, which delegates every call to the instance built above. */
    protected CompositeSettlementStore() {
        this(() -> null, () -> null);
    }

    /** Redis, then PostgreSQL. */
    @Override
    public List<RelocatableStore> tiers() {
        return List.of(hot.get(), archive.get());
    }

    /**
     * Where a migration in place puts a settlement: an active one in Redis, where the rules on active settlements
     * live; a finished one in PostgreSQL, where the archiver would have moved it.
     */
    @Override
    public RelocatableStore tierFor(Settlement settlement) {
        return settlement.isActive() ? hot.get() : archive.get();
    }

    /** The archiver of this store's two sides, with the given settings. */
    public Archiver archiver(Archiver.Settings settings) {
        return new Archiver(hot.get().archiving(), archive.get(), settings);
    }

    /**
     * The archive is asked first, then Redis, with the removal sequence read before the archive was asked: an id
     * archived after that look still has its tombstone in Redis, so create.lua refuses it; if its tombstone was
     * dropped meanwhile, create.lua says so and the archive is asked again. The intent and capacity rules are
     * Redis's: they concern active settlements only.
     */
    @Override
    public void create(Settlement settlement, int maxActivePerSolver) {
        RedisArchiving archiving = hot.get().archiving();
        keepSequenceAboveArchive(archiving);
        for (int attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
            long forgottenMark = archiving.forgottenMark();
            if (archive.get().find(settlement.id()).isPresent()) {
                throw new SettlementException(ErrorCode.DUPLICATE_ID,
                        "A settlement with id '" + settlement.id() + "' already exists");
            }
            if (archiving.create(settlement, maxActivePerSolver, forgottenMark)) {
                return;
            }
        }
        throw SettlementException.unavailable(BACKEND, new IllegalStateException("create of '" + settlement.id()
                + "' raced the archiver " + CREATE_ATTEMPTS + " times"));
    }

    @Override
    public Optional<Settlement> find(String id) {
        Optional<Settlement> hotOne = hot.get().find(id);
        return hotOne.isPresent() ? hotOne : archive.get().find(id);
    }

    /** An active settlement is the answer wherever it is, and it is in Redis; otherwise the newer of both sides'. */
    @Override
    public Optional<Settlement> findNewestByIntent(String intentId) {
        Optional<Settlement> hotOne = hot.get().findNewestByIntent(intentId);
        if (hotOne.isPresent() && hotOne.get().isActive()) {
            return hotOne;
        }
        Optional<Settlement> archived = archive.get().findNewestByIntent(intentId);
        return Stream.of(hotOne, archived).flatMap(Optional::stream).min(Settlement.NEWEST_OF_INTENT);
    }

    /**
     * Redis only: a settlement is archived once terminal, and terminal settlements never change. A settlement found
     * only in the archive gets the answer the SPI gives for it: VERSION_CONFLICT at another version; at its own
     * version the change is refused as INVALID_STATE_TRANSITION (it is terminal).
     */
    @Override
    public void update(long expectedVersion, Settlement updated, StateTransition transition) {
        try {
            hot.get().archiving().update(expectedVersion, updated, transition);
        } catch (SettlementException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            Settlement archived = archive.get().find(updated.id()).orElseThrow(() -> e);
            if (archived.version() != expectedVersion) {
                throw SettlementException.versionConflict(updated.id(), expectedVersion, archived.version());
            }
            throw new SettlementException(ErrorCode.INVALID_STATE_TRANSITION, "Settlement '" + updated.id()
                    + "' is " + archived.status() + " and archived: it cannot change any more");
        }
    }

    /**
     * Redis first: the transitions of a settlement there. Redis has none for a new settlement (still in Redis: the
     * answer is empty) and for one already archived (gone from Redis: the archive answers). A settlement is archived
     * only when terminal, so never with an empty history.
     */
    @Override
    public List<StateTransition> history(String id) {
        List<StateTransition> hotHistory = hot.get().history(id);
        if (!hotHistory.isEmpty() || hot.get().find(id).isPresent()) {
            return hotHistory;
        }
        return archive.get().history(id);
    }

    /**
     * Both sides' first {@code limit + 1} matches after the cursor, merged: the first {@code limit + 1} of the union
     * are among them. Redis is read first, so a settlement moving meanwhile is seen on one side or both, never on
     * none. A filter on an active status needs only Redis.
     */
    @Override
    public Page<Settlement> list(SettlementQuery query) {
        if (query.status() != null && !query.status().isTerminal()) {
            return hot.get().list(query);
        }
        SettlementQuery overfetch = new SettlementQuery(query.status(), query.solverId(), query.intentId(),
                query.userAddress(), query.limit() + 1, query.after());
        List<Settlement> hotRows = hot.get().list(overfetch).items();
        List<Settlement> archivedRows = archive.get().list(overfetch).items();
        return Page.fromOverfetch(Pages.merge(hotRows, archivedRows, Settlement.BY_CREATION, query.limit() + 1),
                query.limit(), Settlement::createdAt);
    }

    /** Redis's histories, and the archive's for the settlements Redis has none of (see {@link #history}). */
    @Override
    public Map<String, List<StateTransition>> histories(List<String> ids) {
        Map<String, List<StateTransition>> histories = new LinkedHashMap<>(hot.get().histories(ids));
        List<String> elsewhere = ids.stream().filter(id -> histories.get(id).isEmpty()).toList();
        if (!elsewhere.isEmpty()) {
            archive.get().histories(elsewhere).forEach((id, history) -> {
                if (!history.isEmpty()) {
                    histories.put(id, history);
                }
            });
        }
        return histories;
    }

    /**
     * Each settlement where the composite keeps it: an active one, or one Redis holds already (an earlier run copied
     * it while it was active), goes to Redis, where the rules on active settlements live, and is archived later like
     * any other; a terminal one Redis does not hold goes straight to the archive, so a large history does not pass
     * through Redis memory. A settlement Redis says is archived (a tombstone) is the archive's.
     */
    @Override
    public List<ImportOutcome> importSettlements(List<SettlementWithHistory> batch) {
        RedisArchiving archiving = hot.get().archiving();
        Map<String, ImportOutcome> outcomes = new HashMap<>();
        List<SettlementWithHistory> toArchive = new ArrayList<>();
        for (SettlementWithHistory item : batch) {
            Optional<ImportOutcome> inRedis = archiving.importInto(item, !item.settlement().isActive());
            if (inRedis.isPresent()) {
                outcomes.put(item.id(), inRedis.get());
            } else {
                toArchive.add(item);
            }
        }
        List<ImportOutcome> archived = archive.get().importSettlements(toArchive);
        for (int i = 0; i < toArchive.size(); i++) {
            outcomes.put(toArchive.get(i).id(), archived.get(i));
        }
        return batch.stream().map(item -> outcomes.get(item.id())).toList();
    }

    /** Kept in PostgreSQL, the durable side whatever Redis's persistence settings. */
    @Override
    public Optional<String> migrationCheckpoint(String migration) {
        return archive.get().migrationCheckpoint(migration);
    }

    @Override
    public void saveMigrationCheckpoint(String migration, String checkpoint) {
        archive.get().saveMigrationCheckpoint(migration, checkpoint);
    }

    // ---- the change feed ---------------------------------------------------------------------------------------------

    /**
     * Redis's page, then the archive's, merged by sequence (an event on both sides, copied and not yet trimmed, once):
     * the first {@code limit} of each side hold the first {@code limit} of the union. The archive is read second, so
     * an event the archiver copied and trimmed between the two reads is found there.
     */
    @Override
    public EventPage events(EventQuery query) {
        List<ChangeEvent> hotEvents = hot.get().events(query).items();
        List<ChangeEvent> archived = archive.get().events(query).items();
        TreeMap<Long, ChangeEvent> union = new TreeMap<>();
        Stream.concat(hotEvents.stream(), archived.stream()).forEach(e -> union.putIfAbsent(e.sequence(), e));
        return EventPage.of(query, union.values().stream().limit(query.limit()).toList());
    }

    /** The higher of both sides'; Redis's counter is raised to it if lower (see {@link #keepSequenceAboveArchive}). */
    @Override
    public long latestEventSequence() {
        long inRedis = hot.get().latestEventSequence();
        long archived = archive.get().latestEventSequence();
        if (archived > inRedis) {
            hot.get().archiving().raiseEventSequence(archived);
        }
        return Math.max(inRedis, archived);
    }

    /** Both sides, archive first; an event on both (copied, not yet trimmed) counts twice. */
    @Override
    public long pruneEvents(long before) {
        return archive.get().pruneEvents(before) + hot.get().pruneEvents(before);
    }

    /**
     * Into the archive, which takes events at any sequence (a Redis stream only appends); Redis's counter is raised
     * above them, so the events written here later come after.
     */
    @Override
    public void importEvents(List<ChangeEvent> events) {
        archive.get().importEvents(events);
        events.stream().mapToLong(ChangeEvent::sequence).max()
                .ifPresent(highest -> hot.get().archiving().raiseEventSequence(highest));
    }

    @Override
    public WebhookStore webhooks() {
        return hot.get().webhooks();
    }

    /**
     * Events are numbered in Redis, but the archive may hold higher numbers than Redis ever counted (PostgreSQL
     * migrated to composite in place; an import raises it itself): the migration's look at the target's head raises
     * Redis's counter ({@link #latestEventSequence}), and so does this instance's first create (which needs the
     * archive anyway), in case the counter was lost with Redis's data. Updates need only Redis, so they do not look.
     */
    private void keepSequenceAboveArchive(RedisArchiving archiving) {
        if (!sequenceAboveArchive) {
            archiving.raiseEventSequence(archive.get().latestEventSequence());
            sequenceAboveArchive = true;
        }
    }

    @Override
    public Page<Settlement> findStuck(StuckQuery query) {
        return hot.get().findStuck(query);
    }

    /**
     * Redis's counts plus the archive's, counting a settlement that is on both sides (copied, not yet removed from
     * Redis) once. Every such settlement is under an archive claim in Redis, and claims come before copies; so the
     * archive leaves out the ids claimed when Redis counted, and if a claim was made between the two counts (it may
     * have been copied before the archive counted), both are read again.
     */
    @Override
    public Map<SettlementStatus, Long> countByStatus() {
        RedisArchiving archiving = hot.get().archiving();
        for (int attempt = 1; ; attempt++) {
            RedisArchiving.Counts hotCounts = archiving.counts();
            Map<SettlementStatus, Long> archived = archive.get().countByStatusExcept(hotCounts.claimed());
            if (attempt == COUNT_ATTEMPTS || archiving.claimsMade() == hotCounts.claimsMade()) {
                Map<SettlementStatus, Long> total = new EnumMap<>(hotCounts.byStatus());
                archived.forEach((status, n) -> total.merge(status, n, Long::sum));
                return total;
            }
        }
    }

    @Override
    public long countStuck(long before) {
        return hot.get().countStuck(before);
    }

    /** Redis's alone: active settlements are only there, the archive holds terminal ones. */
    @Override
    public Map<String, Long> activeBySolver() {
        return hot.get().activeBySolver();
    }

    /** Up when both sides are; their details under {@code redis.*} and {@code postgres.*}. */
    @Override
    public StoreHealth health() {
        StoreHealth redis;
        StoreHealth postgres;
        try {
            redis = hot.get().health();
            postgres = archive.get().health();
        } catch (RuntimeException e) {
            return StoreHealth.down("composite store cannot be built: " + e.getMessage());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backend", BACKEND);
        redis.details().forEach((key, value) -> details.put("redis." + key, value));
        postgres.details().forEach((key, value) -> details.put("postgres." + key, value));
        if (redis.up() && postgres.up()) {
            return StoreHealth.up(details);
        }
        List<String> errors = new ArrayList<>();
        if (!redis.up()) {
            errors.add(String.valueOf(redis.details().get("error")));
        }
        if (!postgres.up()) {
            errors.add(String.valueOf(postgres.details().get("error")));
        }
        details.put("error", String.join("; ", errors));
        return new StoreHealth(false, Map.copyOf(details));
    }

    private static <T> Supplier<T> memoized(Supplier<T> lookup) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    v = lookup.get();
                    value = v;
                }
                return v;
            }
        };
    }
}
