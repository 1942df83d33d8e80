package dev.settlement.store.redis;

import dev.settlement.api.webhook.DeliveryStatus;
import dev.settlement.api.webhook.WebhookDelivery;
import dev.settlement.api.webhook.WebhookEndpoint;
import dev.settlement.api.webhook.WebhookStore;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook store of the {@code redis} backend, beside its settlements under the same key prefix (see
 * {@link RedisKeys}): an endpoint is a hash; its deliveries are JSON values of one hash per endpoint, indexed by event,
 * by status, by settlement while undelivered, and, across endpoints, by when they are due. Every write is one script
 * that moves the delivery and all its index entries together, on a compare-and-set (the cursor of
 * {@link #enqueue}, the version of {@link #replaceDelivery}), so several instances never both win one step.
 */
final class RedisWebhookStore implements WebhookStore {
    private static final LuaScript ENDPOINT = LuaScript.loadWriting("webhook-endpoint");
    private static final LuaScript ENQUEUE = LuaScript.loadWriting("webhook-enqueue");
    private static final LuaScript REPLACE = LuaScript.loadWriting("webhook-replace");
    private static final LuaScript ENDPOINTS = LuaScript.load("webhook-endpoints");
    private static final LuaScript DELIVERIES = LuaScript.load("webhook-deliveries");
    private static final LuaScript DUE = LuaScript.load("webhook-due");
    private static final LuaScript FIRST_UNDELIVERED = LuaScript.load("webhook-first-undelivered");
    private static final LuaScript COUNT_BY_STATUS = LuaScript.load("count-by-status");

    private final RedisSettlementStore store;
    private final RedisKeys keys;

    RedisWebhookStore(RedisSettlementStore store) {
        this.store = store;
        this.keys = store.keys();
    }

    /** An endpoint with an id already taken replaces the old one, whose deliveries go with it. */
    @Override
    public void createEndpoint(WebhookEndpoint endpoint) {
        run(ENDPOINT, RedisScripts.putEndpoint(keys, endpoint));
    }

    @Override
    public Optional<WebhookEndpoint> findEndpoint(String id) {
        return Optional.ofNullable(WebhookCodec.endpointFromHash(store.execute(Command.HGETALL,
                keys.webhookEndpoint(id))));
    }

    @Override
    public List<WebhookEndpoint> endpoints() {
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        for (Response hash : store.run(ENDPOINTS, List.of(keys.webhookEndpoints()),
                List.of(keys.webhookEndpointPrefix()))) {
            WebhookEndpoint endpoint = WebhookCodec.endpointFromHash(hash);
            if (endpoint != null) {
                endpoints.add(endpoint);
            }
        }
        return endpoints;
    }

    @Override
    public boolean deleteEndpoint(String id) {
        return run(ENDPOINT, RedisScripts.removeEndpoint(keys, id)).toInteger() == 1;
    }

    @Override
    public boolean enqueue(String endpointId, long expectedCursor, long newCursor, List<WebhookDelivery> deliveries) {
        return run(ENQUEUE, RedisScripts.enqueue(keys, endpointId, expectedCursor, newCursor, deliveries))
                .toInteger() == 1;
    }

    @Override
    public List<WebhookDelivery> dueDeliveries(long now, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return WebhookCodec.deliveriesFromJson(store.run(DUE, List.of(keys.webhookDue()),
                List.of(Long.toString(now), Integer.toString(limit), keys.webhookDeliveriesPrefix())));
    }

    @Override
    public boolean replaceDelivery(long expectedVersion, WebhookDelivery updated) {
        return run(REPLACE, RedisScripts.replaceDelivery(keys, expectedVersion, updated)).toInteger() == 1;
    }

    @Override
    public Optional<WebhookDelivery> findDelivery(String endpointId, long eventSequence) {
        return Optional.ofNullable(WebhookCodec.deliveryFromJson(store.execute(Command.HGET,
                keys.webhookDeliveries(endpointId), Long.toString(eventSequence))));
    }

    @Override
    public List<WebhookDelivery> deliveries(String endpointId, DeliveryStatus status, long afterSequence, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        String index = status == null ? keys.webhookByEvent(endpointId) : keys.webhookByStatus(status, endpointId);
        return WebhookCodec.deliveriesFromJson(store.run(DELIVERIES, List.of(index, keys.webhookDeliveries(endpointId)),
                List.of(Long.toString(afterSequence), Integer.toString(limit))));
    }

    @Override
    public Map<DeliveryStatus, Long> countDeliveries(String endpointId) {
        DeliveryStatus[] statuses = DeliveryStatus.values();
        List<String> k = new ArrayList<>();
        for (DeliveryStatus status : statuses) {
            k.add(keys.webhookByStatus(status, endpointId));
        }
        Response counts = store.run(COUNT_BY_STATUS, k, List.of());
        Map<DeliveryStatus, Long> result = new EnumMap<>(DeliveryStatus.class);
        for (int i = 0; i < statuses.length; i++) {
            result.put(statuses[i], counts.get(i).toLong());
        }
        return result;
    }

    @Override
    public Optional<WebhookDelivery> firstUndelivered(String endpointId, String settlementId) {
        List<String> k = new ArrayList<>(List.of(keys.webhookUndelivered(endpointId),
                keys.webhookDeliveries(endpointId)));
        for (DeliveryStatus status : DeliveryStatus.values()) {
            if (status.isUndelivered()) {
                k.add(keys.webhookByStatus(status, endpointId));
            }
        }
        return Optional.ofNullable(WebhookCodec.deliveryFromJson(store.run(FIRST_UNDELIVERED, k,
                List.of(settlementId == null ? "" : settlementId))));
    }

    private Response run(LuaScript script, RedisScripts.Call call) {
        return store.run(script, call.keys(), call.args());
    }
}
