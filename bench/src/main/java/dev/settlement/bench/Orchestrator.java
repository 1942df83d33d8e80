package dev.settlement.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.settlement.testing.JdbcTarget;
import dev.settlement.testing.RedisServerProcess;
import dev.settlement.testing.ServiceBackend;
import dev.settlement.testing.ServiceProcess;
import dev.settlement.testing.TestPostgres;
import dev.settlement.testing.TestRedis;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import redis.clients.jedis.Jedis;

/**
 * {@code bench/run.sh [--full] [backend…]}: gets PostgreSQL and Redis the way the tests do, runs each measurement
 * (store vs raw and query scaling in bench-app children started with the backend's profile, HTTP against the packaged
 * service), collects the results in one JSON file and regenerates docs/benchmarks.md and its plots from it.
 */
final class Orchestrator {
    private static final Logger LOG = Logger.getLogger(Orchestrator.class);
    static final List<String> BACKENDS = List.of("memory", "sqlite", "postgres", "redis", "composite");
    static final List<String> QUERY_BACKENDS = List.of("sqlite", "postgres", "redis");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path benchJar = Path.of(System.getProperty("bench.jar", "bench/target/quarkus-app/quarkus-run.jar"));
    private final Path serviceJar = Path.of(System.getProperty("bench.service-jar",
            "service/target/quarkus-app/quarkus-run.jar"));
    private final Path docs = Path.of(System.getProperty("bench.docs", "docs"));
    private final Path work = Path.of(System.getProperty("bench.work", "bench/target/bench-work"));
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> redisPrefixes = new ArrayList<>();

    int run(List<String> args) throws Exception {
        Mode mode = args.contains("--full") ? Mode.FULL : Mode.QUICK;
        List<String> backends = args.stream().filter(a -> !a.startsWith("--")).toList();
        if (backends.isEmpty()) {
            backends = BACKENDS;
        }
        for (String b : backends) {
            if (!BACKENDS.contains(b)) {
                throw new IllegalArgumentException("unknown backend " + b + "; choose from " + BACKENDS);
            }
        }
        Files.createDirectories(work);
        long began = System.nanoTime();
        boolean needsPostgres = backends.stream().anyMatch(b -> b.equals("postgres") || b.equals("composite"));
        boolean needsRedis = backends.stream().anyMatch(b -> b.equals("redis") || b.equals("composite"));
        String redisUrl = needsRedis ? TestRedis.url() : null;

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("mode", mode.name().toLowerCase());
        results.put("backends", backends);
        results.put("machine", Machine.describe(needsPostgres ? TestPostgres.freshDatabase("bench_meta") : null,
                redisUrl));
        Map<String, Object> store = new LinkedHashMap<>();
        Map<String, Object> queries = new LinkedHashMap<>();
        Map<String, Object> http = new LinkedHashMap<>();
        results.put("store", store);
        results.put("queries", queries);
        results.put("http", http);
        try {
            for (String backend : backends) {
                store.put(backend, child("store", backend, mode, options(backend, "store", redisUrl)));
            }
            for (String backend : args.contains("--no-queries") ? List.<String>of() : backends) {
                if (QUERY_BACKENDS.contains(backend)) {
                    queries.put(backend, queryScaling(backend, mode));
                }
            }
            HttpBench driver = new HttpBench(serviceJar, work);
            for (String backend : backends) {
                http.put(backend, driver.run(backend, options(backend, "http", redisUrl), mode.http));
            }
        } finally {
            if (redisUrl != null) {
                removeKeys(redisUrl);
            }
        }
        results.put("seconds", (System.nanoTime() - began) / 1e9);
        Path file = work.resolve("results.json");
        JSON.writeValue(file.toFile(), results);
        LOG.infof("Results in %s; writing %s", file, docs.resolve("benchmarks.md"));
        Report.write(results, docs);
        return 0;
    }

