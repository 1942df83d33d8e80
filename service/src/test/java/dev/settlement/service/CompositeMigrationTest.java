package dev.settlement.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settlement.api.ErrorCode;
import dev.settlement.api.InterruptingStore;
import dev.settlement.api.MigrationTestData;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementWithHistory;
import dev.settlement.api.migration.MigrationProgress;
import dev.settlement.api.migration.MigrationReport;
import dev.settlement.api.migration.RelocatableStore;
import dev.settlement.api.migration.SettlementMigration;
import dev.settlement.api.migration.VerificationReport;
import dev.settlement.service.store.SettlementStoreProducer;
import dev.settlement.store.composite.CompositeSettlementStore;
import dev.settlement.store.jpa.SettlementTables;
import dev.settlement.store.postgres.PostgresSettlementStore;
import dev.settlement.store.redis.RedisLocations;
import dev.settlement.store.redis.RedisSettlementStore;
import dev.settlement.testing.TestRedis;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migrations between composite and its parts on real servers, each way, in place (the composite on the very
 * database or Redis prefix migrated from or to) and to separate locations (another database, another prefix): a run
 * interrupted after two batches — in place, between writing a batch to its new location and removing it from the
 * old one — and the resumed run; verification of every record; where everything ends up; a second run that writes
 * nothing.
 */
@QuarkusTest
@TestProfile(Profiles.CompositeMigration.class)
class CompositeMigrationTest {
    private static final int COUNT = 1200;
    private static final int BATCH = 100;

    @Inject
    @Any
    Instance<SettlementStore> backends;

    @Inject
    RedisLocations redisLocations;

    @Inject
    Instance<RedisDataSource> redisClient;

    @Inject
    @DataSource("postgres")
    AgroalDataSource postgres;

    @Inject
    @DataSource("migrate-target")
    AgroalDataSource otherPostgres;

    @ConfigProperty(name = "settlement.redis.url")
    String redisUrl;

    @ConfigProperty(name = "settlement.redis.key-prefix")
    String redisPrefix;

    @ConfigProperty(name = "settlement.postgres.url")
    String postgresUrl;

    @ConfigProperty(name = "settlement.migrate.target.postgres.url")
    String otherPostgresUrl;

    private final String otherPrefix = "test-other-" + UUID.randomUUID().toString().substring(0, 8);
    private PostgresSettlementStore otherArchive;

    @BeforeEach
    void emptyEverything() {
        otherArchive = PostgresSettlementStore.onUnit(PostgresSettlementStore.MIGRATE_TARGET_UNIT, otherPostgresUrl);
        archive().health(); // the first use of a SQL store creates its schema
        otherArchive.health();
        SettlementTables.empty(postgres);
        SettlementTables.empty(otherPostgres);
        TestRedis.deleteKeys(redisUrl, redisPrefix);
        TestRedis.deleteKeys(redisUrl, otherPrefix);
    }

    // ---- in place ------------------------------------------------------------------------------------------------

    @Test
    void postgresToCompositeInPlace() {
        List<SettlementWithHistory> expected = load(archive(), "pc");
        PostgresSettlementStore failing = new PostgresSettlementStore(PostgresSettlementStore.UNIT, postgresUrl) {
            private final AtomicInteger calls = new AtomicInteger();

            @Override
            public int removeMoved(List<Settlement> moved) {
                failOnThirdCall(calls);
                return super.removeMoved(moved);
            }
        };
        moveInPlace(archive(), failing, composite(), expected, "postgres in-place");
        // active settlements moved to Redis, finished ones stayed in PostgreSQL
        assertThat(count(postgres, "SELECT count(*) FROM settlements WHERE status IN ('PENDING', 'USER_LOCKED',"
                + " 'SOLVER_LOCKED', 'EXECUTING')")).isZero();
        assertThat(count(postgres, "SELECT count(*) FROM settlements")).isEqualTo(finished(expected));
        assertThat(total(hot())).isEqualTo(expected.size() - finished(expected));
    }

    @Test
    void redisToCompositeInPlace() {
        List<SettlementWithHistory> expected = load(hot(), "rc");
        RedisSettlementStore failing = new RedisSettlementStore(() -> redisClient.get(), redisUrl, redisPrefix) {
            private final AtomicInteger calls = new AtomicInteger();

            @Override
            public int removeMoved(List<Settlement> moved) {
                failOnThirdCall(calls);
                return super.removeMoved(moved);
            }
        };
        moveInPlace(hot(), failing, composite(), expected, "redis in-place");
        // finished settlements moved to PostgreSQL, active ones stayed in Redis
        assertThat(count(postgres, "SELECT count(*) FROM settlements")).isEqualTo(finished(expected));
        assertThat(total(hot())).isEqualTo(expected.size() - finished(expected));
        assertThat(SettlementStatus.TERMINAL.stream().mapToLong(s -> hot().countByStatus().get(s)).sum()).isZero();
    }

