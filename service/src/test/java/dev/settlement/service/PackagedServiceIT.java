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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.settlement.testing.RedisServerProcess;
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
        List<String> options = new java.util.ArrayList<>(List.of("-Dquarkus.profile=" + backend));
        RedisServerProcess redis = null;
        switch (backend) {
            case "sqlite" -> options.add("-Dsettlement.sqlite.path=" + dir.resolve("settlements.db"));
            case "postgres" -> options.addAll(postgresOptions());
            case "redis" -> {
                redis = TestRedis.startDedicated(Files.createDirectories(dir.resolve("redis")), true);
                options.add("-Dsettlement.redis.url=" + redis.url());
            }
            case "composite" -> {
                redis = TestRedis.startDedicated(Files.createDirectories(dir.resolve("redis")), true);
                options.add("-Dsettlement.redis.url=" + redis.url());
                options.addAll(postgresOptions());
                // archive finished settlements within a second, so reads across the restart span both sides
                options.addAll(List.of("-Dsettlement.composite.archive-after=1s",
                        "-Dsettlement.composite.archive-interval=1s"));
            }
            default -> throw new IllegalArgumentException(backend);
        }
        try {
            service = ServiceProcess.start(JAR, dir.resolve("service.log"), options);
            String base = service.baseUrl();
            Process walk = new ProcessBuilder("bash", "../examples/walkthrough.sh", base)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("walkthrough.log").toFile()).start();
            assertThat(walk.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(walk.exitValue()).as(Files.readString(dir.resolve("walkthrough.log"))).isZero();
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
