package dev.settlement.service.metrics;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementListener;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.StateTransition;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.webhook.WebhookDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Domain metrics: transitions by from/to status, events by type, outcomes by solver, settlement duration by final
 * status (from the manager's listener), webhook delivery attempts by outcome, and gauges of active settlements by status and of stuck ones (refreshed from the store by
 * {@link GaugeRefresher}, so a scrape never queries the backend), and per webhook endpoint of its oldest undelivered
 * event's age and its dead deliveries.
 */
@ApplicationScoped
public class SettlementMetrics implements SettlementListener {
    private final MeterRegistry registry;
    private final Map<SettlementStatus, AtomicLong> active = new EnumMap<>(SettlementStatus.class);
    private final AtomicLong stuck = new AtomicLong();
    private volatile WebhookSummary webhookSummary = new WebhookSummary(0, 0, 0);
    private final MultiGauge webhookAge;
    private final MultiGauge webhookDead;

    public SettlementMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (SettlementStatus status : SettlementStatus.ACTIVE) {
            AtomicLong value = new AtomicLong();
            active.put(status, value);
            Gauge.builder("settlement.active", value, AtomicLong::get)
                    .description("Active settlements by status, as of the last refresh")
                    .tag("status", status.name()).register(registry);
        }
        Gauge.builder("settlement.stuck", stuck, AtomicLong::get)
                .description("Active settlements past expiry plus the stuck threshold, as of the last refresh")
                .register(registry);
        webhookAge = MultiGauge.builder("settlement.webhook.oldest.undelivered.age")
                .description("Age of each endpoint's oldest undelivered event, as of the last refresh")
                .baseUnit("seconds").register(registry);
        webhookDead = MultiGauge.builder("settlement.webhook.dead.deliveries")
                .description("Dead deliveries of each endpoint, as of the last refresh").register(registry);
    }

    @Override
    public void created(Settlement settlement) {
        Counter.builder("settlement.created").description("Settlements created").register(registry).increment();
        event(ChangeEvent.CREATED);
    }

    /** Every change is one event of the feed: counted here by type, as the manager reports the change. */
    private void event(String type) {
        Counter.builder("settlement.events").description("Events appended to the change feed, by type")
                .tag("type", type).register(registry).increment();
    }

    /** The result of one webhook delivery attempt: delivered, failed (will retry) or dead. */
    public void deliveryAttempted(WebhookDelivery result) {
        Counter.builder("settlement.webhook.deliveries").description("Webhook delivery attempts by outcome")
                .tag("outcome", result.status().name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /** Per endpoint: how old its oldest undelivered event is, and how many of its deliveries are dead. */
    void refreshWebhooks(Map<String, Long> oldestUndeliveredAge, Map<String, Long> dead) {
        webhookSummary = new WebhookSummary(oldestUndeliveredAge.size(),
                oldestUndeliveredAge.values().stream().mapToLong(Long::longValue).max().orElse(0),
                dead.values().stream().mapToLong(Long::longValue).sum());
        webhookAge.register(oldestUndeliveredAge.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("endpoint", e.getKey()), e.getValue())).toList(), true);
        webhookDead.register(dead.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("endpoint", e.getKey()), e.getValue())).toList(), true);
    }

    @Override
    public void transitioned(Settlement before, Settlement after, StateTransition transition) {
        Counter.builder("settlement.transitions")
                .description("Status changes by from and to status")
                .tags("from", transition.fromStatus().name(), "to", transition.toStatus().name())
                .register(registry).increment();
        event(ChangeEvent.transitioned(after, transition).type());
        if (after.status().isTerminal()) {
            String solver = after.solverId() == null ? "none" : after.solverId();
            Counter.builder("settlement.outcomes")
                    .description("Finished settlements by solver and final status")
                    .tags("solver", solver, "status", after.status().name())
                    .register(registry).increment();
            Timer.builder("settlement.duration")
                    .description("Time from creation to the final status")
                    .tag("status", after.status().name())
                    .register(registry)
                    .record(Duration.ofSeconds(Math.max(0, after.updatedAt() - after.createdAt())));
        }
    }

    /** The webhook gauges summed over every endpoint, as of the last refresh. */
    public WebhookSummary webhookSummary() {
        return webhookSummary;
    }

    /** Endpoints, the oldest undelivered event's age among them (seconds), and their dead deliveries. */
    public record WebhookSummary(int endpoints, long oldestUndeliveredAgeSeconds, long deadDeliveries) {
    }

    void refresh(Map<SettlementStatus, Long> counts, long stuckCount) {
        active.forEach((status, value) -> value.set(counts.getOrDefault(status, 0L)));
        stuck.set(stuckCount);
    }
}
