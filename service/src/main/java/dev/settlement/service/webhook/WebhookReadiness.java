package dev.settlement.service.webhook;

import dev.settlement.service.auth.Caller;
import dev.settlement.service.metrics.SettlementMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Webhook delivery as readiness shows it: always UP (a receiver that is down must not take the service out of a load
 * balancer), with how far behind the endpoints are, from the last gauge refresh, for whoever may read internals.
 */
@Readiness
@ApplicationScoped
public class WebhookReadiness implements HealthCheck {
    private final SettlementMetrics metrics;
    private final Caller caller;

    public WebhookReadiness(SettlementMetrics metrics, Caller caller) {
        this.metrics = metrics;
        this.caller = caller;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("settlement-webhooks").up();
        if (caller.mayReadInternals()) {
            SettlementMetrics.WebhookSummary summary = metrics.webhookSummary();
            response.withData("endpoints", summary.endpoints())
                    .withData("oldestUndeliveredAgeSeconds", summary.oldestUndeliveredAgeSeconds())
                    .withData("deadDeliveries", summary.deadDeliveries());
        }
        return response.build();
    }
}
