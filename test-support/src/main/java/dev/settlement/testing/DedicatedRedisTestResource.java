package dev.settlement.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Gives a Quarkus test a {@code redis-server} of its own, never the shared one, so the test may reconfigure it and make
 * it refuse work ({@code CONFIG SET}, {@code REPLICAOF}, {@code CLIENT KILL} …). It runs with
 * {@code --enable-protected-configs yes}, so that even {@code CONFIG SET dir} is allowed, and is stopped (its directory
 * deleted) when the test app stops. Sets {@code settlement.redis.url}, {@code settlement.redis.key-prefix} and
 * {@code settlement.test.redis.dir} (the server's working directory, for a test that moves it and back).
 */
public class DedicatedRedisTestResource implements QuarkusTestResourceLifecycleManager {
    private Path dir;
    private RedisServerProcess server;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("settlement-dedicated-redis-");
            server = RedisServerProcess.start(dir, false, List.of("--enable-protected-configs", "yes"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a redis-server of the test's own", e);
        }
        return Map.of("settlement.redis.url", server.url(), "settlement.redis.key-prefix", "dedicated",
                "settlement.test.redis.dir", server.dir().toString());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
        if (dir != null) {
            Host.deleteRecursively(dir);
        }
    }
}
