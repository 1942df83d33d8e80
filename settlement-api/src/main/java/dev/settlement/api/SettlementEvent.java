package dev.settlement.api;

/** Something that happened on chain and moves a settlement along its lifecycle. */
public sealed interface SettlementEvent {

    /** The user's input asset is locked in escrow: PENDING → USER_LOCKED. */
    record UserLocked(String escrowId, String txHash) implements SettlementEvent {
    }

    /** The solver's bond is locked: USER_LOCKED → SOLVER_LOCKED. */
    record SolverLocked(String bondId, String txHash) implements SettlementEvent {
    }

    /** The IBC packet carrying the output was sent: SOLVER_LOCKED → EXECUTING. */
    record IbcTransferStarted(long sequence, String txHash) implements SettlementEvent {
    }

    /** The IBC packet was acknowledged: EXECUTING → COMPLETE. */
    record IbcTransferComplete(String txHash) implements SettlementEvent {
    }

    /** The IBC transfer failed: any active status → FAILED. */
    record IbcTransferFailed(String reason) implements SettlementEvent {
    }
}
