package dev.settlement.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.testing.TestRedis;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Each harness piece that runs outside Quarkus, with a handful of operations: it runs and produces results. Never a
 * timing assertion: benchmarks are not tests.
 */
class BenchSmokeTest {
    @TempDir
    Path dir;

    @Test
    void closedLoopCountsOperationsAndStopsAtItsBound() {
        ClosedLoop.Result result = ClosedLoop.run(2, Duration.ofSeconds(10), 7, (caller, n) -> { });
        assertThat(result.operations()).isEqualTo(7);
        assertThat(Spread.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Spread(2.0, 1.0, 3.0, 3));
    }

    @Test
    void rawSqliteWritesWholeLifecyclesAndTheBulkLoaderItsRows() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("smoke.db") + "?journal_mode=WAL&busy_timeout=30000"
                + "&transaction_mode=IMMEDIATE&foreign_keys=true";
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration/sqlite").load().migrate();
        try (RawSql raw = new RawSql(RawSql.Dialect.SQLITE, url, "", "", 2)) {
            ClosedLoop.run(2, Duration.ofSeconds(30), 4, (caller, n) -> raw.lifecycle(new Lifecycle("smoke", caller, n)));
        }
        BulkLoad.sqlite(url, new Synthetic(System.currentTimeMillis() / 1000), 0, 50);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet counts = s.executeQuery("select (select count(*) from settlements where status = 'COMPLETE'"
                     + " and id like 'smoke-%'), (select count(*) from settlement_transitions t join settlements x"
                     + " on x.id = t.settlement_id where x.id like 'smoke-%'), (select count(*) from settlements"
                     + " where id like 'q%')")) {
            counts.next();
            assertThat(counts.getInt(1)).isEqualTo(4);
            assertThat(counts.getInt(2)).isEqualTo(16);
            assertThat(counts.getInt(3)).isEqualTo(50);
        }
    }

    @Test
    void rawRedisRunsTheStoreScriptsAndTheBulkLoaderWritesItsKeys() throws Exception {
        String url = TestRedis.url();
        String prefix = "bench-smoke-" + UUID.randomUUID();
        URI uri = URI.create(url);
        try (RawRedis raw = new RawRedis(url, prefix, 2); Jedis jedis = new Jedis(uri.getHost(), uri.getPort())) {
            try {
                raw.lifecycle(new Lifecycle("smoke", 0, 0));
                BulkLoad.redis(url, prefix, new Synthetic(System.currentTimeMillis() / 1000), 0, 20);
                String tag = "{" + prefix + "}:";
                assertThat(jedis.hget(tag + "s:smoke-0-0", "status")).isEqualTo("COMPLETE");
                assertThat(jedis.llen(tag + "h:smoke-0-0")).isEqualTo(4);
                assertThat(jedis.zcard(tag + "idx:all")).isEqualTo(21);
            } finally {
                jedis.keys("{" + prefix + "}:*").forEach(jedis::del);
            }
        }
    }

    @Test
    void theReportWritesTheDocAndItsPlots() throws Exception {
        Map<String, Object> level = Map.of("callers", 1, "store", List.of(90.0, 100.0, 110.0),
                "raw", List.of(100.0, 120.0, 130.0));
        Map<String, Object> percentiles = Map.of("p50", List.of(1.0), "p99", List.of(2.0), "p99.9", List.of(3.0));
        Map<String, Object> latency = new java.util.LinkedHashMap<>();
        HttpBench.TYPES.forEach(t -> latency.put(t, percentiles));
        Map<String, Object> results = Map.of(
                "mode", "quick", "seconds", 1.0,
                "machine", Map.of("date", "now", "cpus", 2, "cpu", "cpu", "memory", "1 kB", "os", "os", "jvm", "jvm",
                        "sqlite", "3"),
                "store", Map.of("sqlite", Map.of("levels", List.of(level))),
                "queries", Map.of("sqlite", Map.of("sizes", List.of(Map.of("rows", 10, "loadSeconds", 0.1,
                        "millis", Map.of("stuck", List.of(1.0)))), "plans", Map.of("stuck",
                        Map.of("sql", "select 1", "plan", "SCAN")))),
                "http", Map.of("sqlite", Map.of("callers", 8, "lifecyclesPerSecond", List.of(5.0),
                        "latencyMillis", latency, "startupMillis", List.of(900.0), "rssMiB", 200.0)));
        Report.write(results, dir);
        assertThat(Files.readString(dir.resolve("benchmarks.md"))).contains("| sqlite | 1 | 100 (90–110) |");
        for (String plot : List.of("throughput", "http-latency", "query-scaling")) {
            assertThat(Files.size(dir.resolve("benchmarks-" + plot + ".png"))).isPositive();
        }
    }

    @Test
    void theWebhookBenchDeliversEveryEventToItsReceiver() throws Exception {
        Map<String, Object> result = WebhookBench.run("memory", 4, 1);
        assertThat(result.get("eventsPerRun")).isEqualTo(20);
        assertThat(result.get("eventsDeliveredInTheLastRun")).isEqualTo(20L);
        assertThat(result.get("receiverGot")).isEqualTo(40L); // the warm-up run's and the measured run's
        assertThat((List<?>) result.get("deliveriesPerSecond")).hasSize(1);
    }

    @Test
    void theFeedCostReportComparesBeforeAndAfterPerCallerCount() throws Exception {
        Map<String, Object> before = Map.of("levels", List.of(Map.of("callers", 1, "store", List.of(100.0, 100.0),
                "raw", List.of(200.0, 200.0))));
        Map<String, Object> after = Map.of("levels", List.of(Map.of("callers", 1, "store", List.of(90.0, 90.0),
                "raw", List.of(200.0, 200.0))));
        Map<String, Object> results = Map.of(
                "machine", Map.of("date", "now", "cpus", 2, "cpu", "cpu", "memory", "1 kB", "jvm", "jvm",
                        "sqlite", "3"),
                "store", Map.of("sqlite", List.of(Map.of("before", before, "after", after),
                        Map.of("before", before, "after", after))),
                "webhooks", Map.of("sqlite", Map.of("deliveriesPerSecond", List.of(300.0, 310.0, 320.0))));
        Path doc = dir.resolve("benchmarks-feed.md");
        FeedCostReport.write(results, doc);
        assertThat(Files.readString(doc)).contains("| sqlite | 1 | 100 (100–100) | 90 (90–90) | 0.90 | 1.00 | 0.90 |")
                .contains("| sqlite | 310 (300–320) |");
    }

    @Test
    void theConsoleReportListsEveryPageOnBothBackends() {
        Map<String, Object> page = Map.of("path", "/console", "median_ms", 12.5, "p95_ms", 20.0, "max_ms", 31.0);
        Map<String, Object> slower = Map.of("path", "/console", "median_ms", 26.0, "p95_ms", 38.0, "max_ms", 59.0);
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        result.put("rows", 100_000);
        result.put("repetitions", 200);
        result.put("sqlite", Map.of("overview", page));
        result.put("postgres", Map.of("overview", slower));
        assertThat(ConsoleBench.report(result, "2 CPUs", "today"))
                .contains("100,000 settlements").contains("| overview | 12.5 | 20.0 | 31.0 | 26.0 | 38.0 | 59.0 |");
    }
}