    @Test
    void compositeToPostgresInPlace() {
        List<SettlementWithHistory> expected = loadComposite("cp");
        RedisSettlementStore failingHot = new RedisSettlementStore(() -> redisClient.get(), redisUrl, redisPrefix) {
            private final AtomicInteger calls = new AtomicInteger();

            @Override
            public int removeMoved(List<Settlement> moved) {
                failOnThirdCall(calls);
                return super.removeMoved(moved);
            }
        };
        moveInPlace(composite(), new CompositeSettlementStore(failingHot, archive()), archive(), expected,
                "composite in-place");
        // everything in PostgreSQL; the Redis copies are gone
        assertThat(count(postgres, "SELECT count(*) FROM settlements")).isEqualTo(expected.size());
        assertThat(total(hot())).isZero();
    }

    @Test
    void compositeToRedisInPlace() {
        List<SettlementWithHistory> expected = loadComposite("cr");
        PostgresSettlementStore failingArchive = new PostgresSettlementStore(PostgresSettlementStore.UNIT, postgresUrl) {
            private final AtomicInteger calls = new AtomicInteger();

            @Override
            public int removeMoved(List<Settlement> moved) {
                failOnThirdCall(calls);
                return super.removeMoved(moved);
            }
        };
        moveInPlace(composite(), new CompositeSettlementStore(hot(), failingArchive), hot(), expected,
                "composite in-place");
        // everything in Redis; the PostgreSQL rows are gone
        assertThat(total(hot())).isEqualTo(expected.size());
        assertThat(count(postgres, "SELECT count(*) FROM settlements")).isZero();
    }

    // ---- separate locations --------------------------------------------------------------------------------------

    @Test
    void postgresToCompositeElsewhere() {
        List<SettlementWithHistory> expected = load(archive(), "pce");
        copyElsewhere(archive(), new CompositeSettlementStore(otherHot(), otherArchive), expected);
        assertThat(count(otherPostgres, "SELECT count(*) FROM settlements")).isEqualTo(finished(expected));
        assertThat(total(otherHot())).isEqualTo(expected.size() - finished(expected));
    }

    @Test
    void redisToCompositeElsewhere() {
        List<SettlementWithHistory> expected = load(hot(), "rce");
        copyElsewhere(hot(), new CompositeSettlementStore(otherHot(), otherArchive), expected);
        assertThat(count(otherPostgres, "SELECT count(*) FROM settlements")).isEqualTo(finished(expected));
    }

    @Test
    void compositeToPostgresElsewhere() {
        List<SettlementWithHistory> expected = loadComposite("cpe");
        copyElsewhere(composite(), otherArchive, expected);
        assertThat(count(otherPostgres, "SELECT count(*) FROM settlements")).isEqualTo(expected.size());
    }

    @Test
    void compositeToRedisElsewhere() {
        List<SettlementWithHistory> expected = loadComposite("cre");
        copyElsewhere(composite(), otherHot(), expected);
        assertThat(total(otherHot())).isEqualTo(expected.size());
    }

    // ---- what the stores provide ----------------------------------------------------------------------------------

    /** "The same location" is the server's identity plus database or prefix, whatever URL reaches it. */
    @Test
    void locationsAreWhatTheServersSayNotTheUrls() {
        PostgresSettlementStore sameDatabaseOtherName = new PostgresSettlementStore(PostgresSettlementStore.UNIT,
                "jdbc:postgresql://another-name-for-it:5432/x") {
        };
        assertThat(sameDatabaseOtherName.location()).isEqualTo(archive().location()).startsWith("postgresql ");
        assertThat(otherArchive.location()).isNotEqualTo(archive().location());

        RedisSettlementStore sameServerOtherName = new RedisSettlementStore(() -> redisClient.get(),
                "redis://another-name-for-it:6379", redisPrefix);
        assertThat(sameServerOtherName.location()).isEqualTo(hot().location()).endsWith("/" + redisPrefix);
        assertThat(otherHot().location()).isNotEqualTo(hot().location());
        assertThat(migration(archive(), composite(), "x").sharedLocations()).containsExactly(archive().location());
        assertThat(migration(hot(), new CompositeSettlementStore(otherHot(), otherArchive), "x").sharedLocations())
                .isEmpty();
    }

