package dev.settlement.api.webhook;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** The webhook store of the {@code memory} backend: maps under one monitor. Nothing survives a restart. */
public final class InMemoryWebhookStore implements WebhookStore {
    private final Map<String, WebhookEndpoint> endpoints = new HashMap<>();
    /** Each endpoint's deliveries by event sequence. */
    private final Map<String, NavigableMap<Long, WebhookDelivery>> deliveries = new HashMap<>();

    @Override
    public synchronized void createEndpoint(WebhookEndpoint endpoint) {
        endpoints.put(endpoint.id(), endpoint);
        deliveries.put(endpoint.id(), new TreeMap<>());
    }

    @Override
    public synchronized Optional<WebhookEndpoint> findEndpoint(String id) {
        return Optional.ofNullable(endpoints.get(id));
    }

    @Override
    public synchronized List<WebhookEndpoint> endpoints() {
        return endpoints.values().stream()
                .sorted(Comparator.comparingLong(WebhookEndpoint::createdAt).thenComparing(WebhookEndpoint::id))
                .toList();
    }

    @Override
    public synchronized boolean deleteEndpoint(String id) {
        deliveries.remove(id);
        return endpoints.remove(id) != null;
    }

    @Override
    public synchronized boolean enqueue(String endpointId, long expectedCursor, long newCursor,
                                        List<WebhookDelivery> batch) {
        WebhookEndpoint endpoint = endpoints.get(endpointId);
        if (endpoint == null || endpoint.cursor() != expectedCursor) {
            return false;
        }
        NavigableMap<Long, WebhookDelivery> ofEndpoint = deliveries.get(endpointId);
        batch.forEach(d -> ofEndpoint.putIfAbsent(d.eventSequence(), d));
        endpoints.put(endpointId, new WebhookEndpoint(endpoint.id(), endpoint.url(), endpoint.types(),
                endpoint.solverId(), endpoint.description(), endpoint.secret(), endpoint.createdAt(), newCursor));
        return true;
    }

    @Override
    public synchronized List<WebhookDelivery> dueDeliveries(long now, int limit) {
        return deliveries.values().stream().flatMap(m -> m.values().stream())
                .filter(d -> d.status().isUndelivered() && d.nextAttemptAt() <= now)
                .sorted(Comparator.comparingLong(WebhookDelivery::nextAttemptAt)
                        .thenComparing(WebhookDelivery::endpointId).thenComparingLong(WebhookDelivery::eventSequence))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized boolean replaceDelivery(long expectedVersion, WebhookDelivery updated) {
        NavigableMap<Long, WebhookDelivery> ofEndpoint = deliveries.get(updated.endpointId());
        WebhookDelivery current = ofEndpoint == null ? null : ofEndpoint.get(updated.eventSequence());
        if (current == null || current.version() != expectedVersion) {
            return false;
        }
        ofEndpoint.put(updated.eventSequence(), updated);
        return true;
    }

    @Override
    public synchronized Optional<WebhookDelivery> findDelivery(String endpointId, long eventSequence) {
        return Optional.ofNullable(deliveries.getOrDefault(endpointId, new TreeMap<>()).get(eventSequence));
    }

    @Override
    public synchronized List<WebhookDelivery> deliveries(String endpointId, DeliveryStatus status, long afterSequence,
                                                         int limit) {
        return deliveries.getOrDefault(endpointId, new TreeMap<>()).tailMap(afterSequence, false).values().stream()
                .filter(d -> status == null || d.status() == status)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized Map<DeliveryStatus, Long> countDeliveries(String endpointId) {
        Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
        deliveries.getOrDefault(endpointId, new TreeMap<>()).values()
                .forEach(d -> counts.merge(d.status(), 1L, Long::sum));
        return counts;
    }

    @Override
    public synchronized Optional<WebhookDelivery> firstUndelivered(String endpointId, String settlementId) {
        return deliveries.getOrDefault(endpointId, new TreeMap<>()).values().stream()
                .filter(d -> d.status().isUndelivered() && (settlementId == null || settlementId.equals(d.settlementId())))
                .findFirst();
    }
}
