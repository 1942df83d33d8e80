package dev.settlement.service.migrate;

import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.StoreHealth;
import dev.settlement.api.migration.MigrationException;
import dev.settlement.api.migration.MigrationReport;
import dev.settlement.api.migration.SettlementMigration;
import dev.settlement.api.migration.VerificationReport;
import dev.settlement.service.config.BackendActivation;
import dev.settlement.service.config.SettlementConfig;
import dev.settlement.store.composite.CompositeSettlementStore;
import dev.settlement.store.postgres.PostgresSettlementStore;
import dev.settlement.store.redis.RedisLocations;
import dev.settlement.store.redis.RedisSettlementStore;
import dev.settlement.service.store.SettlementStoreProducer;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code java -jar quarkus-run.jar migrate --from <backend> --to <backend> [--batch-size N] [--verify-only]
 * [--restart]}: copies every settlement with its history from one configured backend to another
 * ({@link SettlementMigration}), then verifies both sides, and exits: {@value #EXIT_OK} when verification passed,
 * {@value #EXIT_FAILED} when the migration could not run or stopped (one line on stderr says why; running the same
 * command again continues), {@value #EXIT_USAGE} for a wrong command line, {@value #EXIT_MISMATCH} when verification
 * found differences. The report goes to stdout, progress and errors to stderr.
 */
public class MigrateCommand implements QuarkusApplication {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_MISMATCH = 3;
    /** How often progress is written when stderr is not a terminal (a log file, CI). */
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

    @Inject
    @Any
    Instance<SettlementStore> backends;

    @ConfigProperty(name = "settlement.sqlite.path", defaultValue = "./settlements.db")
    String sqlitePath;

    @Inject
    SettlementConfig config;

    @Inject
    RedisLocations redisLocations;

    @ConfigProperty(name = "settlement.redis.url")
    String redisUrl;

    @ConfigProperty(name = "settlement.redis.key-prefix")
    String redisPrefix;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    /**
     * Sets up this process for a migration, before Quarkus starts: both backends' datasources active (the target
     * as {@code settlement.store}, the source through {@link BackendActivation#MIGRATE_FROM}); no HTTP listener, no
     * scheduled jobs (recovery, archiver, gauges), logs on stderr at WARN, so stdout carries the report alone.
     */
    public static void configureProcess(MigrateArguments migrate) {
        System.setProperty("settlement.store", migrate.to());
        System.setProperty(BackendActivation.MIGRATE_FROM, migrate.from());
        migrate.locations().forEach(System::setProperty);
        // Hibernate would open the SQLite file at start (creating it if missing); the command checks first that a
        // source file exists
        System.setProperty("quarkus.hibernate-orm.sqlite.database.start-offline", "true");
        System.setProperty("quarkus.http.host-enabled", "false");
        System.setProperty("quarkus.scheduler.enabled", "false");
        System.setProperty("quarkus.banner.enabled", "false");
        System.setProperty("quarkus.log.console.stderr", "true");
        if (System.getProperty("quarkus.log.level") == null) {
            System.setProperty("quarkus.log.level", "WARN");
        }
    }

    @Override
    public int run(String... args) {
        MigrateArguments migrate = MigrateArguments.parse(Arrays.asList(args).subList(1, args.length));
        try {
            SettlementStore source = usable("source", migrate.from());
            SettlementStore target = usable("target", migrate.to());
            String name = migrate.from() + " " + location(source.health());
            out.println("migrate: " + name + " -> " + migrate.to() + " " + location(target.health()));
            SettlementMigration migration = new SettlementMigration(source, target, name, migrate.batchSize(),
                    new ConsoleProgress(err, System.console() != null, PROGRESS_INTERVAL));
            List<String> shared = migration.sharedLocations();
            if (!shared.isEmpty()) {
                out.println("in place: both sides hold " + String.join(" and ", shared)
                        + ": only what the target keeps elsewhere moves");
            }
            if (!migrate.verifyOnly()) {
                print(migration.migrate(migrate.restart()));
            }
            VerificationReport verification = migration.verify();
            print(verification);
            if (!verification.matches()) {
                err.println("migrate: verification failed: " + verification.mismatchCount() + " settlements differ"
                        + (verification.mismatches().isEmpty() ? "" : ", first: " + verification.mismatches().get(0)));
                return EXIT_MISMATCH;
            }
            return EXIT_OK;
        } catch (SettlementException | MigrationException e) {
            err.println("migrate: stopped: " + e.getMessage()
                    + (e instanceof SettlementException ? " (running the same command again continues)" : ""));
            return EXIT_FAILED;
        }
    }

    /** The backend's store, after checking that it answers; a source SQLite file must exist. */
    private SettlementStore usable(String role, String backend) {
        if (role.equals("source") && backend.equals("sqlite") && !Files.exists(Path.of(sqlitePath))) {
            throw new MigrationException("the source sqlite has no database at " + Path.of(sqlitePath).toAbsolutePath()
                    + " (settlement.sqlite.path)");
        }
        SettlementStore store = side(role.equals("source") ? config.migrate().source() : config.migrate().target(),
                role, backend);
        StoreHealth health = store.health();
        if (!health.up()) {
            throw new MigrationException("the " + role + " " + backend + " is not usable: "
                    + health.details().getOrDefault("error", health.details()));
        }
        return store;
    }

    /**
     * The store of one side: the backend's own bean, or, where the side names its PostgreSQL or Redis apart
     * ({@code settlement.migrate.source|target.*}), a store on the migrate command's own datasource or Redis client.
     */
    private SettlementStore side(SettlementConfig.Location location, String role, String backend) {
        return switch (backend) {
            case "postgres" -> postgres(location, role);
            case "redis" -> redis(location, role);
            case "composite" -> location.postgres().url().isEmpty() && location.redis().url().isEmpty()
                    && location.redis().keyPrefix().isEmpty()
                    ? SettlementStoreProducer.select(backend, backends)
                    : new CompositeSettlementStore(redis(location, role), postgres(location, role));
            default -> SettlementStoreProducer.select(backend, backends);
        };
    }

    private PostgresSettlementStore postgres(SettlementConfig.Location location, String role) {
        if (location.postgres().url().isEmpty()) {
            return (PostgresSettlementStore) SettlementStoreProducer.select("postgres", backends);
        }
        return PostgresSettlementStore.onUnit(role.equals("source") ? PostgresSettlementStore.MIGRATE_SOURCE_UNIT
                : PostgresSettlementStore.MIGRATE_TARGET_UNIT, location.postgres().url().get());
    }

    private RedisSettlementStore redis(SettlementConfig.Location location, String role) {
        if (location.redis().url().isEmpty() && location.redis().keyPrefix().isEmpty()) {
            return (RedisSettlementStore) SettlementStoreProducer.select("redis", backends);
        }
        return redisLocations.store(role, location.redis().url().orElse(redisUrl),
                location.redis().keyPrefix().orElse(redisPrefix));
    }

    /**
     * Where a backend keeps its data, from its health details: the SQLite path, the PostgreSQL URL, the Redis URL and
     * key prefix (passwords are never in them). Names the migration in the target's checkpoints.
     */
    static String location(StoreHealth health) {
        return new TreeMap<>(health.details()).entrySet().stream()
                .filter(e -> e.getKey().endsWith("url") || e.getKey().endsWith("path")
                        || e.getKey().endsWith("keyPrefix"))
                .map(e -> String.valueOf(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private void print(MigrationReport report) {
        printMoves(report);
        out.printf(Locale.ROOT, "events: %,d copied to the target's change feed, with their sequences%n",
                report.eventsCopied());
    }

    private void printMoves(MigrationReport report) {
        if (report.movedInPlace()) {
            out.printf(Locale.ROOT, "move: %,d settlements: %,d already where the target keeps them, %,d moved (%,d copied, "
                            + "%,d updated, %,d already there), %,d source copies removed%s; %.1f s, %,.0f/s%n",
                    report.examined(), report.inPlace(), report.copied() + report.updated() + report.alreadyPresent(),
                    report.copied(), report.updated(), report.alreadyPresent(), report.removed(),
                    report.resumedAfter() > 0 ? "; resumed after the " + report.resumedAfter() + " an earlier run did" : "",
                    report.took().toMillis() / 1000.0, report.rate());
            return;
        }
        out.printf(Locale.ROOT, "copy: %,d settlements: %,d copied, %,d updated, %,d already present%s; %.1f s, %,.0f/s%n",
                report.examined(), report.copied(), report.updated(), report.alreadyPresent(),
                report.resumedAfter() > 0 ? "; resumed after the " + report.resumedAfter() + " an earlier run did" : "",
                report.took().toMillis() / 1000.0, report.rate());
    }

    private void print(VerificationReport v) {
        out.printf(Locale.ROOT, "verify: source %,d settlements %s%n", v.sourceSettlements(), counts(v.sourceCounts()));
        out.printf(Locale.ROOT, "verify: target %,d settlements %s%n", v.targetSettlements(), counts(v.targetCounts()));
        out.println("verify: source sha256 " + v.sourceChecksum());
        out.println("verify: target sha256 " + v.targetChecksum());
        v.mismatches().forEach(m -> out.println("verify: differs: " + m));
        if (v.mismatchCount() > v.mismatches().size()) {
            out.println("verify: … and " + (v.mismatchCount() - v.mismatches().size()) + " more");
        }
        out.println(v.matches() ? "verify: OK, every settlement and its history are the same on both sides"
                : "verify: FAILED, " + v.mismatchCount() + " settlements differ");
    }

    /** e.g. {@code PENDING=3, FAILED=1}, in lifecycle order. */
    private static String counts(Map<SettlementStatus, Long> counts) {
        return Arrays.stream(SettlementStatus.values()).filter(counts::containsKey)
                .map(status -> status + "=" + counts.get(status)).collect(Collectors.joining(", ", "(", ")"));
    }
}
