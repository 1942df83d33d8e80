package dev.settlement.bench;

import com.sun.net.httpserver.HttpServer;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementPolicy;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.webhook.DeliveryStatus;
import dev.settlement.api.webhook.RetrySchedule;
import dev.settlement.api.webhook.WebhookDispatcher;
import dev.settlement.api.webhook.WebhookEndpoint;
import dev.settlement.api.webhook.WebhookSignature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Webhook delivery throughput of a backend: settlements walked through their lifecycles, then every event delivered
 * to a local receiver that answers 204 at once, by the dispatcher the service runs (same store, same claims, the same
 * number of senders), timed from the first fan-out until the last delivery is recorded DELIVERED.
 */
final class WebhookBench {
    private static final Logger LOG = Logger.getLogger(WebhookBench.class);
    private static final int SENDERS = 4;

    private WebhookBench() {
    }

    static Map<String, Object> run(String backend, int settlements, int runs) throws Exception {
        SettlementStore store = StoreBench.store(backend);
        SettlementManager manager = new SettlementManager(store, SettlementPolicy.DEFAULTS, Clock.systemUTC());
        AtomicLong received = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        receiver.setExecutor(Executors.newFixedThreadPool(SENDERS));
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Double> perSecond = new ArrayList<>();
        long deliveredInLastRun = 0;
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            for (int run = -1; run < runs; run++) { // a warm-up run first
                String endpointId = "bench-" + UUID.randomUUID();
                store.webhooks().createEndpoint(new WebhookEndpoint(endpointId, url, Set.of(), null, null,
                        WebhookSignature.newSecret(), System.currentTimeMillis() / 1000, store.latestEventSequence()));
                for (int i = 0; i < settlements; i++) {
                    new Lifecycle("W" + run + endpointId.substring(6, 14), 0, i).runOn(manager);
                }
                WebhookDispatcher dispatcher = new WebhookDispatcher(store, (target, headers, body) -> {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
                            .POST(HttpRequest.BodyPublishers.ofString(body));
                    headers.forEach(request::header);
                    try {
                        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }, event -> "{\"sequence\":" + event.sequence() + ",\"type\":\"" + event.type() + "\"}",
                        Clock.systemUTC(), RetrySchedule.STANDARD, Duration.ofSeconds(30), d -> { });
                long started = System.nanoTime();
                long events = 0;
                while (true) {
                    long recorded = dispatcher.fanOut();
                    events += recorded;
                    List<Future<Integer>> passes = new ArrayList<>();
                    for (int s = 0; s < SENDERS; s++) {
                        passes.add(senders.submit(dispatcher::deliverDue));
                    }
                    for (Future<Integer> pass : passes) {
                        pass.get();
                    }
                    long delivered = store.webhooks().countDeliveries(endpointId)
                            .getOrDefault(DeliveryStatus.DELIVERED, 0L);
                    if (recorded == 0 && delivered >= events) {
                        break;
                    }
                }
                double rate = events * 1e9 / (System.nanoTime() - started);
                deliveredInLastRun = events;
                store.webhooks().deleteEndpoint(endpointId);
                if (run >= 0) {
                    perSecond.add(rate);
                }
                LOG.infof("%s webhooks run %d: %d events delivered, %.0f/s", backend, run, events, rate);
            }
        } finally {
            senders.shutdownNow();
            receiver.stop(0);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("backend", backend);
        result.put("settlements", settlements);
        result.put("eventsPerRun", settlements * 5);
        result.put("senders", SENDERS);
        result.put("eventsDeliveredInTheLastRun", deliveredInLastRun);
        result.put("receiverGot", received.get());
        result.put("deliveriesPerSecond", perSecond);
        return result;
    }
}
