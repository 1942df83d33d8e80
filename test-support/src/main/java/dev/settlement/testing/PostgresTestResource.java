package dev.settlement.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a Quarkus test its own fresh PostgreSQL database: sets {@code settlement.postgres.url}, {@code .username} and
 * {@code .password} (empty with trust authentication). Init arg {@code hint} names the database (default "quarkus").
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String hint = "quarkus";

    @Override
    public void init(Map<String, String> initArgs) {
        hint = initArgs.getOrDefault("hint", hint);
    }

    @Override
    public Map<String, String> start() {
        JdbcTarget database = TestPostgres.freshDatabase(hint);
        return Map.of("settlement.postgres.url", database.url(),
                "settlement.postgres.username", database.username(),
                "settlement.postgres.password", database.password());
    }

    @Override
    public void stop() {
        // the database is dropped (or the temporary cluster stopped) at JVM exit
    }
}
