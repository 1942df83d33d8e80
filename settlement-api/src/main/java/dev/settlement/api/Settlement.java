package dev.settlement.api;

import java.util.Comparator;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One settlement as stored: immutable; every change produces a new value with {@code version + 1}.
 * Times are Unix epoch seconds (UTC).
 */
@Schema(description = "A settlement: a user's locked input asset moved to a solver-delivered output asset across chains.")
public record Settlement(
        @Schema(required = true, pattern = FieldRules.IDENTIFIER, examples = "s-1") String id,
        @Schema(required = true, pattern = FieldRules.IDENTIFIER, examples = "intent-1") String intentId,
        @Schema(required = true, nullable = true, pattern = FieldRules.TOKEN, description = "The solver that fills it")
        String solverId,
        @Schema(required = true, pattern = FieldRules.LONG_TOKEN) String userAddress,
        @Schema(required = true) Asset inputAsset,
        @Schema(required = true) Asset outputAsset,
        @Schema(required = true) SettlementStatus status,
        @Schema(required = true, nullable = true, pattern = FieldRules.TOKEN, description = "Set by USER_LOCKED")
        String escrowId,
        @Schema(required = true, nullable = true, pattern = FieldRules.TOKEN, description = "Set by SOLVER_LOCKED")
        String solverBondId,
        @Schema(required = true, nullable = true, minimum = "0", description = "Set by IBC_TRANSFER_STARTED")
        Long ibcPacketSequence,
        @Schema(required = true, minimum = "0", description = "Unix epoch seconds (UTC), the server's clock")
        long createdAt,
        @Schema(required = true, minimum = "0", description = "Unix epoch seconds (UTC), the server's clock")
        long updatedAt,
        @Schema(required = true, minimum = "0", description = "Unix epoch seconds (UTC)") long expiresAt,
        @Schema(required = true, nullable = true, minimum = "0",
                description = "Unix epoch seconds (UTC), set when the status becomes COMPLETE") Long completedAt,
        @Schema(required = true, nullable = true, description = "The reason, set when the status becomes FAILED")
        String errorMessage,
        @Schema(required = true, minimum = "1",
                description = "Starts at 1, +1 on every change; also sent as ETag: \"<version>\"") long version) {

    /** The order of every list: creation time, then id. Keyset pagination relies on it being total. */
    public static final Comparator<Settlement> BY_CREATION =
            Comparator.comparingLong(Settlement::createdAt).thenComparing(Settlement::id);

    /** The order of stuck queries: expiry, then id. */
    public static final Comparator<Settlement> BY_EXPIRY =
            Comparator.comparingLong(Settlement::expiresAt).thenComparing(Settlement::id);

    /**
     * "Newest settlement of an intent": the active one if there is one (at most one exists), otherwise the
     * latest created, ties broken by id. Preferring the active one keeps a retry created within the same
     * second as its failed predecessor from being hidden behind it.
     */
    public static final Comparator<Settlement> NEWEST_OF_INTENT =
            Comparator.comparing((Settlement s) -> s.status().isTerminal())
                    .thenComparing(Comparator.comparingLong(Settlement::createdAt).reversed())
                    .thenComparing(Comparator.comparing(Settlement::id).reversed());

    @Schema(hidden = true) // derived, not part of the JSON
    public boolean isActive() {
        return !status.isTerminal();
    }

    /** A new settlement: PENDING, version 1, no history. */
    public static Settlement newPending(String id, String intentId, String solverId, String userAddress,
                                        Asset inputAsset, Asset outputAsset, long now, long expiresAt) {
        return new Settlement(id, intentId, solverId, userAddress, inputAsset, outputAsset,
                SettlementStatus.PENDING, null, null, null, now, now, expiresAt, null, null, 1);
    }
}