    /** A removal after a move takes only the version written, and everything that belongs to it. */
    @Test
    void removingAMovedSettlementChecksItsVersion() {
        List<SettlementWithHistory> expected = load(archive(), "rm");
        hot().importSettlements(expected.subList(0, 50));
        for (RelocatableStore store : List.<RelocatableStore>of(archive(), hot())) {
            Settlement first = expected.get(0).settlement();
            Settlement stale = new Settlement(first.id(), first.intentId(), first.solverId(), first.userAddress(),
                    first.inputAsset(), first.outputAsset(), first.status(), first.escrowId(), first.solverBondId(),
                    first.ibcPacketSequence(), first.createdAt(), first.updatedAt(), first.expiresAt(),
                    first.completedAt(), first.errorMessage(), first.version() + 7);
            assertThatThrownBy(() -> store.removeMoved(List.of(stale, expected.get(1).settlement())))
                    .isInstanceOf(SettlementException.class)
                    .extracting(e -> ((SettlementException) e).code()).isEqualTo(ErrorCode.VERSION_CONFLICT);
            assertThat(store.find(first.id())).isPresent();
            assertThat(store.removeMoved(expected.subList(0, 50).stream().map(SettlementWithHistory::settlement)
                    .toList())).isEqualTo(50);
            assertThat(store.find(first.id())).isEmpty();
            assertThat(store.history(first.id())).isEmpty();
            assertThat(store.removeMoved(List.of(first))).as("gone already").isZero();
        }
        assertThat(total(hot())).isZero();
        assertThat(count(postgres, "SELECT count(*) FROM settlement_transitions WHERE settlement_id IN"
                + " (SELECT id FROM settlements)")).isEqualTo(count(postgres, "SELECT count(*) FROM settlement_transitions"));
        assertThat(count(postgres, "SELECT count(*) FROM settlements")).isEqualTo(COUNT - 50);
        // the removed active settlements no longer hold their intents or their solvers' capacity in Redis
        for (SettlementWithHistory moved : expected.subList(0, 50)) {
            assertThat(hot().findNewestByIntent(moved.settlement().intentId())).isEmpty();
        }
    }

    // ---- the runs ------------------------------------------------------------------------------------------------

