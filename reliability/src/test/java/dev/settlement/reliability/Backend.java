package dev.settlement.reliability;

import dev.settlement.testing.JdbcTarget;
import dev.settlement.testing.PostgresServerProcess;
import dev.settlement.testing.RedisSentinelSet;
import dev.settlement.testing.RedisServerProcess;
import dev.settlement.testing.ServiceBackend;
import dev.settlement.testing.ServiceProcess;
import dev.settlement.testing.TestPostgres;
import dev.settlement.testing.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One backend set up for a test: the servers it needs and the options that point the service at them. Redis is
 * always a server of the test's own, with its append-only file fsynced on every write (what a durable deployment
 * runs); PostgreSQL is a fresh database on the shared server, or a cluster of the test's own when the test has to
 * stop it.
 */
final class Backend implements AutoCloseable {
    final String name;
    final RedisServerProcess redis;
    final PostgresServerProcess postgres;
    private final List<String> options;

    /**
     * The composite's options that move finished settlements to PostgreSQL within seconds, so that crashes, outages
     * and checks span both sides.
     */
    static final List<String> ARCHIVE_SOON = List.of("-Dsettlement.composite.archive-after=1s",
            "-Dsettlement.composite.archive-interval=1s");

    private Backend(String name, RedisServerProcess redis, PostgresServerProcess postgres, List<String> options) {
        this.name = name;
        this.redis = redis;
        this.postgres = postgres;
        this.options = options;
    }

    /**
     * {@code name} (sqlite, postgres, redis, composite) with its files under {@code dir}; with
     * {@code ownPostgres} PostgreSQL is a cluster the test may stop.
     */
    static Backend start(String name, Path dir, boolean ownPostgres) throws IOException {
        RedisServerProcess redis = null;
        PostgresServerProcess postgres = null;
        JdbcTarget database = null;
        if (ServiceBackend.needsRedis(name)) {
            redis = TestRedis.startDedicated(Files.createDirectories(dir.resolve("redis")), true);
        }
        if (ServiceBackend.needsPostgres(name)) {
            if (ownPostgres) {
                postgres = TestPostgres.startDedicated();
                database = postgres.admin();
            } else {
                database = TestPostgres.freshDatabase("reliability_" + name);
            }
        }
        List<String> options = new ArrayList<>(ServiceBackend.options(name, dir.resolve("settlements.db"), database,
                redis == null ? null : redis.url(), null));
        if (name.equals("composite")) {
            options.addAll(ARCHIVE_SOON);
        }
        return new Backend(name, redis, postgres, options);
    }

    /**
     * The options, beyond the URL ({@link RedisSentinelSet#sentinelUrls()}), that put the service's Redis on a
     * {@link RedisSentinelSet}: the client in sentinel mode, and a write acknowledged once {@code minReplicaAcks}
     * replicas have it.
     */
    static List<String> sentinelOptions(int minReplicaAcks) {
        return List.of("-Dsettlement.redis.client-type=sentinel",
                "-Dquarkus.redis.master-name=" + RedisSentinelSet.MASTER,
                "-Dsettlement.redis.min-replica-acks=" + minReplicaAcks);
    }

    /** The service options for this backend followed by {@code more}. */
    List<String> options(String... more) {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(more));
        return all;
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
