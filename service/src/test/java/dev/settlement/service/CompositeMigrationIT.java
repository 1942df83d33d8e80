package dev.settlement.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.testing.JdbcTarget;
import dev.settlement.testing.ServiceProcess;
import dev.settlement.testing.TestPostgres;
import dev.settlement.testing.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate} between composite and its parts through the packaged jar, as an operator runs it: the upgrade path
 * postgres → composite and redis → composite and back, in place (the composite on the very database or Redis prefix)
 * and to separate locations named with {@code --to-…} and {@code --from-…}. Each run is interrupted once (a row
 * lock held by the test makes a batch wait past the lock timeout: exit 1, one line), then run again: it resumes,
 * verifies every record, and a further run writes nothing.
 */
class CompositeMigrationIT {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final int COUNT = 120;
    private static final String ACTIVE = "status IN ('PENDING', 'USER_LOCKED', 'SOLVER_LOCKED', 'EXECUTING')";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String redisUrl = TestRedis.url();
    private final List<String> prefixes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void deleteKeys() throws Exception {
        for (String prefix : prefixes) {
            TestRedis.deleteKeys(redisUrl, prefix);
        }
    }

    @Test
    void postgresToCompositeInPlaceAndBack() throws Exception {
        JdbcTarget db = TestPostgres.freshDatabase("migrate_pg_in_place");
        String prefix = prefix();
        List<String> options = options(db, prefix);
        seed(options, "postgres");

        // active settlements move to Redis; the batch holding m-065 cannot leave PostgreSQL while the test locks it
        Run first = interrupted(db, "SELECT * FROM settlements WHERE id = 'm-066' FOR UPDATE",
                options, "--from", "postgres", "--to", "composite", "--batch-size", "20");
        assertThat(first.out).contains("in place: both sides hold postgresql ");
        Run resumed = run(options, "--from", "postgres", "--to", "composite", "--batch-size", "20");
        assertThat(resumed.out).containsPattern("move: \\d+ settlements: .* moved \\(\\d+ copied, 0 updated, [1-9]\\d* already"
                + " there\\), \\d+ source copies removed; resumed after the [1-9]\\d* an earlier run did");
        verified(resumed, COUNT);
        try (Connection c = TestPostgres.connect(db)) {
            assertThat(scalar(c, "SELECT count(*) FROM settlements WHERE " + ACTIVE)).isZero();
            assertThat(scalar(c, "SELECT count(*) FROM settlements")).isEqualTo(COUNT / 5);
        }
        assertThat(redisCount(prefix)).isEqualTo(COUNT - COUNT / 5);
        Run again = run(options, "--from", "postgres", "--to", "composite");
        assertThat(again.out).contains("move: 24 settlements: 24 already where the target keeps them, 0 moved (0 copied,"
                + " 0 updated, 0 already there), 0 source copies removed;");
        verified(again, COUNT);

        // and back: the active ones return from Redis into the tables; the batch bringing m-061 waits on its insert
        Run back = interrupted(db, blockingInsert("m-061"),
                options, "--from", "composite", "--to", "postgres", "--batch-size", "20");
        assertThat(back.out).contains("in place: both sides hold postgresql ");
        Run backResumed = run(options, "--from", "composite", "--to", "postgres", "--batch-size", "20");
        assertThat(backResumed.out).contains("resumed after the");
        verified(backResumed, COUNT);
        try (Connection c = TestPostgres.connect(db)) {
            assertThat(scalar(c, "SELECT count(*) FROM settlements")).isEqualTo(COUNT);
        }
        assertThat(redisCount(prefix)).isZero();
        Run backAgain = run(options, "--from", "composite", "--to", "postgres");
        assertThat(backAgain.out).contains("move: 120 settlements: 120 already where the target keeps them, 0 moved");
        verified(backAgain, COUNT);
    }

