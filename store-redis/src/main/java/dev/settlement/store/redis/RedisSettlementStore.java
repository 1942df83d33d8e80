package dev.settlement.store.redis;

import dev.settlement.api.ErrorCode;
import dev.settlement.api.ImportOutcome;
import dev.settlement.api.Page;
import dev.settlement.api.PageCursor;
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
import dev.settlement.api.feed.EventFields;
import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.api.webhook.WebhookStore;
import dev.settlement.api.migration.RelocatableStore;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The {@code redis} backend: a hash per settlement, its transitions in a list, sorted sets as indexes, the change feed
 * in a stream (see {@link RedisKeys}). Every mutation is one Lua script, so its rule checks, record write, transition,
 * index moves and event happen atomically however many service instances share the server; every query is a range
 * over one index. Webhook endpoints and deliveries are kept beside them ({@link #webhooks()}).
 *
 * <p>The Redis client is looked up on first use only, so a deployment that selects another backend never touches
 * Redis. Connection failures, timeouts and "cannot serve now" replies become {@link ErrorCode#STORE_UNAVAILABLE}.
 */
@ApplicationScoped
@Identifier(RedisSettlementStore.BACKEND)
public class RedisSettlementStore implements SettlementStore, RelocatableStore {
    static final String BACKEND = RedisBackend.NAME;
    /** Index entries one page script examines before handing back, so a sparse filter never blocks the server. */
    static final int SCAN_BUDGET = 1000;

    private static final LuaScript CREATE = LuaScript.loadWriting("create");
    private static final LuaScript UPDATE = LuaScript.loadWriting("update");
    private static final LuaScript PAGE = LuaScript.load("page");
    private static final LuaScript NEWEST_OF_INTENT = LuaScript.load("newest-of-intent");
    private static final LuaScript COUNT_BY_STATUS = LuaScript.load("count-by-status");
    private static final LuaScript ACTIVE_BY_SOLVER = LuaScript.load("active-by-solver");
    private static final LuaScript IMPORT = LuaScript.loadWriting("import");
    private static final LuaScript HISTORIES = LuaScript.load("histories");
    private static final LuaScript REMOVE = LuaScript.loadWriting("remove");
    private static final LuaScript EVENTS = LuaScript.load("events");
    private static final LuaScript PRUNE_EVENTS = LuaScript.loadWriting("prune-events");
    private static final LuaScript IMPORT_EVENTS = LuaScript.loadWriting("import-events");
    private static final LuaScript SERVER_INFO = LuaScript.load("server-info");
    /** Events one filtered read asks for at a time (an unfiltered one asks for its limit). */
    static final int FEED_BATCH = 500;
    /** Events one prune call removes at most, so it never blocks the server for long. */
    static final int PRUNE_BATCH = 1000;
    /** Events one import call writes at most. */
    static final int IMPORT_BATCH = 200;

    private final Supplier<RedisDataSource> dataSource;
    private final String url;
    private final RedisKeys keys;
    private final RedisArchiving archiving = new RedisArchiving(this);
    private final RedisWebhookStore webhooks;
    private final int minReplicaAcks;
    private final Duration replicaAckTimeout;
    private volatile RedisDataSource redis;
    private volatile String location;

    /** The service's bean; the defaults of its keys are in this jar's META-INF/microprofile-config.properties. */
    @Inject
    public RedisSettlementStore(Instance<RedisDataSource> dataSource, RedisConfig config) {
        this(dataSource::get, config.url(), config.keyPrefix(), config.minReplicaAcks(), config.replicaAckTimeout());
    }

    /**
     * A store on a data source of the caller's choosing, e.g. a second client for multi-instance tests.
     * {@code url} is only reported by {@link #health()}; {@code dataSource} is called on first use.
     */
    public RedisSettlementStore(Supplier<RedisDataSource> dataSource, String url, String keyPrefix) {
        this(dataSource, url, keyPrefix, 0, Duration.ZERO);
    }

    /**
     * A store on a data source of the caller's choosing whose writes are acknowledged only once {@code minReplicaAcks}
     * replicas have them, waiting at most {@code replicaAckTimeout} ({@code WAIT}); 0 acknowledges what the primary has.
     */
    public RedisSettlementStore(Supplier<RedisDataSource> dataSource, String url, String keyPrefix, int minReplicaAcks,
                                Duration replicaAckTimeout) {
        if (minReplicaAcks < 0) {
            throw new IllegalArgumentException("settlement.redis.min-replica-acks must be 0 or more, not "
                    + minReplicaAcks);
        }
        this.dataSource = dataSource;
        this.url = url;
        this.keys = new RedisKeys(keyPrefix);
        this.webhooks = new RedisWebhookStore(this);
        this.minReplicaAcks = minReplicaAcks;
        this.replicaAckTimeout = replicaAckTimeout;
    }

    @Override
    public void create(Settlement s, int maxActivePerSolver) {
        String outcome = create(s, maxActivePerSolver, "");
        if (!outcome.equals("OK")) {
            throw new IllegalStateException("create.lua answered " + outcome);
        }
    }

    /**
     * Runs create.lua; {@code archiveMark} is empty, or the removal sequence a composite caller read before it
     * checked its archive. Returns OK or RECHECK (only with a mark); the refusals of the SPI are thrown.
     */
    String create(Settlement s, int maxActivePerSolver, String archiveMark) {
        if (!s.isActive()) {
            throw new IllegalArgumentException("A new settlement is active, not " + s.status());
        }
        RedisScripts.Call call = RedisScripts.create(keys, s, maxActivePerSolver, archiveMark);
        String outcome = run(CREATE, call.keys(), call.args()).toString();
        switch (outcome) {
            case "OK", "RECHECK" -> {
                return outcome;
            }
            case "DUPLICATE_ID" -> throw new SettlementException(ErrorCode.DUPLICATE_ID,
                    "A settlement with id '" + s.id() + "' already exists");
            case "INTENT_ALREADY_ACTIVE" -> throw new SettlementException(ErrorCode.INTENT_ALREADY_ACTIVE,
                    "Intent '" + s.intentId() + "' already has an active settlement");
            case "SOLVER_CAPACITY_EXCEEDED" -> throw new SettlementException(ErrorCode.SOLVER_CAPACITY_EXCEEDED,
                    "Solver '" + s.solverId() + "' already holds " + maxActivePerSolver + " active settlements");
            default -> throw new IllegalStateException("create.lua answered " + outcome);
        }
    }

    /** The operations the composite backend's archiver needs on this store's data; nothing else uses them. */
    public RedisArchiving archiving() {
        return archiving;
    }

    RedisKeys keys() {
        return keys;
    }

    @Override
    public Optional<Settlement> find(String id) {
        return Optional.ofNullable(SettlementCodec.fromHash(execute(Command.HGETALL, keys.settlement(id))));
    }

    @Override
    public Optional<Settlement> findNewestByIntent(String intentId) {
        return Optional.ofNullable(SettlementCodec.fromHash(run(NEWEST_OF_INTENT,
                List.of(keys.activeOfIntent(intentId), keys.byIntent(intentId)), List.of(keys.settlementPrefix()))));
    }

    /**
     * Writes the fields a status change may alter (status, escrow, bond, IBC sequence, timestamps, error, version);
     * the identity, parties, assets, createdAt and expiresAt of {@code updated} must be those stored.
     */
    @Override
    public void update(long expectedVersion, Settlement updated, StateTransition transition) {
        update(expectedVersion, updated, transition, false);
    }

    /**
     * {@link #update}; with {@code terminalIndex}, a settlement that becomes terminal also enters idx:terminal, which
     * only the composite's archiver reads (so the plain backend does not keep an entry per finished settlement).
     */
    void update(long expectedVersion, Settlement updated, StateTransition transition, boolean terminalIndex) {
        RedisScripts.Call call = RedisScripts.update(keys, expectedVersion, updated, transition, terminalIndex);
        Response outcome = run(UPDATE, call.keys(), call.args());
        switch (outcome.get(0).toString()) {
            case "OK" -> {
            }
            case "NOT_FOUND" -> throw SettlementException.notFound(updated.id());
            case "VERSION_CONFLICT" -> throw SettlementException.versionConflict(updated.id(), expectedVersion,
                    outcome.get(1).toLong());
            case "INCONSISTENT" -> throw new IllegalArgumentException("Update of '" + updated.id()
                    + "' does not match the stored record: " + outcome.get(1));
            default -> throw new IllegalStateException("update.lua answered " + outcome);
        }
    }

    @Override
    public List<StateTransition> history(String id) {
        List<StateTransition> history = new ArrayList<>();
        for (Response entry : execute(Command.LRANGE, keys.history(id), "0", "-1")) {
            history.add(SettlementCodec.transitionFromJson(entry.toString()));
        }
        return history;
    }

    /** One script call for all of them. */
    @Override
    public Map<String, List<StateTransition>> histories(List<String> ids) {
        Map<String, List<StateTransition>> histories = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return histories;
        }
        Response lists = run(HISTORIES, ids.stream().map(keys::history).toList(), List.of());
        for (int i = 0; i < ids.size(); i++) {
            List<StateTransition> history = new ArrayList<>();
            for (Response entry : lists.get(i)) {
                history.add(SettlementCodec.transitionFromJson(entry.toString()));
            }
            histories.put(ids.get(i), history);
        }
        return histories;
    }

    /**
     * One import.lua call per settlement, each atomic. A settlement the composite backend moved to its archive (a
     * tombstone here) cannot be imported into Redis alone: DUPLICATE_ID.
     */
    @Override
    public List<ImportOutcome> importSettlements(List<SettlementWithHistory> batch) {
        List<ImportOutcome> outcomes = new ArrayList<>();
        for (SettlementWithHistory item : batch) {
            outcomes.add(importInto(item, "0", false).orElseThrow(() -> new SettlementException(ErrorCode.DUPLICATE_ID,
                    "Settlement '" + item.id() + "' was moved to the composite backend's archive")));
        }
        return outcomes;
    }

    /**
     * Runs import.lua; empty, writing nothing, when a tombstone says the composite's archive holds the settlement, or
     * with {@code onlyOverStored} when Redis does not hold it.
     */
    Optional<ImportOutcome> importInto(SettlementWithHistory item, boolean onlyOverStored, boolean terminalIndex) {
        return importInto(item, onlyOverStored ? "1" : "0", terminalIndex);
    }

    /**
     * For a migration in place: import.lua without the tombstone check, dropping the tombstone (the composite's
     * archive moves its settlements back here).
     */
    @Override
    public List<ImportOutcome> importMoved(List<SettlementWithHistory> batch) {
        List<ImportOutcome> outcomes = new ArrayList<>();
        for (SettlementWithHistory item : batch) {
            outcomes.add(importInto(item, "2", false).orElseThrow(() -> new IllegalStateException("import.lua refused "
                    + item.id())));
        }
        return outcomes;
    }

    /** One remove.lua call per settlement, each atomic. */
    @Override
    public int removeMoved(List<Settlement> moved) {
        int removed = 0;
        for (Settlement s : moved) {
            List<String> k = new ArrayList<>(List.of(keys.settlement(s.id()), keys.history(s.id()), keys.all(),
                    keys.byIntent(s.intentId()), keys.byUser(s.userAddress()), keys.activeByExpiry(),
                    keys.activeOfIntent(s.intentId()), keys.terminalByUpdate(), keys.archiveClaims()));
            for (SettlementStatus status : SettlementStatus.values()) {
                k.add(keys.byStatus(status));
            }
            if (s.solverId() != null) {
                k.add(keys.bySolver(s.solverId()));
                k.add(keys.activeOfSolver(s.solverId()));
            }
            Response outcome = run(REMOVE, k, List.of(s.id(), Long.toString(s.version()), s.intentId(),
                    orEmpty(s.solverId()), s.userAddress()));
            switch (outcome.get(0).toString()) {
                case "OK" -> removed++;
                case "NOT_FOUND" -> {
                }
                case "VERSION_CONFLICT" -> throw SettlementException.versionConflict(s.id(), s.version(),
                        outcome.get(1).toLong());
                case "INCONSISTENT" -> throw new IllegalArgumentException("Cannot remove '" + s.id() + "': "
                        + outcome.get(1));
                default -> throw new IllegalStateException("remove.lua answered " + outcome);
            }
        }
        return removed;
    }

    /**
     * The server's run id (INFO server: the same however the server is reached) and the key prefix, e.g.
     * {@code redis ac43fff5…/settlement}. On Redis Cluster the server is the master of the prefix's slot (INFO is
     * asked through a script on a key of the prefix, not of a node the client picks). Asked once.
     */
    @Override
    public String location() {
        String where = location;
        if (where == null) {
            String runId = infoField(run(SERVER_INFO, List.of(keys.migrations()), List.of("server")).toString(),
                    "run_id");
            where = "redis " + (runId == null ? redactedUrl() : runId) + "/" + keys.prefix();
            location = where;
        }
        return where;
    }

    private Optional<ImportOutcome> importInto(SettlementWithHistory item, String mode, boolean terminalIndex) {
        Settlement s = item.settlement();
        RedisScripts.Call call = RedisScripts.importing(keys, item, mode, terminalIndex);
        Response outcome = run(IMPORT, call.keys(), call.args());
        return switch (outcome.get(0).toString()) {
            case "COPIED" -> Optional.of(ImportOutcome.COPIED);
            case "UPDATED" -> Optional.of(ImportOutcome.UPDATED);
            case "ALREADY_PRESENT" -> Optional.of(ImportOutcome.ALREADY_PRESENT);
            case "ARCHIVED", "ABSENT" -> Optional.empty();
            case "INTENT_ALREADY_ACTIVE" -> throw new SettlementException(ErrorCode.INTENT_ALREADY_ACTIVE,
                    "Not imported: '" + s.id() + "' (intent '" + s.intentId() + "'): the intent already has another "
                            + "active settlement here, '" + outcome.get(1) + "'");
            case "INCONSISTENT" -> throw new IllegalArgumentException("Cannot import '" + s.id() + "': "
                    + outcome.get(1));
            default -> throw new IllegalStateException("import.lua answered " + outcome);
        };
    }

    /**
     * XRANGE over the stream from {@code after + 1}, with the prune mark read in the same script. The filters are
     * applied here: while they leave a page short and the stream has more, the next entries are read.
     */
    @Override
    public EventPage events(EventQuery query) {
        List<ChangeEvent> matching = new ArrayList<>();
        if (query.limit() <= 0) {
            return EventPage.of(query, matching);
        }
        boolean filtered = !query.types().isEmpty() || query.solverId() != null;
        int batch = filtered ? Math.max(query.limit(), FEED_BATCH) : query.limit();
        long from = query.after();
        while (true) {
            Response reply = run(EVENTS, List.of(keys.events(), keys.eventsPrunedThrough()),
                    List.of((from + 1) + "-0", Integer.toString(batch)));
            long prunedThrough = reply.get(0).toLong();
            if (from < prunedThrough) {
                // on a later read of this page too: pruning since the first one took events it would have returned
                throw SettlementException.eventsExpired(query.after(), prunedThrough);
            }
            Response entries = reply.get(1);
            for (Response entry : entries) {
                ChangeEvent event = eventOf(entry);
                from = event.sequence();
                if (query.matches(event)) {
                    matching.add(event);
                    if (matching.size() == query.limit()) {
                        return EventPage.of(query, matching);
                    }
                }
            }
            if (entries.size() < batch) {
                return EventPage.of(query, matching);
            }
        }
    }

    @Override
    public long latestEventSequence() {
        Response value = execute(Command.GET, keys.eventSequence());
        return value == null ? 0 : value.toLong();
    }

    /** Batches of {@link #PRUNE_BATCH} from the start of the stream, each one script call that also moves the mark. */
    @Override
    public long pruneEvents(long before) {
        long removed = 0;
        while (true) {
            RedisScripts.Call call = RedisScripts.pruneEvents(keys, before, PRUNE_BATCH);
            Response step = run(PRUNE_EVENTS, call.keys(), call.args());
            removed += step.get(0).toLong();
            if (step.get(1).toInteger() == 1) {
                return removed;
            }
        }
    }

    /**
     * In increasing sequence order, {@link #IMPORT_BATCH} events per script call. A Redis stream only appends, so an
     * event can be imported only above every event this feed ever had, or where it is already (or was, before a
     * prune): a migration imports the feed into its target before anything is written there, and may repeat that.
     * An event missing below the head is refused with {@link IllegalArgumentException}, and its batch is not written.
     */
    @Override
    public void importEvents(List<ChangeEvent> events) {
        TreeMap<Long, ChangeEvent> ascending = new TreeMap<>();
        events.forEach(e -> ascending.putIfAbsent(e.sequence(), e));
        List<ChangeEvent> all = List.copyOf(ascending.values());
        for (int from = 0; from < all.size(); from += IMPORT_BATCH) {
            RedisScripts.Call call = RedisScripts.importEvents(keys,
                    all.subList(from, Math.min(all.size(), from + IMPORT_BATCH)));
            Response outcome = run(IMPORT_EVENTS, call.keys(), call.args());
            switch (outcome.get(0).toString()) {
                case "OK" -> {
                }
                case "BELOW_HEAD" -> throw new IllegalArgumentException("Cannot import event " + outcome.get(1)
                        + ": this feed is at sequence " + outcome.get(2) + " and a Redis stream only appends; import "
                        + "events into a feed before it has later ones");
                default -> throw new IllegalStateException("import-events.lua answered " + outcome);
            }
        }
    }

    @Override
    public WebhookStore webhooks() {
        return webhooks;
    }

    /** The event a feed stream entry holds (see {@link RedisScripts}). */
    static ChangeEvent eventOf(Response entry) {
        return EventFields.decode(sequenceOf(entry.get(0).toString()),
                SettlementCodec.toMap(entry.get(1)).get(RedisScripts.EVENT));
    }

    /** The sequence of a stream entry id {@code <sequence>-0}. */
    private static long sequenceOf(String entryId) {
        return Long.parseLong(entryId.substring(0, entryId.indexOf('-')));
    }

    @Override
    public Optional<String> migrationCheckpoint(String migration) {
        Response value = execute(Command.HGET, keys.migrations(), migration);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    @Override
    public void saveMigrationCheckpoint(String migration, String checkpoint) {
        executeWrite(Command.HSET, keys.migrations(), migration, checkpoint);
    }

    /**
     * Walks the smallest index among those of the given filters (or the index of all settlements) and checks the
     * other filters inside the script; at most {@code limit + 1} settlements travel to the client.
     */
    @Override
    public Page<Settlement> list(SettlementQuery q) {
        List<String> candidates = new ArrayList<>();
        if (q.status() != null) {
            candidates.add(keys.byStatus(q.status()));
        }
        if (q.solverId() != null) {
            candidates.add(keys.bySolver(q.solverId()));
        }
        if (q.intentId() != null) {
            candidates.add(keys.byIntent(q.intentId()));
        }
        if (q.userAddress() != null) {
            candidates.add(keys.byUser(q.userAddress()));
        }
        if (candidates.isEmpty()) {
            candidates.add(keys.all());
        }
        List<String> filters = List.of(q.status() == null ? "" : q.status().name(), orEmpty(q.solverId()),
                orEmpty(q.intentId()), orEmpty(q.userAddress()));
        return page(candidates, q.after(), "", filters, q.limit(), Settlement::createdAt);
    }

    @Override
    public Page<Settlement> findStuck(StuckQuery q) {
        return page(List.of(keys.activeByExpiry()), q.after(), Long.toString(q.before()), List.of("", "", "", ""),
                q.limit(), Settlement::expiresAt);
    }

    @Override
    public Map<SettlementStatus, Long> countByStatus() {
        SettlementStatus[] statuses = SettlementStatus.values();
        List<String> k = new ArrayList<>();
        for (SettlementStatus status : statuses) {
            k.add(keys.byStatus(status));
        }
        Response counts = run(COUNT_BY_STATUS, k, List.of());
        Map<SettlementStatus, Long> result = new EnumMap<>(SettlementStatus.class);
        for (int i = 0; i < statuses.length; i++) {
            result.put(statuses[i], counts.get(i).toLong());
        }
        return result;
    }

    @Override
    public long countStuck(long before) {
        return execute(Command.ZCOUNT, keys.activeByExpiry(), "-inf", "(" + before).toLong();
    }

    /**
     * active-by-solver.lua: one script walks the active settlements' index and reads each one's solver field, so the
     * counts are of one instant. It costs O(active settlements) on the server, blocking it meanwhile (the solvers'
     * active-id sets would each be O(1) to count, but finding those keys takes a SCAN, which is neither atomic nor
     * Cluster-safe).
     */
    @Override
    public Map<String, Long> activeBySolver() {
        Response pairs = run(ACTIVE_BY_SOLVER, List.of(keys.activeByExpiry()), List.of(keys.settlementPrefix()));
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            counts.put(pairs.get(i).toString(), pairs.get(i + 1).toLong());
        }
        return counts;
    }

    /**
     * PING, then how safe the data is: {@code appendonly} from INFO persistence (readable even where CONFIG is
     * disabled), the RDB save points from CONFIG GET save when allowed, and the eviction policy, which must be
     * {@code noeviction} (an evicting policy silently drops records and index entries when memory runs out).
     * Only an append-only file keeps acknowledged writes across a crash; snapshots alone lose what came after the last.
     */
    @Override
    public StoreHealth health() {
        try {
            RedisDataSource ds = redis();
            ds.execute(Command.PING);
            boolean appendOnly = "1".equals(infoField(ds, "persistence", "aof_enabled"));
            String savePoints = rdbSavePoints(ds);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("backend", BACKEND);
            details.put("url", redactedUrl());
            details.put("keyPrefix", keys.prefix());
            details.put("appendonly", appendOnly);
            details.put("rdbSave", savePoints == null ? "unknown" : savePoints);
            details.put("persistent", appendOnly || (savePoints != null && !savePoints.isBlank()));
            details.put("maxmemoryPolicy", String.valueOf(infoField(ds, "memory", "maxmemory_policy")));
            return StoreHealth.up(details);
        } catch (RuntimeException e) {
            String greeting = RedisGreeting.refusal(url);
            return StoreHealth.down("redis at " + redactedUrl() + (greeting != null ? " refuses connections: " + greeting
                    : " cannot be reached: " + rootMessage(e)));
        }
    }

    /**
     * Runs the page script until it has {@code limit + 1} matches or the index is exhausted; each call examines at
     * most {@link #SCAN_BUDGET} entries and says where the next one continues. Keyset order makes the continuation
     * as safe as a client's own next page.
     */
    Page<Settlement> page(List<String> indexes, PageCursor after, String maxScore, List<String> filters,
                                  int limit, ToLongFunction<Settlement> key) {
        List<Settlement> rows = new ArrayList<>();
        String afterScore = after == null ? "" : Long.toString(after.key());
        String afterId = after == null ? "" : after.id();
        while (true) {
            List<String> args = new ArrayList<>(List.of(keys.settlementPrefix(), afterScore, afterId, maxScore,
                    Integer.toString(limit + 1 - rows.size()), Integer.toString(SCAN_BUDGET)));
            args.addAll(filters);
            Response step = run(PAGE, indexes, args);
            for (int i = 3; i < step.size(); i++) {
                rows.add(SettlementCodec.fromHash(step.get(i)));
            }
            if (rows.size() > limit || step.get(0).toInteger() == 1) {
                return Page.fromOverfetch(rows, limit, key);
            }
            afterScore = step.get(1).toString();
            afterId = step.get(2).toString();
        }
    }

    /** One "name:value" line of an INFO section, or null. */
    private static String infoField(RedisDataSource ds, String section, String name) {
        return infoField(ds.execute(Command.INFO, section).toString(), name);
    }

    private static String infoField(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    private static String rdbSavePoints(RedisDataSource ds) {
        try {
            return SettlementCodec.toMap(ds.execute(Command.CONFIG, "GET", "save")).get("save");
        } catch (RuntimeException e) {
            return null; // CONFIG is often disabled or renamed on managed Redis
        }
    }

    private RedisDataSource redis() {
        RedisDataSource ds = redis;
        if (ds == null) {
            synchronized (this) {
                if (redis == null) {
                    redis = dataSource.get();
                }
                ds = redis;
            }
        }
        return ds;
    }

    /**
     * Runs a script; what goes wrong on the way to Redis is translated, decoding the answer is left outside. A script
     * that writes is acknowledged only once {@code minReplicaAcks} replicas have its write.
     */
    Response run(LuaScript script, List<String> keys, List<String> args) {
        try {
            return script.writes() ? replicated(redis -> script.run(redis, keys, args))
                    : script.run(redis(), keys, args);
        } catch (SettlementException e) {
            throw e;
        } catch (RuntimeException e) {
            throw RedisFailures.translate(e, url);
        }
    }

    /**
     * {@code write}, then, with settlement.redis.min-replica-acks above 0, {@code WAIT} on the same connection (WAIT
     * counts the replicas that have this connection's writes) until that many replicas have it or the timeout
     * passes. Short of them the write is STORE_UNAVAILABLE: it may be on the primary, where a retry finds it (an event
     * or outcome sent again is a replay; a create sent again is DUPLICATE_ID, and the settlement can be read).
     */
    private Response replicated(Function<RedisDataSource, Response> write) {
        if (minReplicaAcks == 0) {
            return write.apply(redis());
        }
        AtomicReference<Response> reply = new AtomicReference<>();
        AtomicLong replicas = new AtomicLong();
        redis().withConnection(connection -> {
            reply.set(write.apply(connection));
            replicas.set(connection.execute(Command.WAIT, Integer.toString(minReplicaAcks),
                    Long.toString(Math.max(1, replicaAckTimeout.toMillis()))).toLong());
        });
        if (replicas.get() < minReplicaAcks) {
            throw SettlementException.refused(BACKEND, "a write reached " + replicas.get() + " of the "
                    + minReplicaAcks + " replicas settlement.redis.min-replica-acks asks for within "
                    + replicaAckTimeout.toMillis() + " ms (it may have reached the primary, where a retry finds it)", null);
        }
        return reply.get();
    }

    Response execute(Command command, String... args) {
        try {
            return redis().execute(command, args);
        } catch (RuntimeException e) {
            throw RedisFailures.translate(e, url);
        }
    }

    /** {@link #execute} of a command that writes: acknowledged as {@link #run} acknowledges a script's write. */
    Response executeWrite(Command command, String... args) {
        try {
            return replicated(redis -> redis.execute(command, args));
        } catch (SettlementException e) {
            throw e;
        } catch (RuntimeException e) {
            throw RedisFailures.translate(e, url);
        }
    }

    private String redactedUrl() {
        return url.replaceAll("//[^@/,]*@", "//***@");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
