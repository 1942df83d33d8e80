package dev.settlement.store.jpa;

import static java.util.stream.Collectors.joining;

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
import dev.settlement.api.webhook.WebhookStore;
import io.quarkus.arc.Arc;
import io.quarkus.flyway.FlywayDataSource;
import org.flywaydb.core.Flyway;
import io.quarkus.hibernate.orm.PersistenceUnit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.jdbc.ReturningWork;
import org.hibernate.query.SelectionQuery;

/**
 * The {@link SettlementStore} of every SQL backend, on one Hibernate ORM persistence unit: all queries and
 * writes live here once. A backend names its unit and says how concurrent creates are serialized; nothing else
 * differs.
 *
 * <p>Writes run in a new JTA transaction ({@link QuarkusTransaction#requiringNew()}) on a stateless session, so
 * each statement goes to the database when it is issued and nothing is cached between calls. Reads run in
 * auto-commit mode, so they never queue behind writers (a caller's own JTA transaction, if any, would be joined:
 * call the store outside one).
 *
 * <p>The unit's {@link SessionFactory} is looked up on first use, never injected: in the service only the
 * selected backend's unit is active, and touching an inactive one fails.
 *
 * <p>Errors: the rule violations and conflicts of the SPI as their {@link ErrorCode}s; every failure of the
 * database, the pool or the transaction manager as {@link ErrorCode#STORE_UNAVAILABLE}. No Hibernate or JDBC
 * exception leaves this class.
 *
 * <p>What a backend's migration provides besides the two tables of {@link SettlementEntity} and
 * {@link TransitionEntity}: UNIQUE(settlement_id, sequence); a partial unique index on intent_id over active rows
 * (a violation of it is reported as INTENT_ALREADY_ACTIVE, one of the primary key as DUPLICATE_ID: each backend tells
 * them apart by what its driver reports, {@link #violatedKey}); and partial indexes written with the predicate the
 * queries carry,
 * {@code status NOT IN ('COMPLETE', 'FAILED', 'TIMED_OUT')}.
 *
 * <p>The change feed: every create and update inserts its event in its own transaction, unsequenced; readers first
 * run the sequencer, which numbers the committed ones ({@link EventFeed}, and the PostgreSQL migration V4 for why
 * that never lets a reader miss an event). Webhook endpoints and deliveries: {@link JpaWebhookStore}.
 */
public abstract class JpaSettlementStore implements SettlementStore {
    /**
     * "s is active", spelled as "not terminal" with inlined enum literals in declaration order. The SQL then
     * carries the very {@code status NOT IN ('COMPLETE', 'FAILED', 'TIMED_OUT')} term of the backends' partial
     * indexes (one active settlement per intent; stuck rows by expiry), which planners match literally; and
     * unlike an IN list it cannot lure a planner onto the (status, created_at, id) index.
     */
    private static final String IS_ACTIVE = SettlementStatus.TERMINAL.stream()
            .map(s -> SettlementStatus.class.getName() + "." + s.name())
            .collect(joining(", ", "s.status not in (", ")"));

    /** The most events one transaction of {@link #pruneEvents} removes. */
    private static final int PRUNE_BATCH = 2000;

    /** Rows per INSERT statement of {@link #importSettlements}, unless a backend says otherwise. */
    private static final int ROWS_PER_INSERT = 100;

    private final String backend;
    private final String persistenceUnit;
    private final boolean migratesSchema;
    private volatile SessionFactory sessionFactory;
    private final WebhookStore webhooks = new JpaWebhookStore(this);

    /**
     * @param backend         the backend's name, as in {@code settlement.store}; errors and health name it
     * @param persistenceUnit the Hibernate ORM persistence unit holding this package's entities
     */
    protected JpaSettlementStore(String backend, String persistenceUnit) {
        this(backend, persistenceUnit, persistenceUnit.equals(backend));
    }

