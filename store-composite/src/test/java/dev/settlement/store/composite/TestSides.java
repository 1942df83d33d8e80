package dev.settlement.store.composite;

import dev.settlement.store.jpa.SettlementTables;
import dev.settlement.store.postgres.PostgresSettlementStore;
import dev.settlement.store.redis.RedisSettlementStore;
import dev.settlement.testing.RedisClusterProcess;
import dev.settlement.testing.TestRedis;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The composite under test and its two sides: the beans the service would use, a second composite on them with its
 * own Redis client and PostgreSQL pool (another service instance), and a way to empty both between tests.
 */
@Singleton
public class TestSides {
    @Inject
    @Identifier("composite")
    CompositeSettlementStore composite;

    @Inject
    @Identifier("redis")
    RedisSettlementStore redis;

    @Inject
    @Identifier("postgres")
    PostgresSettlementStore postgres;

    @Inject
    @RedisClientName("second")
    RedisDataSource secondClient;

    @Inject
    @DataSource("postgres")
    AgroalDataSource dataSource;

    @ConfigProperty(name = "settlement.redis.url")
    String redisUrl;

    @ConfigProperty(name = "settlement.redis.key-prefix")
    String prefix;

    @ConfigProperty(name = "settlement.redis.client-type")
    String redisClientType;

    @ConfigProperty(name = "settlement.postgres.url")
    String postgresUrl;

    private CompositeSettlementStore peer;

    /** Deletes every key of this class's prefix and every row of its database. */
    public void empty() {
        TestRedis.deleteKeys(redisUrl, prefix);
        postgres.health(); // the store's first use is what creates the schema, when it is not migrated at start-up
        SettlementTables.empty(dataSource);
    }

    public CompositeSettlementStore composite() {
        return composite;
    }

    /** The Redis side the composite bean uses. */
    public RedisSettlementStore hot() {
        return redis;
    }

    /** The PostgreSQL side the composite bean uses. */
    public PostgresSettlementStore archive() {
        return postgres;
    }

    /** A second composite on the same data with its own Redis client and PostgreSQL pool and unit. */
    public synchronized CompositeSettlementStore peer() {
        if (peer == null) {
            peer = new CompositeSettlementStore(otherHot(), otherArchive("composite-peer"));
        }
        return peer;
    }

    /** A Redis store on the second client, same prefix. */
    public RedisSettlementStore otherHot() {
        return new RedisSettlementStore(() -> secondClient, redisUrl, prefix);
    }

    /** A PostgreSQL store on the given persistence unit (composite-peer, composite-down or postgres). */
    public PostgresSettlementStore otherArchive(String unit) {
        return new PostgresSettlementStore(unit, postgresUrl) {
        };
    }

    /**
     * Adds {@code n} archive claims of ids no store holds (the layout of store-redis's RedisKeys), as a long
     * PostgreSQL outage leaves them: each archiver run claims a batch, fails to copy it, and claims the next.
     */
    public void addClaims(int n) {
        try {
            String key = "{" + prefix + "}:archive:claims";
            String server = redisClientType.equals("cluster") ? RedisClusterProcess.masterOf(redisUrl, key) : redisUrl;
            TestRedis.call(server, "EVAL", "for i = 1, tonumber(ARGV[1]) do"
                    + " redis.call('ZADD', KEYS[1], 0, 'unarchived-' .. i) end", "1", key,
                    Integer.toString(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a statement on the test database; for a query, returns the first column of its first row. */
    public long sql(String statement) {
        try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement()) {
            if (!s.execute(statement)) {
                return s.getUpdateCount();
            }
            try (ResultSet rows = s.getResultSet()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    public String prefix() {
        return prefix;
    }

    public String redisUrl() {
        return redisUrl;
    }
}
