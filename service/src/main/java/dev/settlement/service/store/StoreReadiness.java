package dev.settlement.service.store;

import dev.settlement.api.SettlementStore;
import dev.settlement.api.StoreHealth;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import jakarta.enterprise.context.ApplicationScoped;

/** Ready means the selected store answers now; its own details (location, durability) are shown as they are. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {
    private final SettlementStore store;

    public StoreReadiness(SettlementStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        StoreHealth health = store.health();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("settlement-store").status(health.up());
        health.details().forEach((key, value) -> response.withData(key, String.valueOf(value)));
        return response.build();
    }
}
