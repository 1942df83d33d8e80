package dev.settlement.api.webhook;

import dev.settlement.api.SettlementException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a backend keeps webhook endpoints and their deliveries, beside its settlements. What to send and when is
 * decided once, by {@link WebhookDispatcher}; a store makes each write atomic and conditional. Errors as for the
 * settlement store ({@link SettlementException} with {@code STORE_UNAVAILABLE}).
 */
public interface WebhookStore {

    void createEndpoint(WebhookEndpoint endpoint);

    Optional<WebhookEndpoint> findEndpoint(String id);

    /** Every endpoint, in creation order (createdAt, then id). */
    List<WebhookEndpoint> endpoints();

    /** Removes the endpoint and its deliveries, both or neither; false if there was none. */
    boolean deleteEndpoint(String id);

    /**
     * Compare-and-set on the endpoint's cursor: if it still is {@code expectedCursor}, records {@code deliveries}
     * (new, {@link DeliveryStatus#PENDING}; one already recorded for the same event is left as it is) and moves the
     * cursor to {@code newCursor}, all or nothing. False (nothing written) if the cursor moved or the endpoint is gone.
     */
    boolean enqueue(String endpointId, long expectedCursor, long newCursor, List<WebhookDelivery> deliveries);

    /**
     * Up to {@code limit} deliveries that are {@link DeliveryStatus#isUndelivered() undelivered} and due
     * ({@code nextAttemptAt <= now}), the longest due first.
     */
    List<WebhookDelivery> dueDeliveries(long now, int limit);

    /**
     * Compare-and-set: replaces the delivery stored at {@code expectedVersion} with {@code updated}. False (nothing
     * written) if its version moved or it is gone.
     */
    boolean replaceDelivery(long expectedVersion, WebhookDelivery updated);

    Optional<WebhookDelivery> findDelivery(String endpointId, long eventSequence);

    /** Up to {@code limit} deliveries of an endpoint after {@code afterSequence}, in event order; {@code status} null: all. */
    List<WebhookDelivery> deliveries(String endpointId, DeliveryStatus status, long afterSequence, int limit);

    /** How many deliveries of the endpoint are in each status (statuses with none may be missing). */
    Map<DeliveryStatus, Long> countDeliveries(String endpointId);

    /**
     * The undelivered delivery of the endpoint with the lowest event sequence: of one settlement when
     * {@code settlementId} is given (what holds back its later events), of any otherwise (the oldest waiting event).
     */
    Optional<WebhookDelivery> firstUndelivered(String endpointId, String settlementId);
}
