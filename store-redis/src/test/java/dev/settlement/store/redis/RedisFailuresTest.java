package dev.settlement.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.api.ErrorCode;
import dev.settlement.api.SettlementException;
import io.vertx.redis.client.impl.types.ErrorType;
import dev.settlement.testing.RedisServerProcess;
import dev.settlement.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which client failures mean "Redis is unavailable" (503) and which are bugs (500). */
class RedisFailuresTest {

    @Test
    void aConnectionClosedUnderACommandIsUnavailable() {
        // what the client throws when Redis stops or crashes while a command is in flight (seen in OutageIT as a 500)
        RuntimeException closed = new RuntimeException(ErrorType.create("CONNECTION_CLOSED"));
        assertThat(RedisFailures.translate(closed)).isInstanceOfSatisfying(SettlementException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
    }

    /**
     * A connection closed under a command may be the server hanging up on a client it refuses (here: one that did not
     * log in): the store then asks the server why, and names the refusal instead of "cannot be reached".
     */
    @Test
    void aConnectionClosedByARefusingServerNamesTheRefusal() throws Exception {
        Path dir = Files.createTempDirectory("settlement-redis-failures-");
        try (RedisServerProcess server = TestRedis.startDedicated(dir, false)) {
            TestRedis.call(server.url(), "CONFIG", "SET", "requirepass", "secret");
            RuntimeException closed = new RuntimeException(ErrorType.create("CONNECTION_CLOSED"));
            assertThat(RedisFailures.translate(closed, server.url())).isInstanceOfSatisfying(SettlementException.class,
                    e -> assertThat(e.getMessage()).startsWith("The redis store refuses requests right now: ")
                            .contains("requires authentication").contains("NOAUTH"));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * Every refusal, as the server words it (inside a script Redis appends where: cut off, of no use to a user), is
     * STORE_UNAVAILABLE with the refusal named; LOADING and WRONGPASS are only checked here, the others also against a
     * real server in RedisRefusalTest.
     */
    @Test
    void aServerRefusingWorkIsUnavailableAndTheMessageNamesTheRefusal() {
        for (String reply : List.of(
                "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk.",
                "READONLY You can't write against a read only replica. script: 0a9f75e9, on @user_script:12.",
                "OOM command not allowed when used memory > 'maxmemory'.",
                "LOADING Redis is loading the dataset in memory",
                "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
                "NOAUTH Authentication required.",
                "ERR Protocol error: unauthenticated multibulk length",
                "WRONGPASS invalid username-password pair or user is disabled.",
                "ERR max number of clients reached")) {
            assertThat(RedisFailures.translate(new RuntimeException(ErrorType.create(reply))))
                    .as(reply).isInstanceOfSatisfying(SettlementException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
                        assertThat(e.getMessage()).startsWith("The redis store refuses requests right now: ")
                                .contains(reply.split(" script: ")[0]).doesNotContain("user_script");
                    });
        }
    }

    @Test
    void aServerThatCannotServeIsUnavailableAndAnyOtherErrorReplyIsABug() {
        assertThat(RedisFailures.translate(new RuntimeException(ErrorType.create("LOADING Redis is loading"))))
                .isInstanceOf(SettlementException.class);
        assertThat(RedisFailures.translate(new RuntimeException(ErrorType.create("WRONGTYPE Operation against a key"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("WRONGTYPE");
        assertThat(RedisFailures.translate(new RuntimeException(ErrorType.create("ERR unknown command 'FOO'"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown command");
    }
}
