package dev.settlement.service.store;

import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementListener;
import dev.settlement.api.SettlementStore;
import dev.settlement.service.feed.EventFeed;
import dev.settlement.service.config.SettlementConfig;
import dev.settlement.service.metrics.SettlementMetrics;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import dev.settlement.service.config.BackendActivation;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wires the plain-Java manager to the selected store, the configured policy, the clock, the metrics and the feed's
 * waiting readers.
 */
@ApplicationScoped
public class ManagerProducer {
    private static final Logger LOG = Logger.getLogger(ManagerProducer.class);

    @Produces
    @Singleton
    SettlementManager manager(SettlementStore store, SettlementConfig config, Clock clock, SettlementMetrics metrics,
                              EventFeed feed) {
        return new SettlementManager(store, config.policy(), clock, () -> UUID.randomUUID().toString(),
                SettlementListener.all(metrics, feed));
    }

    /** The server clock; tests replace it. */
    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Builds the store at start-up, so a misconfigured or unreachable backend fails the start, not a request, and
     * says so in one line naming the backend and where it was looked for. Only then are the scheduled jobs (recovery,
     * gauges, the composite's archiver) let run: the scheduler starts halted (quarkus.scheduler.start-mode), so none
     * of them reaches for a store that is not there and logs its failure again, with a stack trace, during the
     * failed start.
     */
    void checkStoreAtStartup(@Observes StartupEvent event, Instance<SettlementStore> store, Scheduler scheduler,
                             @ConfigProperty(name = BackendActivation.MIGRATE_FROM) Optional<String> migrating) {
        if (migrating.isPresent()) {
            return; // the migrate command checks both of its stores itself, and says which one failed
        }
        try {
            store.get().health();
        } catch (RuntimeException e) {
            LOG.error(e.getMessage());
            Quarkus.asyncExit(1);
            return;
        }
        if (scheduler.isStarted()) {
            scheduler.resume();
        }
    }
}