    /**
     * In place: a run whose source removals fail at the third batch that moves anything (written to the new location,
     * not yet removed from the old one), the resumed run, verification, a second run that writes nothing.
     */
    private void moveInPlace(SettlementStore source, SettlementStore interruptedSource, SettlementStore target,
                             List<SettlementWithHistory> expected, String name) {
        assertThat(migration(source, target, name).sharedLocations()).isNotEmpty();
        assertThatThrownBy(() -> migration(interruptedSource, target, name).migrate(false))
                .isInstanceOf(SettlementException.class)
                .extracting(e -> ((SettlementException) e).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        String checkpoint = target.migrationCheckpoint(name).orElseThrow();
        assertThat(checkpoint).startsWith("running ");
        long doneBefore = Long.parseLong(checkpoint.split(" ")[1]);
        assertThat(doneBefore).isPositive();
        // interrupted between its two steps, the third batch is in both places: the composite's view is still whole
        SettlementStore whole = source instanceof CompositeSettlementStore ? source : target;
        assertThat(MigrationTestData.contents(whole)).isEqualTo(expected);

        MigrationReport resumed = migration(source, target, name).migrate(false);
        assertThat(resumed.movedInPlace()).isTrue();
        assertThat(resumed.resumedAfter()).isEqualTo(doneBefore);
        assertThat(resumed.examined()).isEqualTo(expected.size() - doneBefore);
        assertThat(resumed.alreadyPresent()).as("the batch written before the interruption").isPositive();
        assertThat(resumed.removed()).isEqualTo(resumed.copied() + resumed.updated() + resumed.alreadyPresent());
        System.out.printf("Migration in place %s: %s%n", name, resumed);

        VerificationReport verification = migration(source, target, name).verify();
        assertThat(verification.mismatches()).isEmpty();
        assertThat(verification.matches()).isTrue();
        assertThat(verification.targetSettlements()).isEqualTo(expected.size());
        assertThat(MigrationTestData.contents(target)).isEqualTo(expected);

        MigrationReport again = migration(source, target, name).migrate(false);
        assertThat(again.copied() + again.updated() + again.alreadyPresent() + again.removed()).isZero();
        // it goes over what the source's locations hold now: all of it where the target keeps it
        assertThat(again.inPlace()).isEqualTo(total(source));
        assertThat(migration(source, target, name).verify().matches()).isTrue();
        assertThat(MigrationTestData.contents(target)).isEqualTo(expected);
    }

    /** To separate locations: interrupted after two batches, resumed, verified; the source untouched; idempotent. */
    private void copyElsewhere(SettlementStore source, SettlementStore target, List<SettlementWithHistory> expected) {
        String name = "elsewhere";
        assertThat(migration(source, target, name).sharedLocations()).isEmpty();
        assertThatThrownBy(() -> migration(source, new InterruptingStore(target, 2 * BATCH + 10), name).migrate(false))
                .isInstanceOf(SettlementException.class);
        assertThat(target.migrationCheckpoint(name).orElseThrow()).startsWith("running " + 2 * BATCH + " ");

        MigrationReport resumed = migration(source, target, name).migrate(false);
        assertThat(resumed.resumedAfter()).isEqualTo(2 * BATCH);
        assertThat(resumed.copied()).isEqualTo(expected.size() - 2 * BATCH);
        VerificationReport verification = migration(source, target, name).verify();
        assertThat(verification.mismatches()).isEmpty();
        assertThat(verification.matches()).isTrue();
        assertThat(MigrationTestData.contents(target)).isEqualTo(expected);
        assertThat(MigrationTestData.contents(source)).isEqualTo(expected);

        MigrationReport again = migration(source, target, name).migrate(false);
        assertThat(again.alreadyPresent()).isEqualTo(expected.size());
        assertThat(again.copied() + again.updated()).isZero();
    }

    // ---- data and stores -----------------------------------------------------------------------------------------

    /** Generated settlements of every status, imported into {@code store}. */
    private static List<SettlementWithHistory> load(SettlementStore store, String prefix) {
        List<SettlementWithHistory> expected = MigrationTestData.contents(MigrationTestData.generate(prefix, COUNT, 11));
        for (int i = 0; i < expected.size(); i += 300) {
            store.importSettlements(expected.subList(i, Math.min(expected.size(), i + 300)));
        }
        return expected;
    }

    /**
     * Generated settlements in the composite as a service leaves them: active ones in Redis, a third of the finished
     * ones still in Redis (not archived yet), the others in PostgreSQL.
     */
    private List<SettlementWithHistory> loadComposite(String prefix) {
        List<SettlementWithHistory> expected = MigrationTestData.contents(MigrationTestData.generate(prefix, COUNT, 13));
        List<SettlementWithHistory> recentlyFinished = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).settlement().isActive() && i % 3 == 0) {
                recentlyFinished.add(expected.get(i));
            }
        }
        hot().importSettlements(recentlyFinished);
        for (int i = 0; i < expected.size(); i += 300) {
            composite().importSettlements(expected.subList(i, Math.min(expected.size(), i + 300)));
        }
        assertThat(count(postgres, "SELECT count(*) FROM settlements")).isPositive();
        assertThat(SettlementStatus.TERMINAL.stream().mapToLong(s -> hot().countByStatus().get(s)).sum()).isPositive();
        return expected;
    }

    private static void failOnThirdCall(AtomicInteger calls) {
        if (calls.incrementAndGet() == 3) {
            throw SettlementException.unavailable("test", new ConnectException("gone between writing and removing"));
        }
    }

    private static long finished(List<SettlementWithHistory> settlements) {
        return settlements.stream().filter(s -> !s.settlement().isActive()).count();
    }

    private static long total(SettlementStore store) {
        return store.countByStatus().values().stream().mapToLong(Long::longValue).sum();
    }

    private SettlementMigration migration(SettlementStore from, SettlementStore to, String name) {
        return new SettlementMigration(from, to, name, BATCH, MigrationProgress.NONE);
    }

    private SettlementStore composite() {
        return SettlementStoreProducer.select("composite", backends);
    }

    private RedisSettlementStore hot() {
        return (RedisSettlementStore) SettlementStoreProducer.select("redis", backends);
    }

    private PostgresSettlementStore archive() {
        return (PostgresSettlementStore) SettlementStoreProducer.select("postgres", backends);
    }

    private RedisSettlementStore otherHot() {
        return redisLocations.store("target", redisUrl, otherPrefix);
    }

    private static long count(AgroalDataSource dataSource, String query) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
