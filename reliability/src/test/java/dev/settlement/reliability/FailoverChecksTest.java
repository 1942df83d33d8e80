package dev.settlement.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which answers a lossy failover may explain: those about a settlement whose acknowledged write was lost. */
class FailoverChecksTest {
    private static final Set<String> LOST = Set.of("failover-1-3", "failover-2-34");

    @Test
    void aLostSettlementMayBeMissingWhenReadBackOrBehindWhenStepped() {
        assertThat(FailoverChecks.followsFromALostWrite(
                "read back failover-2-34 -> 404 {\"code\":\"NOT_FOUND\"}", LOST)).isTrue();
        assertThat(FailoverChecks.followsFromALostWrite("EXECUTING v4 /settlements/failover-1-3/complete "
                + "{\"result\":\"SUCCESS\"} -> 404 {\"code\":\"NOT_FOUND\"}", LOST)).isTrue();
        assertThat(FailoverChecks.followsFromALostWrite("USER_LOCKED v2 /settlements/failover-1-3/events "
                + "{\"type\":\"SOLVER_LOCKED\"} -> 412 {\"code\":\"VERSION_MISMATCH\"}", LOST)).isTrue();
        assertThat(FailoverChecks.followsFromALostWrite("replay of /settlements/failover-2-34/events {} at v3 -> 409 "
                + "{\"code\":\"INVALID_TRANSITION\"}", LOST)).isTrue();
    }

    @Test
    void anythingElseStaysUnexplained() {
        // another settlement (an id the lost one is a prefix of), another status, a read back that is not a 404
        assertThat(FailoverChecks.followsFromALostWrite("EXECUTING v4 /settlements/failover-1-33/complete {} -> 404 {}",
                LOST)).isFalse();
        assertThat(FailoverChecks.followsFromALostWrite("EXECUTING v4 /settlements/failover-1-3/complete {} -> 500 {}",
                LOST)).isFalse();
        assertThat(FailoverChecks.followsFromALostWrite("read back failover-2-34 -> 409 {}", LOST)).isFalse();
        assertThat(FailoverChecks.followsFromALostWrite("create failover-2-34 -> 400 {}", LOST)).isFalse();
        assertThat(FailoverChecks.followsFromALostWrite("/settlements/failover-1-3/events from v2 answered v4", LOST))
                .isFalse();
    }
}
