package dev.settlement.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What an event, an outcome, a failure or a recovery time-out asks for, reduced to one shape: the target status,
 * the data it records, and the words and tx hash of its transition.
 */
record StatusChange(SettlementStatus target, String escrowId, String bondId, Long ibcSequence,
                    String errorMessage, String details, String txHash) {

    static StatusChange of(SettlementEvent event) {
        if (event instanceof SettlementEvent.UserLocked e) {
            return new StatusChange(SettlementStatus.USER_LOCKED, e.escrowId(), null, null, null,
                    "User funds locked in escrow " + e.escrowId(), e.txHash());
        } else if (event instanceof SettlementEvent.SolverLocked e) {
            return new StatusChange(SettlementStatus.SOLVER_LOCKED, null, e.bondId(), null, null,
                    "Solver bond " + e.bondId() + " locked", e.txHash());
        } else if (event instanceof SettlementEvent.IbcTransferStarted e) {
            return new StatusChange(SettlementStatus.EXECUTING, null, null, e.sequence(), null,
                    "IBC transfer started, packet sequence " + e.sequence(), e.txHash());
        } else if (event instanceof SettlementEvent.IbcTransferComplete e) {
            return new StatusChange(SettlementStatus.COMPLETE, null, null, null, null,
                    "IBC transfer complete", e.txHash());
        }
        SettlementEvent.IbcTransferFailed e = (SettlementEvent.IbcTransferFailed) event;
        return failed(e.reason(), "IBC transfer failed: " + e.reason());
    }

    static StatusChange of(SettlementOutcome outcome) {
        if (outcome instanceof SettlementOutcome.Success o) {
            return new StatusChange(SettlementStatus.COMPLETE, null, null, null, null,
                    "Settlement complete, output delivered: " + o.outputDelivered(), o.txHash());
        } else if (outcome instanceof SettlementOutcome.Failure o) {
            return failed(o.reason(), (o.recoverable() ? "Recoverable failure: " : "Permanent failure: ") + o.reason());
        }
        return new StatusChange(SettlementStatus.TIMED_OUT, null, null, null, null, "Timed out", null);
    }

    static StatusChange failure(String reason) {
        return failed(reason, "Failed: " + reason);
    }

    static StatusChange recoveryTimeout(long expiresAt) {
        return new StatusChange(SettlementStatus.TIMED_OUT, null, null, null, null,
                "Timed out by recovery: expired at " + Instant.ofEpochSecond(expiresAt) + " (" + expiresAt + ")", null);
    }

    private static StatusChange failed(String reason, String details) {
        return new StatusChange(SettlementStatus.FAILED, null, null, null, reason, details, null);
    }

    /** A replay: the settlement already is in the target status with the same data, so there is nothing to do. */
    boolean isRecordedIn(Settlement s) {
        if (s.status() != target) {
            return false;
        }
        return switch (target) {
            case USER_LOCKED -> Objects.equals(escrowId, s.escrowId());
            case SOLVER_LOCKED -> Objects.equals(bondId, s.solverBondId());
            case EXECUTING -> Objects.equals(ibcSequence, s.ibcPacketSequence());
            case FAILED -> Objects.equals(errorMessage, s.errorMessage());
            default -> true;
        };
    }

    /** The record after this change; the caller has checked that the state machine allows it. */
    Settlement applyTo(Settlement s, long now) {
        return new Settlement(s.id(), s.intentId(), s.solverId(), s.userAddress(), s.inputAsset(), s.outputAsset(),
                target,
                escrowId != null ? escrowId : s.escrowId(),
                bondId != null ? bondId : s.solverBondId(),
                ibcSequence != null ? ibcSequence : s.ibcPacketSequence(),
                s.createdAt(), now, s.expiresAt(),
                target == SettlementStatus.COMPLETE ? Long.valueOf(now) : s.completedAt(),
                errorMessage != null ? errorMessage : s.errorMessage(),
                s.version() + 1);
    }

    /** The history entry that goes with {@link #applyTo}: its sequence is the version it leaves behind, minus 1. */
    StateTransition transitionFrom(Settlement s, long now, String actor) {
        return new StateTransition(Math.toIntExact(s.version()), s.status(), target, now, details, txHash, actor);
    }
}
