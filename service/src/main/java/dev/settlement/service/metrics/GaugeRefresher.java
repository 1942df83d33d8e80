package dev.settlement.service.metrics;

import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.webhook.DeliveryStatus;
import dev.settlement.api.webhook.WebhookEndpoint;
import dev.settlement.api.webhook.WebhookStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Reads the counts behind the gauges from the store every few seconds (off the scrape path). */
@ApplicationScoped
public class GaugeRefresher {
    private static final Logger LOG = Logger.getLogger(GaugeRefresher.class);

    private final SettlementManager manager;
    private final SettlementMetrics metrics;
    private final WebhookStore webhooks;
    private final Clock clock;

    public GaugeRefresher(SettlementManager manager, SettlementMetrics metrics, SettlementStore store, Clock clock) {
        this.manager = manager;
        this.metrics = metrics;
        this.webhooks = store.webhooks();
        this.clock = clock;
    }

    @Scheduled(every = "${settlement.metrics.refresh-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        try {
            metrics.refresh(manager.countByStatus(), manager.countStuck());
            long now = clock.instant().getEpochSecond();
            Map<String, Long> age = new HashMap<>();
            Map<String, Long> dead = new HashMap<>();
            for (WebhookEndpoint endpoint : webhooks.endpoints()) {
                age.put(endpoint.id(), webhooks.firstUndelivered(endpoint.id(), null)
                        .map(d -> Math.max(0, now - d.eventTime())).orElse(0L));
                dead.put(endpoint.id(), webhooks.countDeliveries(endpoint.id()).getOrDefault(DeliveryStatus.DEAD, 0L));
            }
            metrics.refreshWebhooks(age, dead);
        } catch (SettlementException e) {
            LOG.debugf("Gauges not refreshed: %s", e.getMessage());
        }
    }
}