    @Test
    void redisToCompositeInPlaceAndBack() throws Exception {
        JdbcTarget db = TestPostgres.freshDatabase("migrate_redis_in_place");
        String prefix = prefix();
        List<String> options = options(db, prefix);
        seed(options, "redis");
        // before anything moved, the composite's view (Redis, and an empty database, whose schema this creates)
        // already equals the source
        Run before = run(options, "--from", "redis", "--to", "composite", "--verify-only");
        assertThat(before.out).contains("in place: both sides hold redis ");
        verified(before, COUNT);

        // finished settlements move to PostgreSQL; the batch bringing m-065 waits on its insert
        Run first = interrupted(db, blockingInsert("m-065"),
                options, "--from", "redis", "--to", "composite", "--batch-size", "20");
        assertThat(first.out).contains("in place: both sides hold redis ");
        Run resumed = run(options, "--from", "redis", "--to", "composite", "--batch-size", "20");
        assertThat(resumed.out).contains("resumed after the");
        verified(resumed, COUNT);
        try (Connection c = TestPostgres.connect(db)) {
            assertThat(scalar(c, "SELECT count(*) FROM settlements")).isEqualTo(COUNT / 5);
        }
        assertThat(redisCount(prefix)).isEqualTo(COUNT - COUNT / 5);
        Run again = run(options, "--from", "redis", "--to", "composite");
        assertThat(again.out).contains("move: 96 settlements: 96 already where the target keeps them, 0 moved");
        verified(again, COUNT);

        // and back: the finished ones return to Redis, then leave PostgreSQL; m-100 is locked against its removal
        Run back = interrupted(db, "SELECT * FROM settlements WHERE id = 'm-100' FOR UPDATE",
                options, "--from", "composite", "--to", "redis", "--batch-size", "20");
        assertThat(back.out).contains("in place: both sides hold redis ");
        Run backResumed = run(options, "--from", "composite", "--to", "redis", "--batch-size", "20");
        assertThat(backResumed.out).contains("resumed after the");
        verified(backResumed, COUNT);
        try (Connection c = TestPostgres.connect(db)) {
            assertThat(scalar(c, "SELECT count(*) FROM settlements")).isZero();
        }
        assertThat(redisCount(prefix)).isEqualTo(COUNT);
        Run backAgain = run(options, "--from", "composite", "--to", "redis");
        assertThat(backAgain.out).contains("move: 120 settlements: 120 already where the target keeps them, 0 moved");
        verified(backAgain, COUNT);
    }

