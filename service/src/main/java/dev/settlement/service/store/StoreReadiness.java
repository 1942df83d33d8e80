package dev.settlement.service.store;

import dev.settlement.api.SettlementStore;
import dev.settlement.api.StoreHealth;
import dev.settlement.service.auth.Caller;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ready means the selected store answers now. Its own details (location, durability, why it is down) are shown as they
 * are to whoever may read internals: anyone with authentication off, a caller with a valid token with it on; everyone
 * else gets the status alone.
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {
    private final SettlementStore store;
    private final Caller caller;

    public StoreReadiness(SettlementStore store, Caller caller) {
        this.store = store;
        this.caller = caller;
    }

    @Override
    public HealthCheckResponse call() {
        StoreHealth health = store.health();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("settlement-store").status(health.up());
        if (caller.mayReadInternals()) {
            health.details().forEach((key, value) -> response.withData(key, String.valueOf(value)));
        }
        return response.build();
    }
}
