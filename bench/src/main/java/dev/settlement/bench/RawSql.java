package dev.settlement.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The raw limit of a SQL backend: the statements the JPA store issues for one {@link Lifecycle} (as Hibernate logs
 * them), in the same transactions, on plain JDBC connections opened with the store's own URL and properties, and
 * with the same discipline around the writes:
 * <ul>
 * <li>SQLite: one writer at a time in the JVM (a fair lock around the whole transaction), BEGIN IMMEDIATE from the
 * URL's transaction_mode, WAL and busy_timeout from the URL;</li>
 * <li>PostgreSQL: READ COMMITTED, the two transaction-scoped advisory locks (intent, then solver) before the create
 * checks.</li>
 * </ul>
 * Reads run in auto-commit mode, writes in one transaction each, as the store does.
 */
final class RawSql implements AutoCloseable {
    enum Dialect { SQLITE, POSTGRES }

    static final String ACTIVE = "status not in ('COMPLETE','FAILED','TIMED_OUT')";
    private static final String COLUMNS = "intent_id,solver_id,user_address,input_chain_id,input_denom,input_amount,"
            + "output_chain_id,output_denom,output_amount,status,escrow_id,solver_bond_id,ibc_packet_sequence,"
            + "created_at,updated_at,expires_at,completed_at,error_message,version";
    private static final String SELECT_BY_ID = "select id," + COLUMNS + " from settlements where id=?";
    private static final String INSERT = "insert into settlements (" + COLUMNS + ",id) values ("
            + "?,".repeat(19) + "?)";
    private static final String UPDATE = "update settlements set " + COLUMNS.replace(",", "=?,") + "=?"
            + " where id=? and version=?";
    private static final String INSERT_TRANSITION = "insert into settlement_transitions"
            + " (actor,details,from_status,timestamp,sequence,settlement_id,to_status,tx_hash) values (?,?,?,?,?,?,?,?)";
    private static final long TIMEOUT_SECS = 1800;

    private final Dialect dialect;
    private final Pool<Connection> pool;
    private final ReentrantLock writer = new ReentrantLock(true);

    RawSql(Dialect dialect, String url, String user, String password, int connections) throws Exception {
        this.dialect = dialect;
        Properties properties = BulkLoad.credentials(user, password);
        this.pool = new Pool<>(connections, () -> {
            Connection c = DriverManager.getConnection(url, properties);
            if (dialect == Dialect.POSTGRES) {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            return c;
        });
    }

    void lifecycle(Lifecycle l) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        write(c -> {
            if (dialect == Dialect.POSTGRES) {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                    advisory(lock, 0x5E771E01, l.intentId());
                    advisory(lock, 0x5E771E02, l.solverId());
                }
            }
            if (selectById(c, l.id()) != 0) {
                throw new IllegalStateException("duplicate " + l.id());
            }
            countActive(c, "intent_id", l.intentId());
            countActive(c, "solver_id", l.solverId());
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                bindRecord(insert, l, "PENDING", 0, now, now);
                insert.setString(20, l.id());
                insert.executeUpdate();
            }
        });
        for (Lifecycle.Step step : l.steps()) {
            long version = pool.with(c -> selectById(c, l.id()));
            long at = System.currentTimeMillis() / 1000;
            write(c -> {
                try (PreparedStatement update = c.prepareStatement(UPDATE)) {
                    bindRecord(update, l, step.to().name(), step.sequence(), now, at);
                    update.setString(20, l.id());
                    update.setLong(21, version);
                    if (update.executeUpdate() != 1) {
                        throw new IllegalStateException("lost update of " + l.id());
                    }
                }
                try (PreparedStatement insert = c.prepareStatement(INSERT_TRANSITION,
                        Statement.RETURN_GENERATED_KEYS)) {
                    insert.setString(1, Lifecycle.ACTOR);
                    insert.setString(2, step.details());
                    insert.setString(3, step.from().name());
                    insert.setLong(4, at);
                    insert.setInt(5, step.sequence());
                    insert.setString(6, l.id());
                    insert.setString(7, step.to().name());
                    insert.setString(8, step.txHash());
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                    }
                }
            });
        }
    }

    /** The 19 non-id columns of the record after {@code steps} status changes, in {@link #COLUMNS} order. */
    private void bindRecord(PreparedStatement s, Lifecycle l, String status, int steps, long created, long updated)
            throws SQLException {
        s.setString(1, l.intentId());
        s.setString(2, l.solverId());
        s.setString(3, l.userAddress());
        s.setString(4, Lifecycle.INPUT.chainId());
        s.setString(5, Lifecycle.INPUT.denom());
        amount(s, 6, Lifecycle.INPUT.amount());
        s.setString(7, Lifecycle.OUTPUT.chainId());
        s.setString(8, Lifecycle.OUTPUT.denom());
        amount(s, 9, Lifecycle.OUTPUT.amount());
        s.setString(10, status);
        nullable(s, 11, steps >= 1 ? l.escrowId() : null);
        nullable(s, 12, steps >= 2 ? l.bondId() : null);
        if (steps >= 3) {
            s.setLong(13, l.ibcSequence());
        } else {
            s.setNull(13, Types.BIGINT);
        }
        s.setLong(14, created);
        s.setLong(15, updated);
        s.setLong(16, created + TIMEOUT_SECS);
        if (steps >= 4) {
            s.setLong(17, updated);
        } else {
            s.setNull(17, Types.BIGINT);
        }
        s.setNull(18, Types.VARCHAR);
        s.setLong(19, steps + 1L);
    }

    private void amount(PreparedStatement s, int index, java.math.BigInteger amount) throws SQLException {
        if (dialect == Dialect.POSTGRES) {
            s.setBigDecimal(index, new java.math.BigDecimal(amount));
        } else {
            s.setString(index, amount.toString());
        }
    }

    private static void nullable(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

    /** The record's version, 0 when there is none; reads every column, as the store's find does. */
    private static long selectById(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(SELECT_BY_ID)) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return 0;
                }
                for (int i = 1; i <= 20; i++) {
                    row.getObject(i);
                }
                return row.getLong("version");
            }
        }
    }

    private static long countActive(Connection c, String column, String value) throws SQLException {
        try (PreparedStatement count = c.prepareStatement(
                "select count(*) from settlements where " + column + "=? and " + ACTIVE)) {
            count.setString(1, value);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void advisory(PreparedStatement lock, int kind, String id) throws SQLException {
        lock.setInt(1, kind);
        lock.setInt(2, id.hashCode());
        lock.execute();
    }

    @FunctionalInterface
    private interface Transaction {
        void run(Connection c) throws Exception;
    }

    /** One transaction; on SQLite behind the JVM's single-writer lock, like the store's serializeWrite. */
    private void write(Transaction work) throws Exception {
        if (dialect == Dialect.SQLITE) {
            writer.lock();
        }
        try {
            pool.with(c -> {
                c.setAutoCommit(false);
                try {
                    work.run(c);
                    c.commit();
                } catch (Exception e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
                return null;
            });
        } finally {
            if (dialect == Dialect.SQLITE) {
                writer.unlock();
            }
        }
    }

    @Override
    public void close() throws Exception {
        pool.close();
    }
}
