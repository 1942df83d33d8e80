package dev.settlement.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
