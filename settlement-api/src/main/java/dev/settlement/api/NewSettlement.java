package dev.settlement.api;

/**
 * A request to start a settlement. {@code id} and {@code expiresAt} are optional (null): the manager then
 * generates a UUID and uses the default timeout. Timestamps of the record come from the server's clock.
 */
public record NewSettlement(
        String id,
        String intentId,
        String solverId,
        String userAddress,
        Asset inputAsset,
        Asset outputAsset,
        Long expiresAt) {
}
