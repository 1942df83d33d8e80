package dev.settlement.service.metrics;

import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementManager;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Reads the counts behind the gauges from the store every few seconds (off the scrape path). */
@ApplicationScoped
public class GaugeRefresher {
    private static final Logger LOG = Logger.getLogger(GaugeRefresher.class);

    private final SettlementManager manager;
    private final SettlementMetrics metrics;

    public GaugeRefresher(SettlementManager manager, SettlementMetrics metrics) {
        this.manager = manager;
        this.metrics = metrics;
    }

    @Scheduled(every = "${settlement.metrics.refresh-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        try {
            metrics.refresh(manager.countByStatus(), manager.countStuck());
        } catch (SettlementException e) {
            LOG.debugf("Gauges not refreshed: %s", e.getMessage());
        }
    }
}
