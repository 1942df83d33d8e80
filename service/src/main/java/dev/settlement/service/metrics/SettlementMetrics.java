package dev.settlement.service.metrics;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementListener;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.StateTransition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Domain metrics: transitions by from/to status, outcomes by solver, settlement duration by final status (from the
 * manager's listener), and gauges of active settlements by status and of stuck ones (refreshed from the store by
 * {@link GaugeRefresher}, so a scrape never queries the backend).
 */
@ApplicationScoped
public class SettlementMetrics implements SettlementListener {
    private final MeterRegistry registry;
    private final Map<SettlementStatus, AtomicLong> active = new EnumMap<>(SettlementStatus.class);
    private final AtomicLong stuck = new AtomicLong();

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
    }

    @Override
    public void created(Settlement settlement) {
        Counter.builder("settlement.created").description("Settlements created").register(registry).increment();
    }

    @Override
    public void transitioned(Settlement before, Settlement after, StateTransition transition) {
        Counter.builder("settlement.transitions")
                .description("Status changes by from and to status")
                .tags("from", transition.fromStatus().name(), "to", transition.toStatus().name())
                .register(registry).increment();
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

    void refresh(Map<SettlementStatus, Long> counts, long stuckCount) {
        active.forEach((status, value) -> value.set(counts.getOrDefault(status, 0L)));
        stuck.set(stuckCount);
    }
}
