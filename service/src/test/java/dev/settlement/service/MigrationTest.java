package dev.settlement.service;

import static dev.settlement.api.StoreTestSupport.ACTOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settlement.api.ErrorCode;
import dev.settlement.api.InMemorySettlementStore;
import dev.settlement.api.InterruptingStore;
import dev.settlement.api.MigrationTestData;
import dev.settlement.api.MutableClock;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementPolicy;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.SettlementWithHistory;
import dev.settlement.api.StoreTestSupport;
import dev.settlement.api.migration.MigrationProgress;
import dev.settlement.api.migration.MigrationReport;
import dev.settlement.api.migration.SettlementMigration;
import dev.settlement.api.migration.VerificationReport;
import dev.settlement.service.store.SettlementStoreProducer;
import dev.settlement.store.jpa.SettlementTables;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import dev.settlement.testing.TestRedis;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migration between real backends, in the three tested directions: a few thousand settlements of every status
 * with their histories; a run interrupted after two batches and resumed; a second run that writes nothing; a change
 * in the source after the migration, picked up by a third run; verification comparing every record. Prints the rate
 * of each direction ({@code -Dmigration.test.count=N} for a larger run).
 */
@QuarkusTest
@TestProfile(Profiles.AllBackends.class)
class MigrationTest {
    private static final int COUNT = Integer.getInteger("migration.test.count", 2000);
    private static final int BATCH = 250;

    @Inject
    @Any
    Instance<SettlementStore> backends;

    @Inject
    @DataSource("sqlite")
    AgroalDataSource sqlite;

    @Inject
    @DataSource("postgres")
    AgroalDataSource postgres;

    @ConfigProperty(name = "settlement.redis.url")
    String redisUrl;

    @ConfigProperty(name = "settlement.redis.key-prefix")
    String redisPrefix;

    @BeforeEach
    void emptyEveryBackend() {
        store("sqlite").health(); // the first use of a SQL store creates its schema
        store("postgres").health();
        SettlementTables.empty(sqlite);
        SettlementTables.empty(postgres);
        TestRedis.deleteKeys(redisUrl, redisPrefix);
    }

    @Test
    void sqliteToPostgres() {
        migrateInterruptResumeAndVerify("sqlite", "postgres");
    }

    @Test
    void sqliteToComposite() {
        migrateInterruptResumeAndVerify("sqlite", "composite");
        // active settlements went to Redis, where the composite's rules live; finished ones straight to PostgreSQL
        assertThat(count(postgres, "SELECT count(*) FROM settlements WHERE status IN ('PENDING', 'USER_LOCKED',"
                + " 'SOLVER_LOCKED', 'EXECUTING')")).isZero();
        assertThat(count(postgres, "SELECT count(*) FROM settlements")).isPositive();
        assertThat(store("redis").countByStatus().get(SettlementStatus.PENDING)).isPositive();
    }

    @Test
    void postgresToSqlite() {
        migrateInterruptResumeAndVerify("postgres", "sqlite");
    }

    private void migrateInterruptResumeAndVerify(String from, String to) {
        SettlementStore source = store(from);
        SettlementStore target = store(to);
        InMemorySettlementStore generated = MigrationTestData.generate(from, COUNT, 7);
        List<SettlementWithHistory> expected = MigrationTestData.contents(generated);
        for (int i = 0; i < expected.size(); i += 500) {
            source.importSettlements(expected.subList(i, Math.min(expected.size(), i + 500)));
        }
        String name = from + " test-source";

        // the target goes away during the third batch: two are committed and checkpointed
        assertThatThrownBy(() -> migration(source, new InterruptingStore(target, 2 * BATCH + 10), name).migrate(false))
                .isInstanceOf(SettlementException.class)
                .extracting(e -> ((SettlementException) e).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
        assertThat(target.migrationCheckpoint(name).orElseThrow()).startsWith("running " + 2 * BATCH + " ");

        MigrationReport resumed = migration(source, target, name).migrate(false);
        assertThat(resumed.resumedAfter()).isEqualTo(2 * BATCH);
        assertThat(resumed.copied()).isEqualTo(COUNT - 2 * BATCH);
        System.out.printf("Migration %s -> %s: %d settlements in %d ms, %.0f/s%n", from, to, resumed.examined(),
                resumed.took().toMillis(), resumed.rate());

        VerificationReport verification = migration(source, target, name).verify();
        assertThat(verification.mismatches()).isEmpty();
        assertThat(verification.matches()).isTrue();
        assertThat(verification.targetSettlements()).isEqualTo(COUNT);
        assertThat(MigrationTestData.contents(target)).isEqualTo(expected);
        assertThat(MigrationTestData.contents(source)).isEqualTo(expected);
        // the same checksum as of the generated data itself: nothing was altered on the way in or out
        assertThat(migration(generated, target, "memory").verify().targetChecksum())
                .isEqualTo(verification.sourceChecksum()).isEqualTo(verification.targetChecksum());

        MigrationReport again = migration(source, target, name).migrate(false);
        assertThat(again.alreadyPresent()).isEqualTo(COUNT);
        assertThat(again.copied() + again.updated()).isZero();

        // the source moves on (a settlement fails, a new one arrives): the next run carries exactly that over
        SettlementManager onSource = new SettlementManager(source, new SettlementPolicy(1800, 1_000_000, 3600),
                new MutableClock(MigrationTestData.T0 + 100_000));
        String active = expected.stream().filter(s -> s.settlement().isActive()).findFirst().orElseThrow().id();
        onSource.fail(active, "changed after the migration", null, ACTOR);
        onSource.create(StoreTestSupport.request("late-" + from, "intent-late", null));
        assertThat(migration(source, target, name).verify().mismatchCount()).isEqualTo(2);
        MigrationReport third = migration(source, target, name).migrate(false);
        assertThat(third.updated()).isEqualTo(1);
        assertThat(third.copied()).isEqualTo(1);
        assertThat(migration(source, target, name).verify().matches()).isTrue();
    }

    private SettlementMigration migration(SettlementStore from, SettlementStore to, String name) {
        return new SettlementMigration(from, to, name, BATCH, MigrationProgress.NONE);
    }

    private SettlementStore store(String backend) {
        return SettlementStoreProducer.select(backend, backends);
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