    @Test
    void postgresToCompositeElsewhereAndOnToAnotherDatabase() throws Exception {
        JdbcTarget db = TestPostgres.freshDatabase("migrate_pg_source");
        JdbcTarget archive = TestPostgres.freshDatabase("migrate_composite_archive");
        JdbcTarget finalDb = TestPostgres.freshDatabase("migrate_pg_final");
        String prefix = prefix();
        String hot = prefix();
        List<String> options = options(db, prefix);
        seed(options, "postgres");
        createSchema(archive);
        createSchema(finalDb);

        // a composite on its own prefix and database: a copy; finished m-065 waits on the test's insert
        List<String> toComposite = List.of("--from", "postgres", "--to", "composite", "--to-key-prefix", hot,
                "--to-postgres-url", archive.url(), "--to-postgres-username", archive.username(), "--batch-size", "20");
        Run first = interrupted(archive, "INSERT INTO settlements (id, intent_id, user_address, input_chain_id,"
                + " input_denom, input_amount, output_chain_id, output_denom, output_amount, status, created_at,"
                + " updated_at, expires_at, version) VALUES ('m-065', 'blocker', 'u', 'a', 'b', 1, 'c', 'd', 1,"
                + " 'COMPLETE', 0, 0, 0, 1)", options, toComposite.toArray(String[]::new));
        assertThat(first.out).doesNotContain("in place");
        Run resumed = run(options, toComposite.toArray(String[]::new));
        // the interrupted batch's active settlements had reached Redis (one atomic step each) before its finished
        // ones waited on PostgreSQL: already present now
        assertThat(resumed.out).containsPattern("copy: 60 settlements: \\d+ copied, 0 updated, \\d+ already present;"
                + " resumed after the 60 an earlier run did");
        verified(resumed, COUNT);
        Run again = run(options, toComposite.toArray(String[]::new));
        assertThat(again.out).contains("copy: 120 settlements: 0 copied, 0 updated, 120 already present;");
        try (Connection c = TestPostgres.connect(db)) {
            assertThat(scalar(c, "SELECT count(*) FROM settlements")).as("the source is left as it was").isEqualTo(COUNT);
        }
        try (Connection c = TestPostgres.connect(archive)) {
            assertThat(scalar(c, "SELECT count(*) FROM settlements WHERE " + ACTIVE)).isZero();
        }
        assertThat(redisCount(hot)).isEqualTo(COUNT - COUNT / 5);

        // that composite, named with --from-…, into a third database; m-041 waits on the test's insert
        List<String> toPostgres = List.of("--from", "composite", "--from-key-prefix", hot, "--from-postgres-url",
                archive.url(), "--to", "postgres", "--to-postgres-url", finalDb.url(), "--batch-size", "20");
        Run second = interrupted(finalDb, "INSERT INTO settlements (id, intent_id, user_address, input_chain_id,"
                + " input_denom, input_amount, output_chain_id, output_denom, output_amount, status, created_at,"
                + " updated_at, expires_at, version) VALUES ('m-041', 'blocker', 'u', 'a', 'b', 1, 'c', 'd', 1,"
                + " 'COMPLETE', 0, 0, 0, 1)", options, toPostgres.toArray(String[]::new));
        assertThat(second.out).contains("-> postgres " + finalDb.url());
        Run secondResumed = run(options, toPostgres.toArray(String[]::new));
        assertThat(secondResumed.out).contains("resumed after the 40 an earlier run did");
        verified(secondResumed, COUNT);
        Run secondAgain = run(options, toPostgres.toArray(String[]::new));
        assertThat(secondAgain.out).contains("copy: 120 settlements: 0 copied, 0 updated, 120 already present;");
        try (Connection c = TestPostgres.connect(finalDb)) {
            assertThat(scalar(c, "SELECT count(*) FROM settlements")).isEqualTo(COUNT);
        }
    }

    @Test
    void redisToCompositeElsewhereAndOnToAnotherPrefix() throws Exception {
        JdbcTarget db = TestPostgres.freshDatabase("migrate_redis_source");
        JdbcTarget archive = TestPostgres.freshDatabase("migrate_redis_archive");
        String prefix = prefix();
        String hot = prefix();
        String last = prefix();
        List<String> options = options(db, prefix);
        seed(options, "redis");
        createSchema(archive);

        List<String> toComposite = List.of("--from", "redis", "--to", "composite", "--to-redis-url", redisUrl,
                "--to-key-prefix", hot, "--to-postgres-url", archive.url(), "--batch-size", "20");
        Run first = interrupted(archive, "INSERT INTO settlements (id, intent_id, user_address, input_chain_id,"
                + " input_denom, input_amount, output_chain_id, output_denom, output_amount, status, created_at,"
                + " updated_at, expires_at, version) VALUES ('m-065', 'blocker', 'u', 'a', 'b', 1, 'c', 'd', 1,"
                + " 'COMPLETE', 0, 0, 0, 1)", options, toComposite.toArray(String[]::new));
        assertThat(first.out).doesNotContain("in place");
        Run resumed = run(options, toComposite.toArray(String[]::new));
        assertThat(resumed.out).contains("resumed after the 60 an earlier run did");
        verified(resumed, COUNT);
        assertThat(run(options, toComposite.toArray(String[]::new)).out)
                .contains("copy: 120 settlements: 0 copied, 0 updated, 120 already present;");
        assertThat(redisCount(prefix)).as("the source is left as it was").isEqualTo(COUNT);

        List<String> toRedis = List.of("--from", "composite", "--from-key-prefix", hot, "--from-postgres-url",
                archive.url(), "--to", "redis", "--to-key-prefix", last);
        Run copied = run(options, toRedis.toArray(String[]::new));
        assertThat(copied.out).contains("copy: 120 settlements: 120 copied, 0 updated, 0 already present;");
        verified(copied, COUNT);
        assertThat(run(options, toRedis.toArray(String[]::new)).out)
                .contains("copy: 120 settlements: 0 copied, 0 updated, 120 already present;");
        assertThat(redisCount(last)).isEqualTo(COUNT);
    }

