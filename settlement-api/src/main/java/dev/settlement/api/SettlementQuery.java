package dev.settlement.api;

/**
 * A filtered list in creation order (createdAt, then id). Null filters match everything; filters combine with
 * AND. {@code after} is null for the first page.
 */
public record SettlementQuery(
        SettlementStatus status,
        String solverId,
        String intentId,
        String userAddress,
        int limit,
        PageCursor after) {

    public boolean matches(Settlement s) {
        return (status == null || status == s.status())
                && (solverId == null || solverId.equals(s.solverId()))
                && (intentId == null || intentId.equals(s.intentId()))
                && (userAddress == null || userAddress.equals(s.userAddress()))
                && (after == null || after.isBefore(s.createdAt(), s.id()));
    }
}