    /**
     * @param migratesSchema whether this store applies the backend's migrations (Flyway, on the datasource named as
     *                       the unit) on first use; the backend's own unit always does, a second unit on the same
     *                       database (a test's second instance) need not, one on another database (the migrate
     *                       command's second location) must
     */
    protected JpaSettlementStore(String backend, String persistenceUnit, boolean migratesSchema) {
        this.backend = backend;
        this.persistenceUnit = persistenceUnit;
        this.migratesSchema = migratesSchema;
    }

    // ---- what a backend decides ----------------------------------------------------------------------------------

    /** The unique keys of the settlements table whose violation is a domain error rather than a fault. */
    public enum UniqueKey {
        /** The primary key: DUPLICATE_ID. */
        SETTLEMENT_ID,
        /** The partial unique index of active settlements by intent: INTENT_ALREADY_ACTIVE. */
        ACTIVE_INTENT
    }

    /**
     * Which unique key of the settlements table {@code e} reports violated, by the SQLState or error code and the
     * constraint the backend's driver names (never by searching the message, which holds the whole statement); empty
     * when {@code e} is no violation of one of them.
     */
    protected abstract Optional<UniqueKey> violatedKey(SQLException e);

    /**
     * Called first inside every create transaction, before the rule checks: must make creates that could break a
     * rule together (same id, intent or solver) run one after the other, across every store instance sharing the
     * database, until this transaction ends.
     */
    protected abstract void lockForCreate(StatelessSession session, Settlement settlement);

    /**
     * What makes a SELECT lock the rows it reads until its transaction ends (" FOR UPDATE"), or "" where a write
     * transaction holds the whole database from its start. The feed's sequencer, importers and pruners lock the
     * counter row with it before anything else, so they run one after the other.
     */
    protected abstract String rowLockClause();

    /**
     * Whether the database runs an INSERT inside a WITH clause (PostgreSQL's data-modifying CTE): an update then
     * records its transition and its event in the same statement, one round trip to the server in all.
     */
    protected boolean insertsInWithClause() {
        return false;
    }

    /**
     * Runs one whole write transaction, commit included. Backends whose database admits one writer at a time
     * wrap it to queue writers in the JVM rather than in the database.
     */
    protected <T> T serializeWrite(Supplier<T> transaction) {
        return transaction.get();
    }

    /**
     * How many rows one INSERT … ON CONFLICT DO NOTHING of {@link #importSettlements} may carry. Hibernate writes the
     * conflict clause natively for some dialects only; others emulate it, for one row per statement.
     */
    protected int rowsPerInsert() {
        return ROWS_PER_INSERT;
    }

    /** What {@link #health()} shows while the backend answers. */
    protected Map<String, Object> healthDetails() {
        return Map.of("backend", backend);
    }

    /**
     * The persistence unit's session factory, looked up once, when first needed. The store on the backend's own unit
     * first applies the backend's migrations (Flyway, on the datasource of the same name): done here rather than
     * at Quarkus start, an unreachable database is reported like any outage (health down, one clear line at
     * start-up) instead of aborting the boot with a stack trace. A failed attempt is retried on the next call.
     */
    protected SessionFactory sessionFactory() {
        SessionFactory factory = sessionFactory;
        if (factory == null) {
            synchronized (this) {
                if (sessionFactory == null) {
                    if (migratesSchema) {
                        // Flyway manages its own connection and commits; it must not run inside a caller's transaction
                        Flyway flyway = Arc.container()
                                .select(Flyway.class, FlywayDataSource.FlywayDataSourceLiteral.of(persistenceUnit)).get();
                        QuarkusTransaction.suspendingExisting().run(flyway::migrate);
                    }
                    sessionFactory = Arc.container()
                            .select(SessionFactory.class, new PersistenceUnit.PersistenceUnitLiteral(persistenceUnit))
                            .get();
                }
                factory = sessionFactory;
            }
        }
        return factory;
    }

    protected final String backend() {
        return backend;
    }

    // ---- the SPI -------------------------------------------------------------------------------------------------

