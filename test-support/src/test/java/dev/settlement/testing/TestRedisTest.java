package dev.settlement.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRedisTest {

    @Test
    void urlAnswersPing() throws Exception {
        assertEquals("+PONG", TestRedis.ping(TestRedis.url()));
    }

    @Test
    void quarkusResourceReturnsUrlAndUniquePrefix() {
        Map<String, String> first = new RedisTestResource().start();
        Map<String, String> second = new RedisTestResource().start();
        assertEquals(TestRedis.url(), first.get("settlement.redis.url"));
        assertTrue(first.get("settlement.redis.key-prefix").startsWith("test-"));
        assertFalse(first.get("settlement.redis.key-prefix").equals(second.get("settlement.redis.key-prefix")));
    }

    @Test
    void dedicatedAppendOnlyServerKeepsDataAcrossKill(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = TestRedis.startDedicated(dir, true)) {
            assertEquals("+OK", TestRedis.call(server.url(), "SET", "k", "v"));
            server.kill();
            assertFalse(server.isRunning());
            server.restart();
            assertEquals(":1", TestRedis.call(server.url(), "EXISTS", "k"));
        }
    }
}
