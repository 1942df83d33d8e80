package dev.settlement.api;

import java.math.BigInteger;

/** How a settlement ended, as reported by the settlement engine. */
public sealed interface SettlementOutcome {

    /** Output delivered: EXECUTING → COMPLETE. */
    record Success(BigInteger outputDelivered, String txHash) implements SettlementOutcome {
    }

    /** Gave up: any active status → FAILED. */
    record Failure(String reason, boolean recoverable) implements SettlementOutcome {
    }

    /** Ran out of time: any active status → TIMED_OUT. */
    record Timeout() implements SettlementOutcome {
    }
}