    /**
     * {@code console [rows] [repetitions]}: the console's page times with {@code rows} settlements (default 100,000) on
     * SQLite and PostgreSQL ({@link ConsoleBench}); writes docs/benchmarks-console.md.
     */
    @SuppressWarnings("unchecked")
    int console(List<String> args) throws Exception {
        int rows = args.isEmpty() ? 100_000 : Integer.parseInt(args.get(0));
        int repetitions = args.size() > 1 ? Integer.parseInt(args.get(1)) : 200;
        Map<String, Object> machine = Machine.describe(TestPostgres.freshDatabase("bench_meta"), null);
        Map<String, Object> result = ConsoleBench.run(serviceJar, work, rows, repetitions);
        result.put("machine", machine);
        JSON.writeValue(work.resolve("console.json").toFile(), result);
        String described = machine.get("cpus") + " CPUs (" + machine.get("cpu") + "), " + machine.get("memory")
                + " RAM, " + machine.get("jvm") + ", SQLite " + machine.get("sqlite") + ", PostgreSQL "
                + machine.get("postgres");
        Files.writeString(docs.resolve("benchmarks-console.md"),
                ConsoleBench.report(result, described, (String) machine.get("date")));
        LOG.infof("Results in %s; wrote %s", work.resolve("console.json"), docs.resolve("benchmarks-console.md"));
        return 0;
    }

