package dev.settlement.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * Gives a Quarkus test Redis: sets {@code settlement.redis.url} and a unique {@code settlement.redis.key-prefix}, and
 * removes that prefix's keys when the test app stops, so runs against a shared server leave nothing behind.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {
    /** Deletes every key matching ARGV[1], server-side, in SCAN-sized steps. */
    private static final String DELETE_MATCHING = "local cursor = '0' repeat"
            + " local r = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000) cursor = r[1]"
            + " for _, key in ipairs(r[2]) do redis.call('UNLINK', key) end until cursor == '0' return 0";

    private String url;
    private String prefix;

    @Override
    public Map<String, String> start() {
        url = TestRedis.url();
        prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
        return Map.of("settlement.redis.url", url, "settlement.redis.key-prefix", prefix);
    }

    @Override
    public void stop() {
        try {
            deleteKeys(url, prefix);
        } catch (IOException e) {
            // the server is gone already (a temporary one is discarded at JVM exit): nothing to clean
        }
    }

    /** Deletes every key of the stores under {@code prefix} (they all start with the hash tag {<prefix>}). */
    public static void deleteKeys(String url, String prefix) throws IOException {
        TestRedis.call(url, "EVAL", DELETE_MATCHING, "0", "{" + prefix + "}*");
    }
}
