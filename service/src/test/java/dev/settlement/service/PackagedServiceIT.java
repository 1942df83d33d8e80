package dev.settlement.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.settlement.testing.JdbcTarget;
import dev.settlement.testing.RedisServerProcess;
import dev.settlement.testing.ServiceBackend;
import dev.settlement.testing.ServiceProcess;
import dev.settlement.testing.TestPostgres;
import dev.settlement.testing.TestRedis;

/**
 * The packaged service as a user runs it: on each backend the example walk-through passes against it and what it
 * wrote is all there after a stop and a start; a backend it cannot use fails the start with one line naming it.
 * Authentication: off, it listens on loopback only; on, README's keys and tokens work; on without a key, no start.
 */
class PackagedServiceIT {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private final HttpClient http = HttpClient.newHttpClient();
    private ServiceProcess service;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
    }

    /**
     * Each backend as a user selects it ({@code -Dquarkus.profile=…}): the walk-through passes, then the service is
     * stopped and started again (Redis too, with append-only persistence) and every record, history and rule is
     * still there.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres", "redis", "composite"})
    void walkThroughPassesAndEverythingSurvivesARestart(String backend) throws Exception {
        RedisServerProcess redis = ServiceBackend.needsRedis(backend)
                ? TestRedis.startDedicated(Files.createDirectories(dir.resolve("redis")), true) : null;
        List<String> options = new java.util.ArrayList<>(ServiceBackend.options(backend, dir.resolve("settlements.db"),
                ServiceBackend.needsPostgres(backend) ? TestPostgres.freshDatabase("packaged_service") : null,
                redis == null ? null : redis.url(), null));
        if (backend.equals("composite")) {
            // archive finished settlements within a second, so reads across the restart span both sides
            options.addAll(List.of("-Dsettlement.composite.archive-after=1s",
                    "-Dsettlement.composite.archive-interval=1s"));
        }
        try {
            service = ServiceProcess.start(JAR, dir.resolve("service.log"), options);
            String base = service.baseUrl();
            Walkthrough.passesAgainst(base, dir.resolve("walkthrough.log"));
            assertThat(get(base + "/q/health/ready")).containsPattern("\"backend\"\\s*:\\s*\"" + backend + "\"");

            post(base + "/settlements", "{\"id\":\"survivor\",\"intentId\":\"intent-survivor\",\"solverId\":\"solver-r\","
                    + "\"userAddress\":\"cosmos1u\",\"inputAsset\":{\"chainId\":\"a\",\"denom\":\"b\",\"amount\":\"340282366920938463463374607431768211455\"},"
                    + "\"outputAsset\":{\"chainId\":\"c\",\"denom\":\"d\",\"amount\":\"7\"}}", 201);
            post(base + "/settlements/survivor/events", "{\"type\":\"USER_LOCKED\",\"escrowId\":\"e-1\",\"txHash\":\"0x1\"}", 200);
            String before = get(base + "/settlements/survivor");
            String historyBefore = get(base + "/settlements/survivor/history");
            String listBefore = get(base + "/settlements?limit=1000");

            service.stop();
            assertThat(service.isAlive()).isFalse();
            if (redis != null) {
                redis.restart(); // a clean restart of Redis itself: what it kept is what its AOF kept
            }

            service.start();
            assertThat(get(base + "/settlements/survivor")).isEqualTo(before).contains("\"version\":2")
                    .contains("340282366920938463463374607431768211455");
            assertThat(get(base + "/settlements/survivor/history")).isEqualTo(historyBefore).contains("\"sequence\":1");
            assertThat(get(base + "/settlements?limit=1000")).isEqualTo(listBefore);
            // the rules still see the active settlement written before the restart
            post(base + "/settlements", "{\"intentId\":\"intent-survivor\",\"userAddress\":\"u\","
                    + "\"inputAsset\":{\"chainId\":\"a\",\"denom\":\"b\",\"amount\":\"1\"},"
                    + "\"outputAsset\":{\"chainId\":\"c\",\"denom\":\"d\",\"amount\":\"1\"}}", 409);
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void anUnusableBackendFailsTheStartWithOneLineNamingIt() throws Exception {
        assertThat(startExpectingFailure("-Dsettlement.store=redis", "-Dsettlement.redis.url=redis://127.0.0.1:1"))
                .contains("ERROR").contains("Settlement store: redis is not usable")
                .contains("redis://127.0.0.1:1").doesNotContain("\tat ");
        assertThat(startExpectingFailure("-Dsettlement.store=cassandra"))
                .contains("settlement.store=cassandra is not a known backend; choose one of "
                        + "[composite, memory, postgres, redis, sqlite]");
    }

    /**
     * A Redis that refuses writes (here its memory is full: maxmemory with noeviction) is the backend saying "not now",
     * not a bug: 503 STORE_UNAVAILABLE naming the refusal, one WARN line and no stack trace; writes work again as soon
     * as Redis takes them.
     */
    @Test
    void aRedisThatRefusesWritesIs503NamingTheRefusalWithOneWarnLine() throws Exception {
        try (RedisServerProcess redis = TestRedis.startDedicated(Files.createDirectories(dir.resolve("redis")), false)) {
            service = ServiceProcess.start(JAR, dir.resolve("service.log"), List.of("-Dsettlement.store=redis",
                    "-Dsettlement.redis.url=" + redis.url()));
            String body = "{\"intentId\":\"intent-oom\",\"userAddress\":\"u\","
                    + "\"inputAsset\":{\"chainId\":\"a\",\"denom\":\"b\",\"amount\":\"1\"},"
                    + "\"outputAsset\":{\"chainId\":\"c\",\"denom\":\"d\",\"amount\":\"1\"}}";
            assertThat(TestRedis.call(redis.url(), "CONFIG", "SET", "maxmemory", "1")).isEqualTo("+OK");

            HttpResponse<String> refused = send(service.baseUrl() + "/settlements", body, null);

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).contains("\"code\":\"STORE_UNAVAILABLE\"").contains("out of memory")
                    .contains("OOM command not allowed");
            assertThat(service.log().lines().filter(line -> line.contains("OOM"))).singleElement().asString()
                    .contains(" WARN ");
            assertThat(service.log()).doesNotContain("\tat ").doesNotContain(" ERROR ");

            assertThat(TestRedis.call(redis.url(), "CONFIG", "SET", "maxmemory", "0")).isEqualTo("+OK");
            assertThat(send(service.baseUrl() + "/settlements", body, null).statusCode()).isEqualTo(201);
        }
    }

    /**
     * A SQLite file the service may read but not write (here made immutable with {@code chattr +i}: the tests run as
     * root, which permission bits do not stop, and an immutable file refuses root too; SQLite then opens it read-only,
     * as it does a file its user may not write; the directory stays writable). The start fails with one line naming the
     * file and SQLite's reason, instead of a service that is ready and answers every write with 503.
     */
    @Test
    void aSqliteFileTheServiceCannotWriteFailsTheStartWithOneLine() throws Exception {
        Path db = dir.resolve("immutable.db");
        service = ServiceProcess.start(JAR, dir.resolve("service.log"), List.of("-Dsettlement.sqlite.path=" + db));
        service.stop(); // a database of the current schema, closed cleanly: no WAL left beside it
        service = null;
        chattr("+i", db);
        try {
            ServiceProcess.Exit exit = ServiceProcess.runToExit(JAR, dir.resolve("failed-start.log"),
                    List.of("-Dsettlement.sqlite.path=" + db));

            assertThat(exit.code()).as(exit.output()).isNotZero();
            assertThat(exit.output().lines().filter(line -> line.contains("ERROR"))).as(exit.output()).singleElement()
                    .asString().contains("Settlement store: sqlite is not usable: sqlite file " + db + " cannot be written: ")
                    .containsIgnoringCase("readonly");
            assertThat(exit.output()).doesNotContain("\tat ");
        } finally {
            chattr("-i", db);
        }
    }

    /** The SQLite file, its WAL and its shared-memory file are created readable and writable by the service user only. */
    @Test
    void theSqliteFileAndItsJournalsAreTheServiceUsersOnly() throws Exception {
        Path db = dir.resolve("private.db");
        service = ServiceProcess.start(JAR, dir.resolve("service.log"), List.of("-Dsettlement.sqlite.path=" + db));
        post(service.baseUrl() + "/settlements", "{\"intentId\":\"intent-private\",\"userAddress\":\"u\","
                + "\"inputAsset\":{\"chainId\":\"a\",\"denom\":\"b\",\"amount\":\"1\"},"
                + "\"outputAsset\":{\"chainId\":\"c\",\"denom\":\"d\",\"amount\":\"1\"}}", 201);

        for (Path file : List.of(db, Path.of(db + "-wal"), Path.of(db + "-shm"))) {
            assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    private static void chattr(String change, Path file) throws Exception {
        Process chattr = new ProcessBuilder("chattr", change, file.toString()).redirectErrorStream(true).start();
        String output = new String(chattr.getInputStream().readAllBytes());
        assertThat(chattr.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(chattr.exitValue()).as("chattr %s %s: %s", change, file, output).isZero();
    }

    /**
     * A PostgreSQL database that holds someone else's tables is not taken over: the start fails with one line saying
     * what is wrong and what to do, and nothing else (no scheduled job runs before the store is up, so none reaches for
     * the missing store and logs a stack trace).
     */
    @Test
    void aNonEmptyDatabaseWithoutOurSchemaFailsTheStartWithOneLine() throws Exception {
        JdbcTarget db = TestPostgres.freshDatabase("foreign_schema");
        try (Connection connection = TestPostgres.connect(db)) {
            connection.createStatement().execute("CREATE TABLE customers (id INT PRIMARY KEY, name TEXT)");
        }
        List<String> options = new java.util.ArrayList<>(List.of("-Dquarkus.profile=postgres"));
        options.addAll(ServiceProcess.postgresOptions(db));

        ServiceProcess.Exit exit = ServiceProcess.runToExit(JAR, dir.resolve("failed-start.log"), options);

        assertThat(exit.code()).as(exit.output()).isNotZero();
        assertThat(exit.output().lines().filter(line -> line.contains("ERROR"))).as(exit.output()).singleElement()
                .asString().contains("Settlement store: postgres is not usable: postgres at [" + db.url() + "]"
                        + " is not empty and has no settlement schema: use an empty database or one this service created");
        assertThat(exit.output()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /**
     * {@code migrate --from sqlite --to postgres} as an operator runs it: the service writes settlements over HTTP and
     * stops; a first migration is killed (-9) while a batch waits on a row lock; the next run resumes after the last
     * committed batch and verifies every record; a third writes nothing; a record changed in the target afterwards
     * makes {@code --verify-only} fail naming it.
     */
    @Test
    void migrateCopiesSqliteToPostgresResumesAfterAKillAndVerifiesEveryRecord() throws Exception {
        List<String> sqlite = List.of("-Dsettlement.sqlite.path=" + dir.resolve("source.db"));
        service = ServiceProcess.start(JAR, dir.resolve("service.log"), sqlite);
        String base = service.baseUrl();
        int count = 200;
        for (int i = 0; i < count; i++) {
            String id = String.format("m-%03d", i);
            post(base + "/settlements", "{\"id\":\"" + id + "\",\"intentId\":\"intent-" + id + "\",\"solverId\":\"solver-"
                    + i % 50 + "\",\"userAddress\":\"cosmos1u\",\"inputAsset\":{\"chainId\":\"a\",\"denom\":\"b\","
                    + "\"amount\":\"340282366920938463463374607431768211455\"},\"outputAsset\":{\"chainId\":\"c\","
                    + "\"denom\":\"d\",\"amount\":\"" + i + "\"}}", 201);
            if (i % 3 == 0) {
                post(base + "/settlements/" + id + "/events", "{\"type\":\"USER_LOCKED\",\"escrowId\":\"e-" + i
                        + "\",\"txHash\":\"0x" + i + "\"}", 200);
            }
            if (i % 5 == 0) {
                post(base + "/settlements/" + id + "/fail", "{\"reason\":\"gave up on " + id + "\"}", 200);
            }
        }
        service.stop();

        JdbcTarget db = TestPostgres.freshDatabase("migrate_command");
        List<String> options = new java.util.ArrayList<>(sqlite);
        options.addAll(ServiceProcess.postgresOptions(db));
        // an empty target: verification fails (and the target's schema gets created)
        ServiceProcess.Command empty = command(options, "migrate", "--from", "sqlite", "--to", "postgres", "--verify-only");
        assertThat(empty.code()).as(empty.all()).isEqualTo(3);
        assertThat(empty.err()).contains("migrate: verification failed: 200 settlements differ, first: m-000: missing in the target");

        try (Connection blocker = TestPostgres.connect(db); Connection observer = TestPostgres.connect(db)) {
            // holds m-150 uncommitted: the batch that brings it (m-140 … m-159) waits for this transaction
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("INSERT INTO settlements (id, intent_id, user_address, input_chain_id,"
                    + " input_denom, input_amount, output_chain_id, output_denom, output_amount, status, created_at,"
                    + " updated_at, expires_at, version) VALUES ('m-150', 'blocker', 'u', 'a', 'b', 1, 'c', 'd', 1,"
                    + " 'COMPLETE', 0, 0, 0, 1)");
            Process first = new ProcessBuilder(ServiceProcess.commandLine(JAR, options, List.of("migrate", "--from",
                    "sqlite", "--to", "postgres", "--batch-size", "20"))).redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (first.isAlive() && System.nanoTime() < deadline && scalar(observer, "SELECT count(*) FROM"
                    + " pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 0) {
                Thread.sleep(20);
            }
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            blocker.rollback();
            assertThat(text(observer, "SELECT checkpoint FROM settlement_migrations")).as(Files.readString(dir.resolve("first.log")))
                    .startsWith("running 140 ");
            assertThat(scalar(observer, "SELECT count(*) FROM settlements")).isEqualTo(140);
        }

        ServiceProcess.Command resumed = command(options, "migrate", "--from", "sqlite", "--to", "postgres", "--batch-size", "20");
        assertThat(resumed.code()).as(resumed.all()).isZero();
        assertThat(resumed.out()).contains("copy: 60 settlements: 60 copied, 0 updated, 0 already present;"
                        + " resumed after the 140 an earlier run did")
                .contains("verify: source 200 settlements").contains("verify: target 200 settlements")
                .contains("verify: OK, every settlement and its history are the same on both sides");
        assertThat(resumed.err()).contains("copy: 200 / 200 (100.0%)").doesNotContain("ERROR").doesNotContain("\tat ");
        String sourceChecksum = line(resumed.out(), "verify: source sha256 ").substring("verify: source sha256 ".length());
        assertThat(resumed.out()).contains("verify: target sha256 " + sourceChecksum);

        ServiceProcess.Command again = command(options, "migrate", "--from", "sqlite", "--to", "postgres");
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).contains("copy: 200 settlements: 0 copied, 0 updated, 200 already present;");

        try (Connection connection = TestPostgres.connect(db)) {
            connection.createStatement().execute("UPDATE settlements SET error_message = 'edited' WHERE id = 'm-007'");
        }
        ServiceProcess.Command tampered = command(options, "migrate", "--from", "sqlite", "--to", "postgres", "--verify-only");
        assertThat(tampered.code()).as(tampered.all()).isEqualTo(3);
        assertThat(tampered.out()).contains("verify: differs: m-007: errorMessage is null in the source, edited in the target")
                .doesNotContain("verify: target sha256 " + sourceChecksum);
        assertThat(tampered.err().lines().filter(l -> l.startsWith("migrate:")))
                .containsExactly("migrate: verification failed: 1 settlements differ, first: m-007: errorMessage is null"
                        + " in the source, edited in the target");
    }

    @Test
    void migrateRefusesAWrongCommandLineOrAnUnusableBackendWithOneLine() throws Exception {
        assertThat(command(List.of(), "migrate", "--from", "sqlite", "--to", "sqlite"))
                .satisfies(c -> assertThat(c.code()).isEqualTo(2))
                .satisfies(c -> assertThat(c.err()).startsWith("migrate: --from and --to are the same backend (sqlite)"));
        assertThat(command(List.of(), "migrate", "--from", "cassandra", "--to", "sqlite"))
                .satisfies(c -> assertThat(c.code()).isEqualTo(2))
                .satisfies(c -> assertThat(c.err()).startsWith("migrate: unknown backend 'cassandra'; choose one of"
                        + " composite, postgres, redis, sqlite"));
        ServiceProcess.Command noSource = command(List.of("-Dsettlement.sqlite.path=" + dir.resolve("none.db"),
                "-Dsettlement.redis.url=redis://127.0.0.1:1"), "migrate", "--from", "sqlite", "--to", "redis");
        assertThat(noSource.code()).as(noSource.all()).isEqualTo(1);
        assertThat(noSource.err()).contains("migrate: stopped: the source sqlite has no database at");
        assertThat(dir.resolve("none.db")).doesNotExist();
        Path source = dir.resolve("empty.db");
        Files.createFile(source);
        ServiceProcess.Command unreachable = command(List.of("-Dsettlement.sqlite.path=" + source, "-Dsettlement.redis.url=redis://127.0.0.1:1"),
                "migrate", "--from", "sqlite", "--to", "redis");
        assertThat(unreachable.code()).as(unreachable.all()).isEqualTo(1);
        assertThat(unreachable.err().lines().filter(l -> l.startsWith("migrate:"))).containsExactly(
                "migrate: stopped: the target redis is not usable: redis at redis://127.0.0.1:1 cannot be reached:"
                        + " Connection refused");
        assertThat(unreachable.err()).doesNotContain("\tat ");
    }

    /** Runs the jar's command {@code args} with {@code options} to its end. */
    private ServiceProcess.Command command(List<String> options, String... args) throws Exception {
        return ServiceProcess.runCommand(JAR, dir, options, List.of(args));
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(
                "no line starting with '" + prefix + "' in:\n" + text));
    }

    private static long scalar(Connection connection, String query) throws Exception {
        try (var rows = connection.createStatement().executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String text(Connection connection, String query) throws Exception {
        try (var rows = connection.createStatement().executeQuery(query)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /** The quick start: no authentication, so the service listens on the loopback interface only, and says so once. */
    @Test
    void withAuthenticationOffItListensOnLoopbackOnlyAndWarnsOnce() throws Exception {
        service = ServiceProcess.startOnDefaultHost(JAR, dir.resolve("service.log"),
                List.of("-Dsettlement.sqlite.path=" + dir.resolve("settlements.db")));

        assertThat(service.log()).contains("Listening on: http://127.0.0.1:" + service.port());
        assertThat(service.log().lines().filter(line -> line.contains("WARN") && line.contains("Authentication is off")))
                .singleElement().asString().contains("listening on 127.0.0.1 only");
        for (InetAddress address : nonLoopbackAddresses()) {
            try (Socket socket = new Socket()) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, service.port()), 2000))
                        .as("port %d must not answer on %s", service.port(), address).isInstanceOf(IOException.class);
            }
        }
    }

    /**
     * README's way to run with authentication: keys and tokens from examples/MintToken.java (a JDK is all it needs),
     * the public key given to the packaged jar; without a token 401, with one the change is recorded as its subject.
     */
    @Test
    void withAuthenticationOnTheReadmesKeysAndTokensWork() throws Exception {
        Path keys = dir.resolve("keys");
        mintToken("keys", keys.toString());
        service = ServiceProcess.start(JAR, dir.resolve("service.log"), List.of(
                "-Dsettlement.sqlite.path=" + dir.resolve("settlements.db"), "-Dsettlement.auth.enabled=true",
                "-Dmp.jwt.verify.publickey.location=" + keys.resolve("publicKey.pem")));
        String base = service.baseUrl();
        String solver = mintToken("token", keys.resolve("privateKey.pem").toString(), "solver-1", "solver");
        String body = "{\"id\":\"guarded\",\"intentId\":\"intent-guarded\",\"solverId\":\"solver-1\",\"userAddress\":\"u\","
                + "\"inputAsset\":{\"chainId\":\"a\",\"denom\":\"b\",\"amount\":\"1\"},"
                + "\"outputAsset\":{\"chainId\":\"c\",\"denom\":\"d\",\"amount\":\"1\"}}";

        HttpResponse<String> refused = send(base + "/settlements", body, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(refused.body()).contains("\"code\":\"UNAUTHORIZED\"");
        assertThat(send(base + "/settlements", body, solver).statusCode()).isEqualTo(201);
        assertThat(send(base + "/settlements/guarded/events", "{\"type\":\"USER_LOCKED\",\"escrowId\":\"e\"}", solver)
                .statusCode()).isEqualTo(200);
        HttpResponse<String> history = http.send(HttpRequest.newBuilder(URI.create(base + "/settlements/guarded/history"))
                .header("Authorization", "Bearer " + solver).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(history.body()).contains("\"actor\":\"solver-1\"");
        assertThat(service.log()).doesNotContain("Authentication is off");
    }

    @Test
    void authenticationOnWithoutAKeyFailsTheStartWithOneLine() throws Exception {
        assertThat(startExpectingFailure("-Dsettlement.auth.enabled=true",
                "-Dsettlement.sqlite.path=" + dir.resolve("settlements.db")))
                .contains("settlement.auth.enabled=true needs the public key that verifies tokens")
                .contains("mp.jwt.verify.publickey.location").doesNotContain("\tat ");
    }

    /** Runs examples/MintToken.java as README shows it; returns what it printed. */
    private static String mintToken(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(ServiceProcess.javaExecutable(),
                "../examples/MintToken.java"));
        command.addAll(List.of(args));
        Process mint = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(mint.getInputStream().readAllBytes()).trim();
        assertThat(mint.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(mint.exitValue()).as(output).isZero();
        return output;
    }

    private HttpResponse<String> send(String url, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        return NetworkInterface.networkInterfaces().filter(n -> {
                    try {
                        return n.isUp() && !n.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).toList();
    }

    /** Starts the jar with {@code options}, expects it to exit non-zero by itself, and returns its ERROR lines. */
    private String startExpectingFailure(String... options) throws Exception {
        ServiceProcess.Exit exit = ServiceProcess.runToExit(JAR, dir.resolve("failed-start.log"), List.of(options));
        assertThat(exit.code()).isNotZero();
        return exit.output().lines().filter(line -> line.contains("ERROR"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    private static List<String> postgresOptions() {
        return ServiceProcess.postgresOptions(TestPostgres.freshDatabase("packaged_service"));
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private void post(String url, String json, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
    }
}
