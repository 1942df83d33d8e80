package dev.settlement.store.redis;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import java.util.ArrayList;
import java.util.List;

/** Empties a key prefix between tests: SCAN for {@code {prefix}:*}, UNLINK in batches. */
public final class TestKeys {
    private TestKeys() {
    }

    public static void deleteAll(RedisDataSource redis, String prefix) {
        String pattern = "{" + prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "}:*";
        String cursor = "0";
        do {
            Response scan = redis.execute(Command.SCAN, cursor, "MATCH", pattern, "COUNT", "1000");
            cursor = scan.get(0).toString();
            List<String> batch = new ArrayList<>();
            scan.get(1).forEach(key -> batch.add(key.toString()));
            if (!batch.isEmpty()) {
                redis.execute(Command.UNLINK, batch.toArray(String[]::new));
            }
        } while (!cursor.equals("0"));
    }
}