    @Test
    void locationOptionsThatMakeNoSenseAreRefusedWithOneLine() throws Exception {
        assertUsage(List.of("--from", "postgres", "--to", "composite", "--to-postgres-url", "postgres://h/db"),
                "migrate: --to-postgres-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), not"
                        + " 'postgres://h/db'");
        assertUsage(List.of("--from", "postgres", "--to", "redis", "--to-postgres-url", "jdbc:postgresql://h/db"),
                "migrate: --to-postgres-url has no meaning with --to redis: it names the PostgreSQL database of"
                        + " postgres or composite");
        assertUsage(List.of("--from", "sqlite", "--to", "composite", "--from-key-prefix", "p"),
                "migrate: --from-key-prefix has no meaning with --from sqlite: it names the Redis of redis or composite");
        assertUsage(List.of("--from", "redis", "--to", "composite", "--to-key-prefix", "{p}"),
                "migrate: --to-key-prefix must be a key prefix without braces or spaces, not '{p}'");
        assertUsage(List.of("--from", "redis", "--to", "composite", "--to-redis-url", "localhost:6379"),
                "migrate: --to-redis-url must be a Redis URL (redis://host:port, rediss://…), not 'localhost:6379'");
        assertUsage(List.of("--from", "composite", "--to", "postgres", "--to-postgres-password", "secret"),
                "migrate: --to-postgres-password is not taken on the command line (any user can read it there): set"
                        + " settlement.migrate.target.postgres.password (environment"
                        + " SETTLEMENT_MIGRATE_TARGET_POSTGRES_PASSWORD)");
        assertUsage(List.of("--from", "composite", "--to", "postgres", "--to-postgres-url"),
                "migrate: --to-postgres-url needs a value");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private record Run(int code, String out, String err) {
    }

    private String prefix() {
        String prefix = "it-migrate-" + UUID.randomUUID().toString().substring(0, 8);
        prefixes.add(prefix);
        return prefix;
    }

    private List<String> options(JdbcTarget db, String prefix) {
        List<String> options = new ArrayList<>(ServiceProcess.postgresOptions(db));
        options.add("-Dsettlement.redis.url=" + redisUrl);
        options.add("-Dsettlement.redis.key-prefix=" + prefix);
        options.add("-Dsettlement.sqlite.path=" + dir.resolve("seed.db"));
        return options;
    }

    /**
     * {@value #COUNT} settlements written through the HTTP API of the service on SQLite — m-000 … m-119; every fifth
     * failed (finished), the others active, every third of all USER_LOCKED — then copied into {@code backend}.
     */
    private void seed(List<String> options, String backend) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(JAR, dir.resolve("seed.log"),
                List.of("-Dsettlement.sqlite.path=" + dir.resolve("seed.db"), "-Dsettlement.max-concurrent-per-solver=1000"))) {
            String base = service.baseUrl();
            for (int i = 0; i < COUNT; i++) {
                String id = String.format("m-%03d", i);
                post(base + "/settlements", "{\"id\":\"" + id + "\",\"intentId\":\"intent-" + id + "\",\"solverId\":"
                        + "\"solver-" + i % 7 + "\",\"userAddress\":\"cosmos1u\",\"inputAsset\":{\"chainId\":\"a\","
                        + "\"denom\":\"b\",\"amount\":\"" + (1000 + i) + "\"},\"outputAsset\":{\"chainId\":\"c\","
                        + "\"denom\":\"d\",\"amount\":\"" + i + "\"}}", 201);
                if (i % 3 == 0) {
                    post(base + "/settlements/" + id + "/events", "{\"type\":\"USER_LOCKED\",\"escrowId\":\"e-" + i
                            + "\",\"txHash\":\"0x" + i + "\"}", 200);
                }
                if (i % 5 == 0) {
                    post(base + "/settlements/" + id + "/fail", "{\"reason\":\"gave up on " + id + "\"}", 200);
                }
            }
        }
        Run seeded = run(options, "--from", "sqlite", "--to", backend);
        verified(seeded, COUNT);
    }

    /**
     * Runs the command while the test holds {@code lock} in an open transaction on {@code db}: a batch waits on it
     * past PostgreSQL's lock timeout and the run stops (exit 1, one line), its checkpoint after the last batch done.
     */
    private Run interrupted(JdbcTarget db, String lock, List<String> options, String... args) throws Exception {
        try (Connection blocker = TestPostgres.connect(db)) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute(lock);
            Run run = run(options, args);
            blocker.rollback();
            assertThat(run.code).as(run.out + run.err).isEqualTo(1);
            assertThat(run.err.lines().filter(l -> l.startsWith("migrate:")).toList()).as(run.err).singleElement()
                    .asString().startsWith("migrate: stopped: ").endsWith("(running the same command again continues)");
            assertThat(run.err).doesNotContain("\tat ");
            return run;
        }
    }

    /** The service's schema in an empty database: what the command's first use of it does. */
    private void createSchema(JdbcTarget db) throws Exception {
        Run empty = run(ServiceProcess.postgresOptions(db), "--from", "postgres", "--to", "redis", "--to-redis-url",
                redisUrl, "--to-key-prefix", prefix(), "--verify-only");
        assertThat(empty.code).as(empty.out + empty.err).isZero();
    }

    private Run run(List<String> options, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("migrate"));
        command.addAll(List.of(args));
        ServiceProcess.Command c = ServiceProcess.runCommand(JAR, dir, options, command);
        System.out.println("$ migrate " + String.join(" ", args) + "\n" + c.out() + "(exit " + c.code() + ")\n"
                + c.err().lines().filter(l -> l.startsWith("migrate:")).reduce("", (a, b) -> a + b + "\n"));
        return new Run(c.code(), c.out(), c.err());
    }

    private static void verified(Run run, int count) {
        assertThat(run.code).as(run.out + run.err).isZero();
        assertThat(run.out).contains("verify: source " + count + " settlements").contains("verify: target " + count
                + " settlements").contains("verify: OK, every settlement and its history are the same on both sides");
        String source = run.out.lines().filter(l -> l.startsWith("verify: source sha256 ")).findFirst().orElseThrow();
        assertThat(run.out).contains(source.replace("source", "target"));
        assertThat(run.err).doesNotContain("\tat ").doesNotContain("ERROR");
    }

    private void assertUsage(List<String> args, String line) throws Exception {
        Run run = run(List.of(), args.toArray(String[]::new));
        assertThat(run.code).as(run.err).isEqualTo(2);
        assertThat(run.err.lines().toList()).as(run.err).singleElement().asString().startsWith(line + " (usage: migrate");
    }

    private long redisCount(String prefix) throws Exception {
        return Long.parseLong(TestRedis.call(redisUrl, "ZCARD", "{" + prefix + "}:idx:all").trim().substring(1));
    }

    private static long scalar(Connection connection, String query) throws Exception {
        try (var rows = connection.createStatement().executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void post(String url, String json, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
    }

    /**
     * An insert of {@code id} (a finished settlement of another intent) that a test's open transaction holds, so a
     * batch writing that id waits on it.
     */
    private static String blockingInsert(String id) {
        return "INSERT INTO settlements (id, intent_id, user_address, input_chain_id, input_denom, input_amount,"
                + " output_chain_id, output_denom, output_amount, status, created_at, updated_at, expires_at, version)"
                + " VALUES ('" + id + "', 'blocker', 'u', 'a', 'b', 1, 'c', 'd', 1, 'COMPLETE', 0, 0, 0, 1)";
    }
}
