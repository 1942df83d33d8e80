package dev.settlement.store.composite;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the {@link Archiver} every {@code settlement.composite.archive-interval} on every service instance, only while
 * {@code settlement.store=composite}: otherwise it never touches Redis or PostgreSQL. Runs of one instance never
 * overlap; runs of several instances at once share out the work through Redis claims.
 */
@ApplicationScoped
public class ArchiveJob {
    private static final Logger LOG = Logger.getLogger(ArchiveJob.class);

    private final Instance<CompositeSettlementStore> store;
    private final Instance<Clock> clock;
    private final CompositeConfig config;
    private volatile Archiver archiver;

    @Inject
    public ArchiveJob(@Identifier(CompositeSettlementStore.BACKEND) Instance<CompositeSettlementStore> store,
                      Instance<Clock> clock, CompositeConfig config) {
        this.store = store;
        this.clock = clock;
        this.config = config;
    }

    /** A wrong setting fails the start of a composite deployment, not the first run. */
    void checkSettings(@Observes StartupEvent event, WhenNotComposite notComposite) {
        if (!notComposite.test(null)) {
            Archiver.Settings.of(config);
        }
    }

    @Scheduled(identity = "settlement-archiver", every = "${settlement.composite.archive-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WhenNotComposite.class)
    void run() {
        try {
            Archiver.Report report = archiver().run(now());
            if (report.moved() + report.changed() + report.eventsMoved() > 0) {
                LOG.infof("Archiver: %d settlements and %d events moved to PostgreSQL%s", report.moved(),
                        report.eventsMoved(),
                        report.changed() > 0 ? ", " + report.changed() + " changed meanwhile and stay in Redis" : "");
            }
        } catch (RuntimeException e) {
            // the claimed batch is taken up again once its lease runs out; nothing was lost or doubled
            LOG.warnf("Archiver run stopped: %s", e.getMessage());
        }
    }

    private Archiver archiver() {
        Archiver a = archiver;
        if (a == null) {
            a = store.get().archiver(Archiver.Settings.of(config));
            archiver = a;
        }
        return a;
    }

    /** The service's clock when it has one (tests move it), the system's otherwise. */
    private long now() {
        Clock c = clock.isResolvable() ? clock.get() : Clock.systemUTC();
        return c.instant().getEpochSecond();
    }

    /** Skips every run unless the composite backend is the selected one. */
    @Singleton
    public static class WhenNotComposite implements Scheduled.SkipPredicate {
        private final boolean composite;

        @Inject
        public WhenNotComposite(@ConfigProperty(name = "settlement.store") Optional<String> store) {
            this.composite = store.filter(CompositeSettlementStore.BACKEND::equals).isPresent();
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !composite;
        }
    }
}
