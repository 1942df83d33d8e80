package dev.settlement.api.webhook;

/**
 * One event to send to one endpoint, and how far sending it got. {@code version} starts at 1 and grows by one with
 * every change; {@link WebhookStore#replaceDelivery} compares it, so two instances never both claim one attempt.
 */
public record WebhookDelivery(String endpointId, long eventSequence, String settlementId, long eventTime,
                              DeliveryStatus status, int attempts, Long lastAttemptAt, long nextAttemptAt,
                              Integer lastResponseStatus, String lastError, long version) {

    /** A new delivery, due at once. */
    public static WebhookDelivery pending(String endpointId, long eventSequence, String settlementId, long eventTime,
                                          long now) {
        return new WebhookDelivery(endpointId, eventSequence, settlementId, eventTime, DeliveryStatus.PENDING, 0, null,
                now, null, null, 1);
    }

    /** Claimed for one attempt: counted, and not due again before {@code leaseUntil} (a crash makes it due again). */
    public WebhookDelivery claimed(long now, long leaseUntil) {
        return new WebhookDelivery(endpointId, eventSequence, settlementId, eventTime, status, attempts + 1, now,
                leaseUntil, lastResponseStatus, lastError, version + 1);
    }

    /** After an attempt: the new status, when to try next, and what the receiver answered (or why there was none). */
    public WebhookDelivery attempted(DeliveryStatus outcome, long nextAttempt, Integer responseStatus, String error) {
        return new WebhookDelivery(endpointId, eventSequence, settlementId, eventTime, outcome, attempts, lastAttemptAt,
                nextAttempt, responseStatus, error, version + 1);
    }

    /** Sent again on request, now. */
    public WebhookDelivery retried(long now) {
        return new WebhookDelivery(endpointId, eventSequence, settlementId, eventTime, DeliveryStatus.PENDING, attempts,
                lastAttemptAt, now, lastResponseStatus, lastError, version + 1);
    }
}
