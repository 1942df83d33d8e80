package dev.settlement.service;

import io.quarkus.test.junit.QuarkusTestProfile;
import dev.settlement.testing.JdbcTarget;
import dev.settlement.testing.PostgresTestResource;
import dev.settlement.testing.TestPostgres;
import dev.settlement.testing.RedisTestResource;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One test profile per backend, so the same REST suite runs on each. */
public final class Profiles {
    private Profiles() {
    }

    /** Settings every REST test relies on: a small solver capacity and a short stuck threshold. */
    static Map<String, String> common(String store) {
        return Map.of(
                "settlement.store", store,
                "settlement.max-concurrent-per-solver", "2",
                "settlement.stuck-threshold-secs", "60",
                "settlement.auto-recovery.enabled", "false");
    }

    public static class Memory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return common("memory");
        }
    }

    /** Authentication on: tokens verified with the test key pair under src/test/resources/auth. */
    public static class Auth implements QuarkusTestProfile {
        public static final String ISSUER = "https://settlement.test";

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(common("memory"));
            config.put("settlement.max-concurrent-per-solver", "100");
            return withAuth(config);
        }
    }

    /** {@code config} with authentication on, as {@link Auth} has it. */
    static Map<String, String> withAuth(Map<String, String> config) {
        Map<String, String> with = new java.util.HashMap<>(config);
        with.put("settlement.auth.enabled", "true");
        with.put("mp.jwt.verify.publickey.location", "auth/publicKey.pem");
        with.put("mp.jwt.verify.issuer", Auth.ISSUER);
        with.put("smallrye.jwt.sign.key.location", "auth/privateKey.pem"); // the test's side: minting
        return with;
    }

    /** SQLite with authentication on (the console's browser tests). */
    public static class SqliteAuth extends Sqlite {
        @Override
        public Map<String, String> getConfigOverrides() {
            return withAuth(super.getConfigOverrides());
        }
    }

    /** PostgreSQL with authentication on (the console's browser tests). */
    public static class PostgresAuth extends Postgres {
        @Override
        public Map<String, String> getConfigOverrides() {
            return withAuth(super.getConfigOverrides());
        }
    }

    public static class Sqlite implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(common("sqlite"));
            config.put("settlement.sqlite.path", "target/rest-" + UUID.randomUUID() + ".db");
            return config;
        }
    }

    /** PostgreSQL reached or started by test-support, in a database of its own. */
    public static class Postgres implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return common("postgres");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresTestResource.class, Map.of("hint", "rest_api")));
        }
    }

    /** Redis reached or started by test-support, under a key prefix of its own. */
    public static class Redis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return common("redis");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedisTestResource.class));
        }
    }

    /** Redis and PostgreSQL reached or started by test-support: a key prefix and a database of its own. */
    public static class Composite implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return common("composite");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedisTestResource.class),
                    new TestResourceEntry(PostgresTestResource.class, Map.of("hint", "rest_composite")));
        }
    }

    /**
     * Every persistent backend at once, as the migrate command has them: sqlite (a file of its own) and postgres
     * active, Redis under a key prefix of its own, so a test can migrate between any two.
     */
    public static class AllBackends implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(common("postgres"));
            config.put("settlement.migrate.from", "sqlite");
            config.put("settlement.sqlite.path", "target/migration-" + UUID.randomUUID() + ".db");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedisTestResource.class),
                    new TestResourceEntry(PostgresTestResource.class, Map.of("hint", "migration")));
        }
    }

    /**
     * The migrate command's view of composite and its parts: composite as settlement.store, postgres as the source
     * backend, and a second database as the target's own PostgreSQL (settlement.migrate.target.postgres.*), so the
     * postgres and migrate-target datasources are both active; Redis under a key prefix of its own.
     */
    public static class CompositeMigration implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(common("composite"));
            config.put("settlement.migrate.from", "postgres");
            JdbcTarget other = TestPostgres.freshDatabase("migration_other");
            config.put("settlement.migrate.target.postgres.url", other.url());
            config.put("settlement.migrate.target.postgres.username", other.username());
            config.put("settlement.migrate.target.postgres.password", other.password());
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedisTestResource.class),
                    new TestResourceEntry(PostgresTestResource.class, Map.of("hint", "migration_composite")));
        }
    }

    /** The scheduled recovery on, every second. */
    public static class AutoRecovery implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(common("memory"));
            config.put("settlement.auto-recovery.enabled", "true");
            config.put("settlement.recovery.interval", "1s");
            return config;
        }
    }

    public static class Faulty implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return common("faulty");
        }
    }
}
