package dev.settlement.api;

import java.util.Objects;

/**
 * One recorded status change. {@code sequence} is 1, 2, 3 … per settlement and equals the version the change
 * left behind minus one (creation is version 1 and is not a transition). {@code actor} is who made the change:
 * the caller's token subject, {@link #SYSTEM} for scheduled recovery, or {@link #UNKNOWN} for a transition recorded
 * before actors were kept.
 */
public record StateTransition(
        int sequence,
        SettlementStatus fromStatus,
        SettlementStatus toStatus,
        long timestamp,
        String details,
        String txHash,
        String actor) {

    /** The actor of a change the service made by itself (scheduled recovery). */
    public static final String SYSTEM = "system";
    /** The actor read back for a transition stored before the actor was recorded. */
    public static final String UNKNOWN = "unknown";

    public StateTransition {
        Objects.requireNonNull(actor, "actor");
    }
}
