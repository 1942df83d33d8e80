package dev.settlement.store.redis;

import dev.settlement.api.webhook.DeliveryStatus;
import dev.settlement.api.webhook.WebhookDelivery;
import dev.settlement.api.webhook.WebhookEndpoint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Webhook endpoints as Redis hashes and deliveries as JSON values, losslessly: a null attribute is an absent hash
 * field (or JSON member). The scripts read two members of a delivery, {@code version} and {@code status}.
 */
final class WebhookCodec {
    private WebhookCodec() {
    }

    /** Field/value pairs for HSET of an endpoint; null attributes are left out. */
    static List<String> endpointFields(WebhookEndpoint e) {
        SettlementCodec.Fields f = new SettlementCodec.Fields();
        f.put("id", e.id());
        f.put("url", e.url());
        f.put("types", new JsonArray(e.types().stream().sorted().toList()).encode());
        f.put("solverId", e.solverId());
        f.put("description", e.description());
        f.put("secret", e.secret());
        f.put("createdAt", e.createdAt());
        f.put("cursor", e.cursor());
        return f.pairs;
    }

    /** An endpoint from its hash (HGETALL as a map or a flat array); null when it is empty. */
    static WebhookEndpoint endpointFromHash(Response hash) {
        Map<String, String> h = SettlementCodec.toMap(hash);
        if (h.isEmpty()) {
            return null;
        }
        try {
            Set<String> types = new HashSet<>();
            new JsonArray(required(h, "types")).forEach(type -> types.add((String) type));
            return new WebhookEndpoint(required(h, "id"), required(h, "url"), types, h.get("solverId"),
                    h.get("description"), required(h, "secret"), Long.parseLong(required(h, "createdAt")),
                    Long.parseLong(required(h, "cursor")));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Unreadable webhook endpoint hash " + h.get("id") + ": " + e.getMessage(), e);
        }
    }

    static String deliveryToJson(WebhookDelivery d) {
        JsonObject json = new JsonObject()
                .put("endpointId", d.endpointId())
                .put("eventSequence", d.eventSequence())
                .put("settlementId", d.settlementId())
                .put("eventTime", d.eventTime())
                .put("status", d.status().name())
                .put("attempts", d.attempts())
                .put("nextAttemptAt", d.nextAttemptAt())
                .put("version", d.version());
        if (d.lastAttemptAt() != null) {
            json.put("lastAttemptAt", d.lastAttemptAt());
        }
        if (d.lastResponseStatus() != null) {
            json.put("lastResponseStatus", d.lastResponseStatus());
        }
        if (d.lastError() != null) {
            json.put("lastError", d.lastError());
        }
        return json.encode();
    }

    /** A delivery from its JSON; null for a missing value. */
    static WebhookDelivery deliveryFromJson(Response value) {
        if (value == null) {
            return null;
        }
        JsonObject json = new JsonObject(value.toString());
        return new WebhookDelivery(json.getString("endpointId"), json.getLong("eventSequence"),
                json.getString("settlementId"), json.getLong("eventTime"),
                DeliveryStatus.valueOf(json.getString("status")), json.getInteger("attempts"),
                json.getLong("lastAttemptAt"), json.getLong("nextAttemptAt"), json.getInteger("lastResponseStatus"),
                json.getString("lastError"), json.getLong("version"));
    }

    /** The deliveries of a script's array reply, skipping missing values. */
    static List<WebhookDelivery> deliveriesFromJson(Response values) {
        List<WebhookDelivery> deliveries = new ArrayList<>();
        for (Response value : values) {
            WebhookDelivery d = deliveryFromJson(value);
            if (d != null) {
                deliveries.add(d);
            }
        }
        return deliveries;
    }

    private static String required(Map<String, String> h, String field) {
        String value = h.get(field);
        if (value == null) {
            throw new IllegalArgumentException("field " + field + " is missing");
        }
        return value;
    }
}
