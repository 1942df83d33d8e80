package dev.settlement.bench;

import dev.settlement.api.InMemorySettlementStore;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementPolicy;
import dev.settlement.api.SettlementStore;
import io.quarkus.arc.Arc;
import io.smallrye.common.annotation.Identifier;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Store-level lifecycle throughput, in a bench app started with the backend's profile: the store bean the service
 * would select (same Quarkus configuration, pools and transactions), driven through {@link SettlementManager}; and
 * the raw baseline on the same database, run for run interleaved with it so both see the same machine load.
 */
final class StoreBench {
    private static final Logger LOG = Logger.getLogger(StoreBench.class);
    /** Agroal's default max-size, which the store modules keep. */
    private static final int SQL_POOL = 20;
    /** quarkus.redis.max-pool-size of store-redis. */
    private static final int REDIS_POOL = 16;

    private StoreBench() {
    }

    /** The store bean of {@code backend}, as the service's producer selects it (without the metrics decorator). */
    static SettlementStore store(String backend) {
        if (backend.equals("memory")) {
            return new InMemorySettlementStore();
        }
        SettlementStore store = Arc.container().select(SettlementStore.class, Identifier.Literal.of(backend)).get();
        if (!store.health().up()) {
            throw new IllegalStateException(backend + " is not usable: " + store.health().details());
        }
        return store;
    }

    static Map<String, Object> run(String backend, Settings settings) throws Exception {
        SettlementManager manager = new SettlementManager(store(backend), SettlementPolicy.DEFAULTS, Clock.systemUTC());
        List<Map<String, Object>> levels = new ArrayList<>();
        try (AutoCloseable raw = raw(backend, settings.callers().stream().mapToInt(Integer::intValue).max().orElse(1))) {
            for (int callers : settings.callers()) {
                ClosedLoop.Operation store = (caller, n) -> new Lifecycle("S" + callers, caller, n).runOn(manager);
                ClosedLoop.Operation baseline = raw == null ? null : rawOperation(raw, "R" + callers);
                List<Double> storeRuns = new ArrayList<>();
                List<Double> rawRuns = new ArrayList<>();
                long offset = 0;
                // warm-up (JIT, pools, caches), then the measured runs; each run continues the callers' numbering
                for (int run = -1; run < settings.runs(); run++) {
                    Duration length = run < 0 ? settings.warmup() : settings.duration();
                    long from = offset;
                    ClosedLoop.Result s = ClosedLoop.run(callers, length, settings.maxOperations(),
                            (caller, n) -> store.run(caller, from + n));
                    ClosedLoop.Result r = baseline == null ? null : ClosedLoop.run(callers, length,
                            settings.maxOperations(), (caller, n) -> baseline.run(caller, from + n));
                    offset += Math.max(s.operations(), r == null ? 0 : r.operations()) + 1;
                    if (run >= 0) {
                        storeRuns.add(s.perSecond());
                        if (r != null) {
                            rawRuns.add(r.perSecond());
                        }
                    }
                }
                Map<String, Object> level = new LinkedHashMap<>();
                level.put("callers", callers);
                level.put("store", storeRuns);
                level.put("raw", rawRuns);
                levels.add(level);
                LOG.infof("%s, %d callers: store %s lifecycles/s, raw %s", backend, callers,
                        Spread.of(storeRuns).format(0), rawRuns.isEmpty() ? "-" : Spread.of(rawRuns).format(0));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("backend", backend);
        result.put("raw", rawName(backend));
        result.put("levels", levels);
        return result;
    }

    private static String rawName(String backend) {
        return switch (backend) {
            case "sqlite", "postgres" -> "plain JDBC, same statements and transactions";
            case "redis", "composite" -> "Jedis, same Lua scripts (EVALSHA) and HGETALL";
            default -> "none";
        };
    }

    private static ClosedLoop.Operation rawOperation(AutoCloseable raw, String run) {
        if (raw instanceof RawSql sql) {
            return (caller, n) -> sql.lifecycle(new Lifecycle(run, caller, n));
        }
        RawRedis redis = (RawRedis) raw;
        return (caller, n) -> redis.lifecycle(new Lifecycle(run, caller, n));
    }

    /** The raw baseline of a backend; composite's is Redis's (every write of a composite goes to Redis). */
    private static AutoCloseable raw(String backend, int maxCallers) throws Exception {
        Config config = ConfigProvider.getConfig();
        return switch (backend) {
            case "sqlite", "postgres" -> new RawSql(backend.equals("sqlite") ? RawSql.Dialect.SQLITE
                    : RawSql.Dialect.POSTGRES,
                    config.getValue("quarkus.datasource." + backend + ".jdbc.url", String.class),
                    config.getOptionalValue("quarkus.datasource." + backend + ".username", String.class).orElse(""),
                    config.getOptionalValue("quarkus.datasource." + backend + ".password", String.class).orElse(""),
                    Math.min(maxCallers, SQL_POOL));
            case "redis", "composite" -> new RawRedis(config.getValue("settlement.redis.url", String.class),
                    config.getValue("settlement.redis.key-prefix", String.class), Math.min(maxCallers, REDIS_POOL));
            default -> null;
        };
    }

    /** How long and how often: quick mode keeps the whole run under ten minutes on two cores. */
    record Settings(int runs, Duration warmup, Duration duration, long maxOperations, List<Integer> callers) {
    }
}