    /**
     * {@code feed-cost BEFORE-JAR [backend…]}: the store-level lifecycle throughput of the bench app of the commit
     * before the change feed and of this one, in one sitting, alternating (before, after, before, after) so both see
     * the same machine; then this commit's webhook delivery throughput. Writes docs/benchmarks-feed.md.
     */
    @SuppressWarnings("unchecked")
    int feedCost(List<String> args) throws Exception {
        if (args.get(0).equals("--report")) { // the doc again from the last run's results
            FeedCostReport.write(JSON.readValue(work.resolve("feed-cost.json").toFile(), Map.class),
                    docs.resolve("benchmarks-feed.md"));
            return 0;
        }
        Path before = Path.of(args.get(0));
        List<String> backends = args.size() > 1 ? args.subList(1, args.size()) : BACKENDS;
        Files.createDirectories(work);
        boolean needsPostgres = backends.stream().anyMatch(ServiceBackend::needsPostgres);
        String redisUrl = backends.stream().anyMatch(ServiceBackend::needsRedis) ? TestRedis.url() : null;
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Machine.describe(needsPostgres ? TestPostgres.freshDatabase("bench_meta") : null,
                redisUrl));
        Map<String, Object> store = new LinkedHashMap<>();
        Map<String, Object> webhooks = new LinkedHashMap<>();
        results.put("store", store);
        results.put("webhooks", webhooks);
        try {
            for (String backend : backends) {
                List<Map<String, Object>> rounds = new ArrayList<>();
                for (int round = 0; round < 2; round++) {
                    Map<String, Object> pair = new LinkedHashMap<>();
                    // each run on a database, file or prefix of its own: the runs number their settlements alike
                    pair.put("before", child(before, "store", backend, Mode.QUICK,
                            options(backend, "before" + round, redisUrl)));
                    pair.put("after", child(benchJar, "store", backend, Mode.QUICK,
                            options(backend, "after" + round, redisUrl)));
                    rounds.add(pair);
                }
                store.put(backend, rounds);
            }
            for (String backend : backends) {
                webhooks.put(backend, child(benchJar, "webhooks", backend, Mode.QUICK,
                        options(backend, "webhooks", redisUrl)));
            }
        } finally {
            if (redisUrl != null) {
                removeKeys(redisUrl);
            }
        }
        Path file = work.resolve("feed-cost.json");
        JSON.writeValue(file.toFile(), results);
        FeedCostReport.write(results, docs.resolve("benchmarks-feed.md"));
        return 0;
    }

    /** Regenerates the doc from a results file of an earlier run. */
    int report(List<String> args) throws Exception {
        Path file = args.isEmpty() ? work.resolve("results.json") : Path.of(args.get(0));
        @SuppressWarnings("unchecked")
        Map<String, Object> results = JSON.readValue(file.toFile(), Map.class);
        Report.write(results, docs);
        return 0;
    }

    private Map<String, Object> queryScaling(String backend, Mode mode) throws Exception {
        if (!backend.equals("redis")) {
            return child("query", backend, mode, options(backend, "query", null));
        }
        // a server of its own: a million settlements are no load to put on the shared one
        Path dir = Files.createDirectories(work.resolve("redis-query-" + runId));
        try (RedisServerProcess redis = TestRedis.startDedicated(dir, false)) {
            return child("query", backend, mode, options(backend, "query", redis.url()));
        }
    }

    /**
     * The settings of one backend's run, for a bench-app child or the service: its profile, and its own database,
     * file or prefix.
     */
    private List<String> options(String backend, String purpose, String redisUrl) throws Exception {
        Path sqlite = Files.createDirectories(work.resolve("sqlite-" + runId)).resolve(purpose + ".db");
        JdbcTarget db = ServiceBackend.needsPostgres(backend)
                ? TestPostgres.freshDatabase("bench_" + purpose + "_" + backend) : null;
        String prefix = "bench-" + runId + "-" + purpose + "-" + backend;
        if (ServiceBackend.needsRedis(backend)) {
            redisPrefixes.add(prefix);
        }
        return ServiceBackend.options(backend, sqlite, db, redisUrl, prefix);
    }

    /** Runs one measurement in a bench-app child with the backend's profile and returns what it wrote. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> child(String what, String backend, Mode mode, List<String> options) throws Exception {
        return child(benchJar, what, backend, mode, options);
    }

    /** {@link #child} with the bench app of {@code jar} (another commit's, to compare). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> child(Path jar, String what, String backend, Mode mode, List<String> options)
            throws Exception {
        Path out = work.resolve(what + "-" + backend + ".json");
        Files.deleteIfExists(out);
        List<String> command = new ArrayList<>(List.of(ServiceProcess.javaExecutable()));
        command.addAll(options);
        String jfr = System.getenv("BENCH_JFR");
        if (jfr != null && !jfr.isBlank()) {
            command.add("-XX:StartFlightRecording=filename=" + work.resolve(what + "-" + backend + ".jfr")
                    + ",settings=profile");
        }
        command.addAll(List.of("-jar", jar.toString(), what, backend, out.toString(), mode.name()));
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(what + " " + backend + " did not finish within 30 minutes");
        }
        if (process.exitValue() != 0 || !Files.exists(out)) {
            throw new IllegalStateException(what + " " + backend + " failed (exit " + process.exitValue() + ")");
        }
        return JSON.readValue(out.toFile(), Map.class);
    }

    /** Removes this run's keys from the shared Redis server. */
    private void removeKeys(String url) {
        try {
            redisPrefixes.forEach(prefix -> TestRedis.deleteKeys(url, prefix));
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove the bench keys from %s: %s", url, e.getMessage());
        }
    }

    /** Date, machine, JVM and backend versions, for the doc's header. */
    static final class Machine {
        static Map<String, Object> describe(JdbcTarget postgres, String redisUrl) throws Exception {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("date", Instant.now().toString());
            m.put("cpus", Runtime.getRuntime().availableProcessors());
            m.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
            m.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
            m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
            m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
                 Statement s = c.createStatement(); ResultSet r = s.executeQuery("select sqlite_version()")) {
                r.next();
                m.put("sqlite", r.getString(1));
            }
            if (postgres != null) {
                try (Connection c = TestPostgres.connect(postgres); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("show server_version")) {
                    r.next();
                    m.put("postgres", r.getString(1));
                }
            }
            if (redisUrl != null) {
                URI uri = URI.create(redisUrl);
                try (Jedis jedis = new Jedis(uri.getHost(), uri.getPort())) {
                    m.put("redis", firstValue(jedis.info("server"), "redis_version"));
                }
            }
            return m;
        }

        private static String firstValue(Path file, String key) {
            try {
                return firstValue(Files.readString(file), key);
            } catch (java.io.IOException e) {
                return "unknown";
            }
        }

        private static String firstValue(String text, String key) {
            return Stream.of(text.split("\r?\n")).filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        }
    }
}
