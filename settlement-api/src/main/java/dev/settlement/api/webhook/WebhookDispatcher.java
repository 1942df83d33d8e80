package dev.settlement.api.webhook;

import dev.settlement.api.ErrorCode;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Webhook delivery over any store, decided once: {@link #fanOut} records a delivery for every new event an endpoint
 * wants, {@link #deliverDue} sends the due ones. Several instances may run both at once: recording moves each
 * endpoint's cursor by compare-and-set, and each attempt is claimed by compare-and-set on the delivery before it is
 * sent, so no attempt is sent twice; a claim lapses after {@code lease}, so a crash mid-send loses nothing (the
 * delivery is sent again: at least once). An endpoint gets a settlement's events in order: a delivery waits while an
 * earlier one of the same settlement is undelivered.
 */
public final class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    private static final int BATCH = 500;
    private static final int ERROR_LIMIT = 500;

    private final SettlementStore store;
    private final WebhookStore webhooks;
    private final WebhookSender sender;
    private final Function<ChangeEvent, String> json;
    private final Clock clock;
    private final RetrySchedule retries;
    private final Duration lease;
    private final Consumer<WebhookDelivery> attempted;

    /**
     * @param json      the body of an event, as the API renders it
     * @param attempted told about every attempt's result (for metrics); must not throw
     */
    public WebhookDispatcher(SettlementStore store, WebhookSender sender, Function<ChangeEvent, String> json,
                             Clock clock, RetrySchedule retries, Duration lease, Consumer<WebhookDelivery> attempted) {
        this.store = store;
        this.webhooks = store.webhooks();
        this.sender = sender;
        this.json = json;
        this.clock = clock;
        this.retries = retries;
        this.lease = lease;
        this.attempted = attempted;
    }

    /** Records the deliveries of events that arrived since the last run, for every endpoint; returns how many. */
    public int fanOut() {
        int recorded = 0;
        for (WebhookEndpoint endpoint : webhooks.endpoints()) {
            recorded += fanOut(endpoint);
        }
        return recorded;
    }

    private int fanOut(WebhookEndpoint endpoint) {
        EventPage page;
        try {
            page = store.events(EventQuery.after(endpoint.cursor(), BATCH));
        } catch (SettlementException e) {
            if (e.code() != ErrorCode.EVENTS_EXPIRED) {
                throw e;
            }
            // retention removed events this endpoint had not been given yet: they cannot be sent any more
            long head = store.latestEventSequence();
            LOG.warning(() -> "Webhook endpoint " + endpoint.id() + " fell behind the feed's retention: events after "
                    + endpoint.cursor() + " were removed before they were recorded for it; it goes on after " + head);
            webhooks.enqueue(endpoint.id(), endpoint.cursor(), head, List.of());
            return 0;
        }
        if (page.items().isEmpty()) {
            return 0;
        }
        long now = now();
        List<WebhookDelivery> deliveries = new ArrayList<>();
        for (ChangeEvent event : page.items()) {
            if (endpoint.wants(event)) {
                deliveries.add(WebhookDelivery.pending(endpoint.id(), event.sequence(), event.settlementId(),
                        event.time(), now));
            }
        }
        // another instance recording the same events first is fine: its deliveries are the same ones
        return webhooks.enqueue(endpoint.id(), endpoint.cursor(), page.nextAfter(), deliveries) ? deliveries.size() : 0;
    }

    /** Sends the due deliveries this run can claim; returns how many attempts it made. */
    public int deliverDue() {
        List<WebhookDelivery> due = webhooks.dueDeliveries(now(), BATCH);
        if (due.isEmpty()) {
            return 0;
        }
        // read once per pass, not per delivery; one deleted meanwhile loses its deliveries, so none can be claimed
        Map<String, WebhookEndpoint> endpoints = new HashMap<>();
        webhooks.endpoints().forEach(e -> endpoints.put(e.id(), e));
        int attempts = 0;
        for (WebhookDelivery delivery : due) {
            WebhookEndpoint endpoint = endpoints.get(delivery.endpointId());
            if (endpoint != null && attempt(endpoint, delivery)) {
                attempts++;
            }
        }
        return attempts;
    }

    /** Makes a delivery due now, whatever its status (a DEAD one gets one more attempt). */
    public WebhookDelivery retry(String endpointId, long eventSequence) {
        while (true) {
            WebhookDelivery current = webhooks.findDelivery(endpointId, eventSequence).orElseThrow(() ->
                    new SettlementException(ErrorCode.NOT_FOUND, "Webhook endpoint '" + endpointId
                            + "' has no delivery of event " + eventSequence));
            WebhookDelivery retried = current.retried(now());
            if (webhooks.replaceDelivery(current.version(), retried)) {
                return retried;
            }
        }
    }

    private boolean attempt(WebhookEndpoint endpoint, WebhookDelivery due) {
        Optional<WebhookDelivery> first = webhooks.firstUndelivered(due.endpointId(), due.settlementId());
        if (first.isPresent() && first.get().eventSequence() < due.eventSequence()) {
            return false; // an earlier event of this settlement goes first
        }
        long now = now();
        WebhookDelivery claimed = due.claimed(now, now + lease.toSeconds());
        if (!webhooks.replaceDelivery(due.version(), claimed)) {
            return false; // another instance claimed it, or it changed
        }
        WebhookDelivery result = send(endpoint, claimed);
        if (webhooks.replaceDelivery(claimed.version(), result)) {
            attempted.accept(result);
        }
        return true;
    }

    private WebhookDelivery send(WebhookEndpoint endpoint, WebhookDelivery claimed) {
        Optional<ChangeEvent> event = event(claimed.eventSequence());
        if (event.isEmpty()) {
            return claimed.attempted(DeliveryStatus.DEAD, claimed.nextAttemptAt(), null,
                    "event " + claimed.eventSequence() + " is no longer kept (retention)");
        }
        String body = json.apply(event.get());
        String id = Long.toString(claimed.eventSequence());
        long timestamp = now();
        Map<String, String> headers = Map.of(
                "content-type", "application/json",
                "webhook-id", id,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSignature.sign(endpoint.secret(), id, timestamp, body));
        try {
            int status = sender.post(endpoint.url(), headers, body);
            if (status >= 200 && status < 300) {
                return claimed.attempted(DeliveryStatus.DELIVERED, claimed.nextAttemptAt(), status, null);
            }
            return failed(claimed, status, "HTTP " + status);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Webhook delivery failed", e);
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return failed(claimed, null, error.length() > ERROR_LIMIT ? error.substring(0, ERROR_LIMIT) : error);
        }
    }

    private WebhookDelivery failed(WebhookDelivery claimed, Integer status, String error) {
        if (claimed.attempts() >= retries.maxAttempts()) {
            return claimed.attempted(DeliveryStatus.DEAD, claimed.nextAttemptAt(), status, error);
        }
        return claimed.attempted(DeliveryStatus.FAILED, now() + retries.delayAfter(claimed.attempts()), status, error);
    }

    private Optional<ChangeEvent> event(long sequence) {
        try {
            return store.events(EventQuery.after(sequence - 1, 1)).items().stream()
                    .filter(e -> e.sequence() == sequence).findFirst();
        } catch (SettlementException e) {
            if (e.code() == ErrorCode.EVENTS_EXPIRED) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
