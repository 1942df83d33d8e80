package dev.settlement.api;

import java.util.Objects;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One recorded status change. {@code sequence} is 1, 2, 3 … per settlement and equals the version the change
 * left behind minus one (creation is version 1 and is not a transition). {@code actor} is who made the change:
 * the caller's token subject, {@link #SYSTEM} for scheduled recovery, or {@link #UNKNOWN} for a transition recorded
 * before actors were kept.
 */
@Schema(description = "One recorded status change of a settlement.")
public record StateTransition(
        @Schema(required = true, minimum = "1", description = "1, 2, 3 ... per settlement") int sequence,
        @Schema(required = true) SettlementStatus fromStatus,
        @Schema(required = true) SettlementStatus toStatus,
        @Schema(required = true, minimum = "0", description = "Unix epoch seconds (UTC)") long timestamp,
        @Schema(required = true, description = "What happened, in words") String details,
        @Schema(required = true, nullable = true, pattern = FieldRules.LONG_TOKEN,
                description = "The transaction hash sent with the event or outcome") String txHash,
        @Schema(required = true, description = "Who made the change: the token's subject, system (scheduled recovery), "
                + "anonymous (authentication off) or unknown (recorded before actors were kept)") String actor) {

    /** The actor of a change the service made by itself (scheduled recovery). */
    public static final String SYSTEM = "system";
    /** The actor read back for a transition stored before the actor was recorded. */
    public static final String UNKNOWN = "unknown";

    public StateTransition {
        Objects.requireNonNull(actor, "actor");
    }
}
