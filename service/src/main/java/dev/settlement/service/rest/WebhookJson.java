package dev.settlement.service.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.settlement.api.FieldRules;
import dev.settlement.api.webhook.DeliveryStatus;
import dev.settlement.api.webhook.WebhookDelivery;
import dev.settlement.api.webhook.WebhookEndpoint;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bodies of the webhook API (API.md, "Webhooks"). */
final class WebhookJson {
    private WebhookJson() {
    }

    @Schema(name = "CreateWebhook", description = "An endpoint to receive events by POST.",
            additionalProperties = Schema.False.class)
    record Create(
            @Schema(required = true, maxLength = 2048, examples = "https://engine.example/settlement-events",
                    description = "http or https; loopback, link-local and private addresses are refused unless "
                            + "settlement.webhooks.allow-private-targets=true") String url,
            @Schema(description = "Event types to receive; all when absent") List<String> types,
            @Schema(pattern = FieldRules.TOKEN, description = "Only this solver's settlements; all when absent")
            String solverId,
            @Schema(minLength = 1, maxLength = FieldRules.MAX_TEXT) String description) {
    }

    @Schema(name = "Webhook", description = "A registered endpoint.")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Endpoint(
            @Schema(required = true, examples = "we_0f8fad5bd9cb469fa16570867728950e") String id,
            @Schema(required = true) String url,
            @Schema(required = true, description = "The event types it receives; empty: all") List<String> types,
            @Schema(description = "The solver whose settlements it receives; absent: all") String solverId,
            String description,
            @Schema(required = true, description = "Unix epoch seconds") long createdAt,
            @Schema(description = "whsec_ + base64 of 32 random bytes: the HMAC key of webhook-signature. Only in the "
                    + "answer to its creation.") String secret,
            @Schema(description = "Its deliveries by status; in GET /webhooks/{id} only")
            Map<DeliveryStatus, Long> deliveries) {

        static Endpoint of(WebhookEndpoint e, boolean withSecret, Map<DeliveryStatus, Long> counts) {
            Map<DeliveryStatus, Long> all = null;
            if (counts != null) {
                all = new EnumMap<>(DeliveryStatus.class);
                for (DeliveryStatus status : DeliveryStatus.values()) {
                    all.put(status, counts.getOrDefault(status, 0L));
                }
            }
            return new Endpoint(e.id(), e.url(), e.types().stream().sorted().toList(), e.solverId(), e.description(),
                    e.createdAt(), withSecret ? e.secret() : null, all);
        }
    }

    @Schema(name = "WebhookPage", description = "One page of endpoints, in creation order.")
    record EndpointPage(@Schema(required = true) List<Endpoint> items,
                        @Schema(required = true, nullable = true) String nextCursor) {
    }

    @Schema(name = "WebhookDelivery", description = "One event sent (or to send) to one endpoint.")
    record Delivery(
            @Schema(required = true, minimum = "1") long eventSequence,
            @Schema(required = true) DeliveryStatus status,
            @Schema(required = true, minimum = "0") int attempts,
            @Schema(required = true, nullable = true, description = "Unix epoch seconds") Long lastAttemptAt,
            @Schema(required = true, nullable = true, description = "Unix epoch seconds; null once DELIVERED or DEAD")
            Long nextAttemptAt,
            @Schema(required = true, nullable = true, description = "The HTTP status the receiver answered")
            Integer lastResponseStatus,
            @Schema(required = true, nullable = true, description = "Why the last attempt failed") String lastError) {

        static Delivery of(WebhookDelivery d) {
            return new Delivery(d.eventSequence(), d.status(), d.attempts(), d.lastAttemptAt(),
                    d.status().isUndelivered() ? Long.valueOf(d.nextAttemptAt()) : null, d.lastResponseStatus(),
                    d.lastError());
        }
    }

    @Schema(name = "WebhookDeliveryPage", description = "One page of deliveries, in event order.")
    record DeliveryPage(@Schema(required = true) List<Delivery> items,
                        @Schema(required = true, nullable = true) String nextCursor) {
    }
}
