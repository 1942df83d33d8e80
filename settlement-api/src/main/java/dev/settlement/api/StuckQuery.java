package dev.settlement.api;

/** Active settlements with {@code expiresAt < before}, in expiry order (expiresAt, then id). */
public record StuckQuery(long before, int limit, PageCursor after) {

    public boolean matches(Settlement s) {
        return s.isActive() && s.expiresAt() < before
                && (after == null || after.isBefore(s.expiresAt(), s.id()));
    }
}
