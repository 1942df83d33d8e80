package dev.settlement.service.recovery;

import dev.settlement.api.RecoveryReport;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.StateTransition;
import dev.settlement.service.config.SettlementConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Runs recovery every {@code settlement.recovery.interval} while {@code settlement.auto-recovery.enabled}. Every
 * instance runs its own schedule; the manager's per-record compare-and-set makes concurrent runs harmless.
 */
@ApplicationScoped
public class RecoveryJob {
    private static final Logger LOG = Logger.getLogger(RecoveryJob.class);

    private final SettlementManager manager;

    public RecoveryJob(SettlementManager manager) {
        this.manager = manager;
    }

    @Scheduled(identity = "settlement-recovery", every = "${settlement.recovery.interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WhenDisabled.class)
    void run() {
        try {
            RecoveryReport report = manager.recover(StateTransition.SYSTEM);
            if (report.examined() > 0) {
                LOG.infof("Recovery: %d stuck settlements examined, %d timed out", report.examined(), report.timedOut());
            }
        } catch (SettlementException e) {
            LOG.warnf("Recovery skipped this time: %s", e.getMessage());
        }
    }

    /** Skips while auto-recovery is off, and while the application is not running (a failed start shutting down). */
    @Singleton
    public static class WhenDisabled implements Scheduled.SkipPredicate {
        private final SettlementConfig config;
        private final Scheduled.ApplicationNotRunning notRunning;

        public WhenDisabled(SettlementConfig config, Scheduled.ApplicationNotRunning notRunning) {
            this.config = config;
            this.notRunning = notRunning;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !config.autoRecovery().enabled() || notRunning.test(execution);
        }
    }
}