    @Override
    public void create(Settlement settlement, int maxActivePerSolver) {
        try {
            write(session -> {
                lockForCreate(session, settlement);
                if (session.get(SettlementEntity.class, settlement.id()) != null) {
                    throw duplicateId(settlement);
                }
                if (countActive(session, "intentId", settlement.intentId()) > 0) {
                    throw intentAlreadyActive(settlement);
                }
                if (settlement.solverId() != null
                        && countActive(session, "solverId", settlement.solverId()) >= maxActivePerSolver) {
                    throw new SettlementException(ErrorCode.SOLVER_CAPACITY_EXCEEDED, "Solver '"
                            + settlement.solverId() + "' already holds " + maxActivePerSolver + " active settlements");
                }
                session.insert(SettlementEntity.of(settlement));
                appendEvent(session, ChangeEvent.created(settlement));
                return null;
            });
        } catch (RuntimeException e) {
            // a writer that lockForCreate did not hold back got there first; the key it hit names the rule
            Optional<UniqueKey> violated = violatedKey(e);
            if (violated.isEmpty()) {
                throw translate(e);
            }
            throw violated.get() == UniqueKey.ACTIVE_INTENT ? intentAlreadyActive(settlement) : duplicateId(settlement);
        }
    }

    @Override
    public Optional<Settlement> find(String id) {
        return read(session -> Optional.ofNullable(session.get(SettlementEntity.class, id))
                .map(SettlementEntity::toSettlement));
    }

    @Override
    public Optional<Settlement> findNewestByIntent(String intentId) {
        // Settlement.NEWEST_OF_INTENT: the active one, else the latest created, ties broken by id
        return read(session -> session.createSelectionQuery("from SettlementEntity s where s.intentId = :intentId"
                        + " order by case when " + IS_ACTIVE + " then 0 else 1 end,"
                        + " s.createdAt desc, s.id desc", SettlementEntity.class)
                .setParameter("intentId", intentId)
                .setMaxResults(1)
                .getResultList().stream().findFirst().map(SettlementEntity::toSettlement));
    }

    @Override
    public void update(long expectedVersion, Settlement updated, StateTransition transition) {
        ChangeEvent event = ChangeEvent.transitioned(updated, transition);
        guarded(() -> write(session -> {
            boolean changed = session.doReturningWork(connection -> insertsInWithClause()
                    ? CompareAndSet.updateRecording(connection, expectedVersion, updated, transition, event)
                    : CompareAndSet.update(connection, expectedVersion, updated));
            if (!changed) {
                Long actual = session.createSelectionQuery(
                                "select s.version from SettlementEntity s where s.id = :id", Long.class)
                        .setParameter("id", updated.id())
                        .getSingleResultOrNull();
                throw actual == null ? SettlementException.notFound(updated.id())
                        : SettlementException.versionConflict(updated.id(), expectedVersion, actual);
            }
            if (!insertsInWithClause()) {
                session.insert(TransitionEntity.of(updated.id(), transition));
                appendEvent(session, event);
            }
            return null;
        }));
    }

    @Override
    public List<StateTransition> history(String id) {
        return read(session -> session.createSelectionQuery(
                        "from TransitionEntity t where t.settlementId = :id order by t.sequence", TransitionEntity.class)
                .setParameter("id", id)
                .getResultList().stream().map(TransitionEntity::toTransition).toList());
    }

    @Override
    public Page<Settlement> list(SettlementQuery query) {
        SettlementFilter filter = new SettlementFilter();
        filter.equal("status", query.status());
        filter.equal("solverId", query.solverId());
        filter.equal("intentId", query.intentId());
        filter.equal("userAddress", query.userAddress());
        filter.after("createdAt", query.after());
        return page(filter, "s.createdAt, s.id", query.limit(), Settlement::createdAt);
    }

    @Override
    public Page<Settlement> findStuck(StuckQuery query) {
        SettlementFilter filter = new SettlementFilter();
        filter.condition(IS_ACTIVE);
        filter.condition("s.expiresAt < :before", "before", query.before());
        filter.after("expiresAt", query.after());
        return page(filter, "s.expiresAt, s.id", query.limit(), Settlement::expiresAt);
    }

