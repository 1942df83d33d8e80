package dev.settlement.reliability;

import dev.settlement.testing.JdbcTarget;
import dev.settlement.testing.PostgresServerProcess;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * PostgreSQL as the failover tests run it: a primary of the test's own streaming to a hot standby
 * ({@code pg_basebackup -R}), synchronous ({@code synchronous_standby_names}, {@code synchronous_commit=on}) or
 * asynchronous, and the multi-host URL the service reaches both through.
 */
final class StandbyPair implements AutoCloseable {
    private static final String STANDBY = "settlement_standby";

    final PostgresServerProcess primary;
    final PostgresServerProcess standby;
    final boolean synchronous;

    private StandbyPair(PostgresServerProcess primary, PostgresServerProcess standby, boolean synchronous) {
        this.primary = primary;
        this.standby = standby;
        this.synchronous = synchronous;
    }

    /** Starts both; returns once the standby streams (and, if {@code synchronous}, counts as synchronous). */
    static StandbyPair start(boolean synchronous) throws Exception {
        PostgresServerProcess primary = PostgresServerProcess.startPrimary(synchronous ? STANDBY : null);
        try {
            StandbyPair pair = new StandbyPair(primary, primary.startStandby(STANDBY), synchronous);
            pair.awaitStreaming();
            return pair;
        } catch (Exception | AssertionError e) {
            primary.close();
            throw e;
        }
    }

    /**
     * Both servers in one URL: the JDBC driver tries the hosts in order and takes the one that is primary; it looks
     * again at a host it found to be a standby after {@code hostRecheckSeconds}.
     */
    JdbcTarget both() {
        return new JdbcTarget("jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port()
                + "/postgres?targetServerType=primary&hostRecheckSeconds=2", "postgres", "");
    }

    /**
     * The standby falls behind for {@code lag}, as over a slow link, and stays behind: the primary's WAL sender is
     * stopped. An asynchronous primary acknowledges what the standby never gets, a synchronous one holds those
     * commits until they can be kept. Killing the primary next kills the stopped WAL sender with it.
     */
    void standbyLags(Duration lag) throws IOException, InterruptedException {
        primary.pauseSendingTo(STANDBY, true);
        Thread.sleep(lag.toMillis());
    }

    /** What the description of a run calls the durability setting. */
    String durability() {
        return synchronous ? "synchronous_commit=on, synchronous_standby_names" : "asynchronous streaming (default)";
    }

    private void awaitStreaming() throws Exception {
        JdbcTarget admin = primary.admin();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(admin.url(), admin.username(), admin.password());
                 Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("select sync_state from pg_stat_replication where application_name = '"
                         + STANDBY + "' and state = 'streaming'")) {
                if (r.next() && (!synchronous || r.getString(1).equals("sync"))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the standby did not start streaming within 30 s");
    }

    @Override
    public void close() {
        standby.close();
        primary.close();
    }
}
