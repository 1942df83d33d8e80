package dev.settlement.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures make the store run a create's transaction again. */
class RetryableFailureTest {

    @Test
    void deadlocksAndSerializationFailuresAreRetriedWhereverTheyAreInTheCauseChain() {
        assertThat(PostgresSettlementStore.isRetryable(new SQLException("deadlock", "40P01"))).isTrue();
        assertThat(PostgresSettlementStore.isRetryable(
                new IllegalStateException(new RuntimeException(new SQLException("serialization", "40001"))))).isTrue();
    }

    @Test
    void otherFailuresIncludingOnesWithoutSqlStateAreNot() {
        assertThat(PostgresSettlementStore.isRetryable(new SQLException("no state"))).isFalse();
        assertThat(PostgresSettlementStore.isRetryable(new SQLException("unique", "23505"))).isFalse();
        assertThat(PostgresSettlementStore.isRetryable(new IllegalStateException("not SQL"))).isFalse();
    }
}
