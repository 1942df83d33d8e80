package dev.settlement.api;

/**
 * One recorded status change. {@code sequence} is 1, 2, 3 … per settlement and equals the version the change
 * left behind minus one (creation is version 1 and is not a transition).
 */
public record StateTransition(
        int sequence,
        SettlementStatus fromStatus,
        SettlementStatus toStatus,
        long timestamp,
        String details,
        String txHash) {
}
