package dev.settlement.service.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.settlement.api.ErrorCode;
import dev.settlement.api.FieldRules;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.webhook.DeliveryStatus;
import dev.settlement.api.webhook.RetrySchedule;
import dev.settlement.api.webhook.WebhookDelivery;
import dev.settlement.api.webhook.WebhookDispatcher;
import dev.settlement.api.webhook.WebhookEndpoint;
import dev.settlement.api.webhook.WebhookSignature;
import dev.settlement.api.webhook.WebhookStore;
import dev.settlement.service.config.SettlementConfig;
import dev.settlement.service.metrics.SettlementMetrics;
import dev.settlement.service.rest.EventBody;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * Webhook endpoints as the API manages them, and the job that sends their deliveries: every poll interval it records
 * the deliveries of new events and lets {@code senders} dispatchers send the due ones side by side (their claims keep
 * them, and other instances, from sending one attempt twice).
 */
@ApplicationScoped
public class Webhooks {
    private static final Logger LOG = Logger.getLogger(Webhooks.class);
    private static final int MAX_DESCRIPTION = FieldRules.MAX_TEXT;

    private final SettlementStore store;
    private final WebhookStore webhooks;
    private final Clock clock;
    private final WebhookTargets targets;
    private final WebhookDispatcher dispatcher;
    private final ExecutorService senders;
    private final int senderCount;

    public Webhooks(SettlementStore store, Clock clock, SettlementConfig config, ObjectMapper json,
                    SettlementMetrics metrics) {
        SettlementConfig.Webhooks settings = config.webhooks();
        this.store = store;
        this.webhooks = store.webhooks();
        this.clock = clock;
        this.targets = new WebhookTargets(settings.allowPrivateTargets());
        // a claim outlives the longest attempt, so only a crash lets it lapse
        Duration lease = settings.timeout().multipliedBy(3);
        this.dispatcher = new WebhookDispatcher(store, new HttpWebhookSender(settings.timeout(), targets),
                event -> render(json, event), clock, new RetrySchedule(settings.retryDelays(), settings.maxAttempts()),
                lease, metrics::deliveryAttempted);
        this.senderCount = Math.max(1, settings.senders());
        this.senders = Executors.newFixedThreadPool(senderCount, runnable -> {
            Thread thread = new Thread(runnable, "webhook-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static String render(ObjectMapper json, ChangeEvent event) {
        try {
            return json.writeValueAsString(EventBody.of(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An event always renders", e);
        }
    }

    /** Registers an endpoint receiving events from now on; the result carries its secret (shown only here). */
    public WebhookEndpoint create(String url, List<String> types, String solverId, String description) {
        Map<String, String> problems = new LinkedHashMap<>();
        String refusal = targets.refusal(url);
        if (refusal != null) {
            problems.put("url", refusal);
        }
        List<String> wanted = types == null ? List.of() : types;
        for (String type : wanted) {
            if (type == null || !ChangeEvent.TYPES.contains(type)) {
                problems.put("types", "'" + type + "' is not one of " + ChangeEvent.TYPES.stream().sorted().toList());
            }
        }
        if (solverId != null && !solverId.matches(FieldRules.TOKEN)) {
            problems.put("solverId", "must be 1-128 printable ASCII characters without whitespace");
        }
        if (description != null && (description.isEmpty() || description.length() > MAX_DESCRIPTION)) {
            problems.put("description", "must be 1-" + MAX_DESCRIPTION + " characters");
        }
        if (!problems.isEmpty()) {
            throw SettlementException.invalidFields(problems);
        }
        WebhookEndpoint endpoint = new WebhookEndpoint("we_" + UUID.randomUUID().toString().replace("-", ""), url,
                Set.copyOf(wanted), solverId, description, WebhookSignature.newSecret(),
                clock.instant().getEpochSecond(), store.latestEventSequence());
        webhooks.createEndpoint(endpoint);
        LOG.infof("Webhook endpoint %s registered for %s", endpoint.id(), url);
        return endpoint;
    }

    public List<WebhookEndpoint> endpoints() {
        return webhooks.endpoints();
    }

    public WebhookEndpoint endpoint(String id) {
        return webhooks.findEndpoint(possible(id)).orElseThrow(() -> notFound(id));
    }

    public Map<DeliveryStatus, Long> counts(String id) {
        return webhooks.countDeliveries(possible(id));
    }

    public void delete(String id) {
        if (!webhooks.deleteEndpoint(possible(id))) {
            throw notFound(id);
        }
        LOG.infof("Webhook endpoint %s deleted", id);
    }

    public List<WebhookDelivery> deliveries(String id, DeliveryStatus status, long afterSequence, int limit) {
        endpoint(id);
        return webhooks.deliveries(id, status, afterSequence, limit);
    }

    public WebhookDelivery retry(String id, long eventSequence) {
        endpoint(id);
        return dispatcher.retry(id, eventSequence);
    }

    /** Records new deliveries, then sends the due ones with every sender. */
    @Scheduled(every = "${settlement.webhooks.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void dispatch() {
        try {
            if (webhooks.endpoints().isEmpty()) {
                return;
            }
            dispatcher.fanOut();
            List<Future<Integer>> passes = new ArrayList<>();
            for (int i = 0; i < senderCount; i++) {
                passes.add(senders.submit(dispatcher::deliverDue));
            }
            for (Future<Integer> pass : passes) {
                pass.get();
            }
        } catch (SettlementException e) {
            LOG.warnf("Webhook deliveries wait for the store: %s", e.getMessage());
        } catch (ExecutionException e) {
            LOG.warnf("Webhook deliveries wait for the store: %s", e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The id, if it is made of the characters an endpoint id can have ({@link #create} makes "we_" and hex); otherwise
     * not found without asking the store, which may fail on it (PostgreSQL refuses to compare a text holding a NUL:
     * that would read as the store being down).
     */
    private static String possible(String id) {
        if (!FieldRules.isIdentifier(id)) {
            throw notFound(id);
        }
        return id;
    }

    private static SettlementException notFound(String id) {
        return new SettlementException(ErrorCode.NOT_FOUND, "No webhook endpoint with id '" + id + "'");
    }
}