    @Override
    public Map<SettlementStatus, Long> countByStatus() {
        return read(session -> {
            Map<SettlementStatus, Long> counts = new EnumMap<>(SettlementStatus.class);
            session.createSelectionQuery("select s.status, count(*) from SettlementEntity s group by s.status",
                            Object[].class)
                    .getResultList().forEach(row -> counts.put((SettlementStatus) row[0], ((Number) row[1]).longValue()));
            return counts;
        });
    }

    /**
     * One GROUP BY over the active rows with a solver: the WHERE carries {@link #IS_ACTIVE} word for word, so both
     * backends read the partial index idx_settlements_active_solver (solver_id, active rows only) and never the
     * table's terminal history. One statement, so one consistent snapshot.
     */
    @Override
    public Map<String, Long> activeBySolver() {
        return read(session -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            session.createSelectionQuery("select s.solverId, count(*) from SettlementEntity s"
                            + " where " + IS_ACTIVE + " and s.solverId is not null group by s.solverId", Object[].class)
                    .getResultList().forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
            return counts;
        });
    }

    // ---- the change feed ------------------------------------------------------------------------------------------

    @Override
    public EventPage events(EventQuery query) {
        EventFeed.Read read = readSequenced(connection -> EventFeed.read(connection, query));
        if (query.after() < read.prunedThrough()) {
            throw SettlementException.eventsExpired(query.after(), read.prunedThrough());
        }
        return read.page();
    }

    @Override
    public long latestEventSequence() {
        return readSequenced(EventFeed::lastSequence);
    }

    /**
     * In batches of {@link #PRUNE_BATCH}, one transaction each, until one removes fewer: a backlog of any size is removed
     * in statements that stay well under the statement timeout, and the counter lock (which readers' sequencer waits
     * for) is never held for long.
     */
    @Override
    public long pruneEvents(long before) {
        long removed = 0;
        int batch;
        do {
            batch = writeSql(connection -> EventFeed.pruneBatch(connection, rowLockClause(), before, PRUNE_BATCH));
            removed += batch;
        } while (batch == PRUNE_BATCH);
        return removed;
    }

    @Override
    public void importEvents(List<ChangeEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        writeSql(connection -> {
            EventFeed.importEvents(connection, rowLockClause(), events);
            return null;
        });
    }

    @Override
    public WebhookStore webhooks() {
        return webhooks;
    }

    /**
     * {@code read} of the feed after the sequencer has numbered the events committed since it last ran. The partial
     * index of unsequenced rows is looked at first, on the read's own connection: with nothing to number (always,
     * where events are numbered as they are inserted) the read costs no write and no second connection.
     *
     * <p>The sequencer waits for one running at the same time rather than skip it: the other one's snapshot may predate
     * a change this caller has just committed, and a client that writes and then reads the feed (or a REST test, beside
     * a dispatcher that reads it all the time) must find its own event.
     */
    private <T> T readSequenced(ReturningWork<T> read) {
        Optional<T> nothingToNumber = readSql(connection -> EventFeed.anyUnsequenced(connection)
                ? Optional.empty() : Optional.of(read.execute(connection)));
        if (nothingToNumber.isPresent()) {
            return nothingToNumber.get();
        }
        writeSql(connection -> EventFeed.sequence(connection, rowLockClause()));
        return readSql(read);
    }

    /** Inserts the event of a change, in the change's transaction: one statement. */
    private static void appendEvent(StatelessSession session, ChangeEvent event) {
        session.doWork(connection -> EventFeed.append(connection, event));
    }

    /**
     * Copies settlements with their whole histories into this store, for an archive: {@link #importSettlements}, whose
     * outcomes an archiver does not need. So a second run, a run resumed after a crash, or two stores archiving the
     * same settlement at once, write nothing twice.
     */
    public void archive(Map<Settlement, List<StateTransition>> batch) {
        List<SettlementWithHistory> copies = new ArrayList<>();
        batch.forEach((settlement, history) -> copies.add(new SettlementWithHistory(settlement, history)));
        importSettlements(copies);
    }

    /**
     * One transaction for the whole batch: the stored versions are read, older records are updated in place and their
     * transitions replaced, and absent settlements inserted with INSERT … ON CONFLICT DO NOTHING, so a concurrent
     * import of the same settlement (two archivers) is harmless. An insert left out for another reason can only have
     * met the one-active-per-intent index: that fails the batch with INTENT_ALREADY_ACTIVE.
     */
    @Override
    public List<ImportOutcome> importSettlements(List<SettlementWithHistory> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        // in id order, so that importers writing the same rows wait for each other in one order, never in a cycle
        List<SettlementWithHistory> inIdOrder = batch.stream()
                .sorted(Comparator.comparing(SettlementWithHistory::id)).toList();
        try {
            return guarded(() -> write(session -> {
                Map<String, ImportOutcome> outcomes = BulkImport.write(session, inIdOrder, rowsPerInsert());
                return batch.stream().map(item -> outcomes.get(item.id())).toList();
            }));
        } catch (SettlementException e) {
            if (violatedKey(e).filter(UniqueKey.ACTIVE_INTENT::equals).isPresent()) {
                throw new SettlementException(ErrorCode.INTENT_ALREADY_ACTIVE, "An active settlement of the batch "
                        + "has an intent that already has another active settlement here", e);
            }
            throw e;
        }
    }

    /**
     * For a migration in place ({@code RelocatableStore#removeMoved}): deletes each settlement and its transitions if
     * it is still at the version given, all in one transaction. Returns how many it deleted; one that is absent is
     * skipped; VERSION_CONFLICT (and nothing deleted) when another version of one is here.
     */
    public int removeMoved(List<Settlement> moved) {
        if (moved.isEmpty()) {
            return 0;
        }
        return guarded(() -> write(session -> {
            int removed = 0;
            for (Settlement s : moved) {
                session.createMutationQuery("delete from TransitionEntity t where t.settlementId = :id"
                                + " and exists (select 1 from SettlementEntity s where s.id = :id and s.version = :version)")
                        .setParameter("id", s.id()).setParameter("version", s.version()).executeUpdate();
                int deleted = session.createMutationQuery(
                                "delete from SettlementEntity s where s.id = :id and s.version = :version")
                        .setParameter("id", s.id()).setParameter("version", s.version()).executeUpdate();
                if (deleted == 0) {
                    SettlementEntity other = session.get(SettlementEntity.class, s.id());
                    if (other != null) {
                        throw SettlementException.versionConflict(s.id(), s.version(), other.version);
                    }
                }
                removed += deleted;
            }
            return removed;
        }));
    }

    @Override
    public Map<String, List<StateTransition>> histories(List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, List<StateTransition>> histories = new LinkedHashMap<>();
        ids.forEach(id -> histories.put(id, new ArrayList<>()));
        read(session -> session.createSelectionQuery("from TransitionEntity t where t.settlementId in :ids"
                        + " order by t.settlementId, t.sequence", TransitionEntity.class)
                .setParameter("ids", ids)
                .getResultList())
                .forEach(t -> histories.get(t.settlementId).add(t.toTransition()));
        return histories;
    }

    @Override
    public Optional<String> migrationCheckpoint(String migration) {
        return read(session -> Optional.ofNullable(session.get(MigrationCheckpointEntity.class, migration))
                .map(row -> row.checkpoint));
    }

    @Override
    public void saveMigrationCheckpoint(String migration, String checkpoint) {
        guarded(() -> write(session -> {
            int updated = session.createMutationQuery(
                            "update MigrationCheckpointEntity m set m.checkpoint = :checkpoint where m.name = :name")
                    .setParameter("checkpoint", checkpoint).setParameter("name", migration).executeUpdate();
            if (updated == 0) {
                session.insert(new MigrationCheckpointEntity(migration, checkpoint));
            }
            return null;
        }));
    }

    @Override
    public long countStuck(long before) {
        return read(session -> session.createSelectionQuery("select count(*) from SettlementEntity s"
                        + " where " + IS_ACTIVE + " and s.expiresAt < :before", Long.class)
                .setParameter("before", before)
                .getSingleResult());
    }

    @Override
    public StoreHealth health() {
        try {
            read(session -> session.createNativeQuery("select 1", Integer.class).getSingleResult());
            return StoreHealth.up(healthDetails());
        } catch (RuntimeException e) {
            Map<String, Object> where = new LinkedHashMap<>(healthDetails());
            where.remove("backend");
            return StoreHealth.down(backend + " at " + where.values() + " " + JpaFailures.whatIsWrong(e));
        }
    }


    // ---- sessions, transactions, errors --------------------------------------------------------------------------

    /** Runs {@code work} on a session of its own in auto-commit mode; failures come out translated. */
    protected <T> T read(Function<StatelessSession, T> work) {
        return guarded(() -> {
            try (StatelessSession session = sessionFactory().openStatelessSession()) {
                return work.apply(session);
            }
        });
    }

    /** {@link #read} of plain SQL on the session's connection. */
    <T> T readSql(ReturningWork<T> work) {
        return read(session -> session.doReturningWork(work));
    }

    /** Plain SQL on the connection of a {@link #write} transaction; failures come out translated. */
    <T> T writeSql(ReturningWork<T> work) {
        return guarded(() -> write(session -> session.doReturningWork(work)));
    }

    /**
     * Runs {@code work} in a new transaction: everything it wrote is committed when it returns, and nothing when
     * it throws. Failures come out untranslated, so a caller can look at them first.
     */
    private <T> T write(Function<StatelessSession, T> work) {
        return serializeWrite(() -> QuarkusTransaction.requiringNew().call(() -> {
            try (StatelessSession session = sessionFactory().openStatelessSession()) {
                return work.apply(session);
            }
        }));
    }

    private <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /**
     * Domain errors pass through unchanged; anything else that reaches a store method comes from the database,
     * the pool, the transaction manager or the unit's lookup, and means the store cannot serve the call now.
     */
    protected SettlementException translate(RuntimeException e) {
        if (e instanceof SettlementException domain) {
            return domain;
        }
        return SettlementException.unavailable(backend, e);
    }

    private Page<Settlement> page(SettlementFilter filter, String orderBy, int limit, ToLongFunction<Settlement> key) {
        return read(session -> {
            SelectionQuery<SettlementEntity> query = session.createSelectionQuery(
                    "from SettlementEntity s" + filter.where() + " order by " + orderBy, SettlementEntity.class);
            filter.parameters.forEach(query::setParameter);
            List<Settlement> rows = query.setMaxResults(limit + 1).getResultList().stream()
                    .map(SettlementEntity::toSettlement).toList();
            return Page.fromOverfetch(rows, limit, key);
        });
    }






    private static long countActive(StatelessSession session, String attribute, String value) {
        return session.createSelectionQuery("select count(*) from SettlementEntity s where s." + attribute
                        + " = :value and " + IS_ACTIVE, Long.class)
                .setParameter("value", value)
                .getSingleResult();
    }

    private static SettlementException duplicateId(Settlement settlement) {
        return new SettlementException(ErrorCode.DUPLICATE_ID,
                "A settlement with id '" + settlement.id() + "' already exists");
    }

    private static SettlementException intentAlreadyActive(Settlement settlement) {
        return new SettlementException(ErrorCode.INTENT_ALREADY_ACTIVE,
                "Intent '" + settlement.intentId() + "' already has an active settlement");
    }

    /** {@link #violatedKey(SQLException)} of the first SQL exception in {@code e}'s causes (and their next ones). */
    private Optional<UniqueKey> violatedKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (SQLException sql = t instanceof SQLException first ? first : null; sql != null;
                    sql = sql.getNextException()) {
                Optional<UniqueKey> key = violatedKey(sql);
                if (key.isPresent()) {
                    return key;
                }
            }
        }
        return Optional.empty();
    }



}
