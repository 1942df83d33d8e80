package dev.settlement.bench;

import dev.settlement.api.PageCursor;
import dev.settlement.api.SettlementQuery;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.StuckQuery;
import dev.settlement.store.jpa.SqlCapture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Query time against row count: the store (the service's bean, through the SPI) on a data set grown by a bulk loader
 * to each size in turn; at the largest size, the plan of the exact SQL each query sends (SQL backends).
 */
final class QueryScaling {
    private static final Logger LOG = Logger.getLogger(QueryScaling.class);
    private static final int LIMIT = 100;
    /** The solver whose pages are read; its rows are every SOLVERS-th. */
    private static final long SOLVER = 7;

    private QueryScaling() {
    }

    /** One timed query: its name in the doc, how it calls the store, and the SQL parameters in statement order. */
    private record Query(String name, Runnable call, List<Object> parameters) {
    }

    static Map<String, Object> run(String backend, List<Long> sizes, int repetitions) throws Exception {
        SettlementStore store = StoreBench.store(backend);
        Config config = ConfigProvider.getConfig();
        long now = System.currentTimeMillis() / 1000;
        Synthetic data = new Synthetic(now);
        List<Map<String, Object>> bySize = new ArrayList<>();
        Map<String, Object> plans = new LinkedHashMap<>();
        long loaded = 0;
        for (long size : sizes) {
            long began = System.nanoTime();
            load(backend, config, data, loaded, size);
            double loadSeconds = (System.nanoTime() - began) / 1e9;
            LOG.infof("%s: %d settlements (+%d loaded in %.1f s)", backend, size, size - loaded, loadSeconds);
            loaded = size;
            Map<String, Object> timings = new LinkedHashMap<>();
            List<Query> queries = queries(store, data, size, now);
            for (Query q : queries) {
                for (int i = 0; i < 20; i++) {
                    q.call().run();
                }
                List<Double> millis = new ArrayList<>();
                for (int i = 0; i < repetitions; i++) {
                    long t0 = System.nanoTime();
                    q.call().run();
                    millis.add((System.nanoTime() - t0) / 1e6);
                }
                timings.put(q.name(), millis);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("rows", size);
            entry.put("loadSeconds", loadSeconds);
            entry.put("millis", timings);
            bySize.add(entry);
            if (size == sizes.get(sizes.size() - 1) && !backend.equals("redis")) {
                for (Query q : queries) {
                    plans.put(q.name(), plan(backend, config, q));
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("backend", backend);
        result.put("sizes", bySize);
        result.put("plans", plans);
        return result;
    }

    private static List<Query> queries(SettlementStore store, Synthetic data, long size, long now) {
        long solverRows = (size - SOLVER + Synthetic.SOLVERS - 1) / Synthetic.SOLVERS;
        long middle = SOLVER + Synthetic.SOLVERS * (solverRows / 2);
        PageCursor deep = new PageCursor(data.createdAt(middle), Synthetic.id(middle));
        String solver = Synthetic.solver(SOLVER);
        String intent = Synthetic.intent(size / 2);
        return List.of(
                new Query("status", () -> store.list(new SettlementQuery(SettlementStatus.PENDING, null, null, null,
                        LIMIT, null)), List.of("PENDING")),
                new Query("solver, page 1", () -> store.list(new SettlementQuery(null, solver, null, null, LIMIT,
                        null)), List.of(solver)),
                new Query("solver, deep page", () -> store.list(new SettlementQuery(null, solver, null, null, LIMIT,
                        deep)), List.of(solver, deep.key(), deep.key(), deep.id())),
                new Query("intent", () -> store.list(new SettlementQuery(null, null, intent, null, LIMIT, null)),
                        List.of(intent)),
                new Query("stuck", () -> store.findStuck(new StuckQuery(now, LIMIT, null)), List.of(now)));
    }

    private static void load(String backend, Config config, Synthetic data, long from, long to) throws Exception {
        switch (backend) {
            case "sqlite" -> BulkLoad.sqlite(config.getValue("quarkus.datasource.sqlite.jdbc.url", String.class),
                    data, from, to);
            case "postgres" -> BulkLoad.postgres(config.getValue("quarkus.datasource.postgres.jdbc.url", String.class),
                    config.getOptionalValue("quarkus.datasource.postgres.username", String.class).orElse(""),
                    config.getOptionalValue("quarkus.datasource.postgres.password", String.class).orElse(""),
                    data, from, to);
            case "redis" -> BulkLoad.redis(config.getValue("settlement.redis.url", String.class),
                    config.getValue("settlement.redis.key-prefix", String.class), data, from, to);
            default -> throw new IllegalArgumentException("no bulk loader for " + backend);
        }
    }

    /** The statement the store sent for {@code q}, and the database's plan of it with the same parameter values. */
    private static Map<String, String> plan(String backend, Config config, Query q) throws Exception {
        List<String> sent = SqlCapture.during(q.call());
        String sql = sent.stream().filter(s -> s.contains("settlements")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no SQL captured for " + q.name()));
        List<Object> parameters = new ArrayList<>(q.parameters());
        if (sql.chars().filter(ch -> ch == '?').count() == parameters.size() + 1) {
            parameters.add(LIMIT + 1); // the limit, bound last (one row more than a page proves a next page)
        }
        String url = config.getValue("quarkus.datasource." + backend + ".jdbc.url", String.class);
        String user = config.getOptionalValue("quarkus.datasource." + backend + ".username", String.class).orElse("");
        String password = config.getOptionalValue("quarkus.datasource." + backend + ".password", String.class)
                .orElse("");
        String explain = backend.equals("sqlite") ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS) ";
        StringBuilder plan = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url, BulkLoad.credentials(user, password));
             PreparedStatement s = c.prepareStatement(explain + sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                Object p = parameters.get(i);
                if (p instanceof Long l) {
                    s.setLong(i + 1, l);
                } else if (p instanceof Integer n) {
                    s.setInt(i + 1, n);
                } else {
                    s.setString(i + 1, p.toString());
                }
            }
            try (ResultSet rows = s.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    // SQLite: id, parent, notused, detail; PostgreSQL: one text column
                    plan.append(rows.getString(columns)).append('\n');
                }
            }
        }
        Map<String, String> result = new LinkedHashMap<>();
        result.put("sql", sql);
        result.put("plan", plan.toString().strip());
        return result;
    }
}
