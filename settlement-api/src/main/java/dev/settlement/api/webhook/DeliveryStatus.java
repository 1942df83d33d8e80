package dev.settlement.api.webhook;

/** Where a delivery of one event to one endpoint stands. */
public enum DeliveryStatus {
    /** Not tried yet (or tried again on request). */
    PENDING,
    DELIVERED,
    /** Tried and refused or unreachable; tried again at {@code nextAttemptAt}. */
    FAILED,
    /** Refused {@code max-attempts} times; tried again only on request. */
    DEAD;

    /** Still to be sent: it holds back the later events of its settlement. */
    public boolean isUndelivered() {
        return this == PENDING || this == FAILED;
    }
}
