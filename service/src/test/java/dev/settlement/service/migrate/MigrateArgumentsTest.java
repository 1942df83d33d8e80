package dev.settlement.service.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The location options: the keys they set, and the command lines refused. */
class MigrateArgumentsTest {

    @Test
    void eachLocationOptionSetsTheKeyOfItsSide() {
        MigrateArguments args = MigrateArguments.parse(List.of("--from", "composite", "--to", "postgres",
                "--from-key-prefix", "old", "--from-redis-url", "redis://r:6380", "--from-postgres-url",
                "jdbc:postgresql://a/x", "--from-postgres-username", "reader", "--to-postgres-url", "jdbc:postgresql://b/y",
                "--to-postgres-username", "writer"));

        assertThat(args.locations()).isEqualTo(Map.of(
                "settlement.migrate.source.redis.key-prefix", "old",
                "settlement.migrate.source.redis.url", "redis://r:6380",
                "settlement.migrate.source.postgres.url", "jdbc:postgresql://a/x",
                "settlement.migrate.source.postgres.username", "reader",
                "settlement.migrate.target.postgres.url", "jdbc:postgresql://b/y",
                "settlement.migrate.target.postgres.username", "writer"));
        assertThat(MigrateArguments.parse(List.of("--from", "postgres", "--to", "composite")).locations()).isEmpty();
    }

    @Test
    void optionsThatNameNothingOfTheirSideOrAreMalformedAreRefused() {
        assertRefused(List.of("--from", "sqlite", "--to", "redis", "--from-postgres-url", "jdbc:postgresql://a/x"),
                "--from-postgres-url has no meaning with --from sqlite: it names the PostgreSQL database of postgres or"
                        + " composite");
        assertRefused(List.of("--from", "redis", "--to", "postgres", "--to-redis-url", "redis://r"),
                "--to-redis-url has no meaning with --to postgres: it names the Redis of redis or composite");
        assertRefused(List.of("--from", "redis", "--to", "composite", "--to-key-prefix", "a b"),
                "--to-key-prefix must be a key prefix without braces or spaces, not 'a b'");
        assertRefused(List.of("--from", "redis", "--to", "composite", "--to-key-prefix", ""),
                "--to-key-prefix must be a key prefix without braces or spaces, not ''");
        assertRefused(List.of("--from", "postgres", "--to", "composite", "--from-postgres-password", "x"),
                "--from-postgres-password is not taken on the command line (any user can read it there): set"
                        + " settlement.migrate.source.postgres.password (environment"
                        + " SETTLEMENT_MIGRATE_SOURCE_POSTGRES_PASSWORD)");
        assertRefused(List.of("--from", "postgres", "--to", "composite", "--to-colour", "blue"),
                "unknown option '--to-colour'");
        assertRefused(List.of("--from", "postgres", "--to", "composite", "--to-key-prefix"),
                "--to-key-prefix needs a value");
    }

    private static void assertRefused(List<String> args, String message) {
        assertThatThrownBy(() -> MigrateArguments.parse(args)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
