package dev.settlement.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.api.ErrorCode;
import dev.settlement.api.SettlementException;
import io.vertx.redis.client.impl.types.ErrorType;
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

    @Test
    void aServerThatCannotServeIsUnavailableAndAnyOtherErrorReplyIsABug() {
        assertThat(RedisFailures.translate(new RuntimeException(ErrorType.create("LOADING Redis is loading"))))
                .isInstanceOf(SettlementException.class);
        assertThat(RedisFailures.translate(new RuntimeException(ErrorType.create("WRONGTYPE Operation against a key"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("WRONGTYPE");
    }
}
