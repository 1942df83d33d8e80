package dev.settlement.bench;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementWithHistory;
import dev.settlement.api.StateTransition;
import dev.settlement.store.redis.RedisScripts;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Properties;
import org.postgresql.PGConnection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Fast loaders of {@link Synthetic} rows [from, to), writing what the store would have written for them, not through
 * it: PostgreSQL by COPY, SQLite by batched INSERTs in large transactions, Redis by the store's own import.lua calls
 * (RedisScripts), pipelined.
 */
final class BulkLoad {
    private static final int CHUNK = 20_000;

    private BulkLoad() {
    }

    static void postgres(String url, String user, String password, Synthetic data, long from, long to)
            throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(url, credentials(user, password))) {
            PGConnection pg = c.unwrap(PGConnection.class);
            for (long start = from; start < to; start += CHUNK) {
                long end = Math.min(to, start + CHUNK);
                StringBuilder settlements = new StringBuilder();
                StringBuilder transitions = new StringBuilder();
                for (long i = start; i < end; i++) {
                    Settlement s = data.settlement(i);
                    tsv(settlements, s.id(), s.intentId(), s.solverId(), s.userAddress(), s.inputAsset().chainId(),
                            s.inputAsset().denom(), s.inputAsset().amount(), s.outputAsset().chainId(),
                            s.outputAsset().denom(), s.outputAsset().amount(), s.status(), s.escrowId(),
                            s.solverBondId(), s.ibcPacketSequence(), s.createdAt(), s.updatedAt(), s.expiresAt(),
                            s.completedAt(), s.errorMessage(), s.version());
                    for (StateTransition t : data.transitions(i)) {
                        tsv(transitions, s.id(), t.sequence(), t.fromStatus(), t.toStatus(), t.timestamp(),
                                t.details(), t.txHash(), t.actor());
                    }
                }
                pg.getCopyAPI().copyIn("COPY settlements (id, intent_id, solver_id, user_address, input_chain_id,"
                        + " input_denom, input_amount, output_chain_id, output_denom, output_amount, status, escrow_id,"
                        + " solver_bond_id, ibc_packet_sequence, created_at, updated_at, expires_at, completed_at,"
                        + " error_message, version) FROM STDIN", reader(settlements));
                pg.getCopyAPI().copyIn("COPY settlement_transitions (settlement_id, sequence, from_status, to_status,"
                        + " timestamp, details, tx_hash, actor) FROM STDIN", reader(transitions));
            }
            try (Statement analyze = c.createStatement()) {
                // what autovacuum does soon after a bulk load in production; plans without statistics would mislead
                analyze.execute("ANALYZE settlements");
                analyze.execute("ANALYZE settlement_transitions");
            }
        }
    }

    static void sqlite(String url, Synthetic data, long from, long to) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement pragma = c.createStatement()) {
                pragma.execute("PRAGMA synchronous=OFF"); // this connection only: a crash mid-load just reloads
            }
            c.setAutoCommit(false);
            try (PreparedStatement settlement = c.prepareStatement("insert into settlements (id, intent_id, solver_id,"
                    + " user_address, input_chain_id, input_denom, input_amount, output_chain_id, output_denom,"
                    + " output_amount, status, escrow_id, solver_bond_id, ibc_packet_sequence, created_at, updated_at,"
                    + " expires_at, completed_at, error_message, version) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
                 PreparedStatement transition = c.prepareStatement("insert into settlement_transitions"
                         + " (settlement_id, sequence, from_status, to_status, timestamp, details, tx_hash, actor)"
                         + " values (?,?,?,?,?,?,?,?)")) {
                for (long i = from; i < to; i++) {
                    Settlement s = data.settlement(i);
                    bind(settlement, s.id(), s.intentId(), s.solverId(), s.userAddress(), s.inputAsset().chainId(),
                            s.inputAsset().denom(), s.inputAsset().amount().toString(), s.outputAsset().chainId(),
                            s.outputAsset().denom(), s.outputAsset().amount().toString(), s.status().name(),
                            s.escrowId(), s.solverBondId(), s.ibcPacketSequence(), s.createdAt(), s.updatedAt(),
                            s.expiresAt(), s.completedAt(), s.errorMessage(), s.version());
                    settlement.addBatch();
                    for (StateTransition t : data.transitions(i)) {
                        bind(transition, s.id(), t.sequence(), t.fromStatus().name(), t.toStatus().name(),
                                t.timestamp(), t.details(), t.txHash(), t.actor());
                        transition.addBatch();
                    }
                    if ((i + 1) % CHUNK == 0 || i + 1 == to) {
                        settlement.executeBatch();
                        transition.executeBatch();
                        c.commit();
                    }
                }
            }
        }
    }

    static void redis(String url, String keyPrefix, Synthetic data, long from, long to) {
        URI uri = URI.create(url);
        try (Jedis jedis = new Jedis(uri.getHost(), uri.getPort())) {
            String importSha = jedis.scriptLoad(RedisScripts.source("import"));
            Pipeline p = jedis.pipelined();
            for (long i = from; i < to; i++) {
                // import.lua, one atomic step per settlement as the store's import, pipelined
                RedisScripts.Call call = RedisScripts.importing(keyPrefix,
                        new SettlementWithHistory(data.settlement(i), data.transitions(i)));
                p.evalsha(importSha, call.keys(), call.args());
                if ((i + 1) % 2_000 == 0) {
                    p.sync();
                }
            }
            p.sync();
        }
    }


    private static void tsv(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            out.append(values[i] == null ? "\\N" : values[i].toString());
        }
        out.append('\n');
    }

    private static Reader reader(StringBuilder text) {
        return new StringReader(text.toString());
    }

    private static void bind(PreparedStatement s, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                s.setNull(i + 1, Types.NULL);
            } else if (v instanceof Long l) {
                s.setLong(i + 1, l);
            } else if (v instanceof Integer n) {
                s.setInt(i + 1, n);
            } else if (v instanceof BigDecimal d) {
                s.setBigDecimal(i + 1, d);
            } else {
                s.setString(i + 1, v.toString());
            }
        }
    }

    static Properties credentials(String user, String password) {
        Properties properties = new Properties();
        if (user != null && !user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        return properties;
    }
}
