package dev.settlement.api;

import java.util.Comparator;

/**
 * One settlement as stored: immutable; every change produces a new value with {@code version + 1}.
 * Times are Unix epoch seconds (UTC).
 */
public record Settlement(
        String id,
        String intentId,
        String solverId,
        String userAddress,
        Asset inputAsset,
        Asset outputAsset,
        SettlementStatus status,
        String escrowId,
        String solverBondId,
        Long ibcPacketSequence,
        long createdAt,
        long updatedAt,
        long expiresAt,
        Long completedAt,
        String errorMessage,
        long version) {

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
