package dev.settlement.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.settlement.api.webhook.WebhookSignature;
import dev.settlement.testing.ServiceProcess;
import dev.settlement.testing.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Webhooks survive crashes: while settlements change, the packaged service is killed with SIGKILL three times (it
 * is sending deliveries all the while, to a receiver that takes a moment to answer) and the receiver is down once.
 * In the end the receiver has every event of the feed at least once, each signed over the exact bytes it got, and
 * the events of each settlement first arrived in their order.
 */
class WebhookCrashIT {
    private static final Logger LOG = Logger.getLogger(WebhookCrashIT.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SETTLEMENTS = 60;
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres", "redis", "composite"})
    void everyEventIsDeliveredInOrderAcrossKills(String backendName) throws Exception {
        long started = System.nanoTime();
        try (Backend backend = Backend.start(backendName, dir, false);
             WebhookReceiver receiver = new WebhookReceiver(Duration.ofMillis(20));
             ServiceProcess service = ServiceProcess.start(Config.JAR, Config.log("webhook-crash-" + backendName),
                     backend.options("-Dsettlement.webhooks.allow-private-targets=true",
                             "-Dsettlement.webhooks.poll-interval=200ms", "-Dsettlement.webhooks.retry-delays=1s",
                             "-Dsettlement.webhooks.timeout=2s"))) {
            Http http = new Http(service.baseUrl(), Duration.ofSeconds(30));
            Http.Reply registered = http.post("/webhooks", Map.of("url", receiver.url("/events")));
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            String secret = registered.json().get("secret").asText();

            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger written = new AtomicInteger();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < SETTLEMENTS; i++) {
                        String id = "wh-" + i;
                        until(http, "/settlements", Map.of("id", id, "intentId", "intent-" + id,
                                "userAddress", "cosmos1user",
                                "inputAsset", Map.of("chainId", "a-1", "denom", "uatom", "amount", "1"),
                                "outputAsset", Map.of("chainId", "b-1", "denom", "uosmo", "amount", "2")), 201, 409);
                        until(http, "/settlements/" + id + "/events", Map.of("type", "USER_LOCKED", "escrowId", "e"), 200);
                        until(http, "/settlements/" + id + "/fail", Map.of("reason", "done"), 200);
                        written.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    writing.set(false);
                }
            }, "webhook-crash-writer");
            writer.start();

            int delivered = 0;
            for (int kill = 1; kill <= KILLS; kill++) {
                // kill while deliveries are going out: wait until a few more have arrived
                delivered += awaitDeliveries(receiver, 5, Duration.ofSeconds(60));
                service.kill();
                if (kill == 2) {
                    receiver.stop(); // and the receiver is down while the service comes back
                    service.start();
                    Thread.sleep(2000);
                    receiver.restart();
                } else {
                    service.start();
                }
            }
            writer.join(Duration.ofMinutes(3).toMillis());
            assertThat(writing.get()).as("the writer finished").isFalse();
            assertThat(written.get()).isEqualTo(SETTLEMENTS);

            Set<Long> feed = feed(http);
            assertThat(feed).hasSize(SETTLEMENTS * 3);
            List<WebhookReceiver.Request> got = new ArrayList<>(receiver.received());
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!ids(got).containsAll(feed) && System.nanoTime() < deadline) {
                Thread.sleep(250);
                got = new ArrayList<>(receiver.received());
            }
            Set<Long> missing = new TreeSet<>(feed);
            missing.removeAll(ids(got));
            assertThat(missing).as("events never delivered").isEmpty();

            Map<String, List<Long>> firstArrivals = new HashMap<>();
            Set<Long> seen = new LinkedHashSet<>();
            for (WebhookReceiver.Request request : got) {
                String id = request.header("webhook-id");
                assertThat(request.header("webhook-signature")).as("signature of %s", id).isEqualTo(
                        WebhookSignature.sign(secret, id, Long.parseLong(request.header("webhook-timestamp")),
                                request.bodyText()));
                JsonNode event = JSON.readTree(request.body());
                if (seen.add(Long.parseLong(id))) {
                    firstArrivals.computeIfAbsent(event.get("settlementId").asText(), s -> new ArrayList<>())
                            .add(Long.parseLong(id));
                }
            }
            firstArrivals.forEach((settlement, sequences) ->
                    assertThat(sequences).as("first arrivals of %s", settlement).isSorted());
            int resent = got.size() - seen.size();
            LOG.info("WebhookCrashIT " + backendName + ": " + got.size() + " requests, " + resent + " sent again");
            new Figures("webhook-crash", backendName)
                    .put("kills survived", KILLS)
                    .put("receiver outages", 1)
                    .put("events", feed.size())
                    .put("deliveries received", got.size())
                    .put("sent again (at least once)", resent)
                    .put("lost", missing.size())
                    .put("seconds", (System.nanoTime() - started) / 1_000_000_000)
                    .record();
        }
    }

    /** POSTs until the service answers one of {@code accepted} (it is down between a kill and its restart). */
    private static void until(Http http, String path, Object body, int... accepted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Http.Reply reply = http.post(path, body);
                for (int status : accepted) {
                    if (reply.status() == status) {
                        return;
                    }
                }
                assertThat(reply.status()).as("%s: %s", path, reply.body()).isEqualTo(503);
            } catch (IOException down) {
                // killed: try again once it is back
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " was never accepted");
    }

    private static int awaitDeliveries(WebhookReceiver receiver, int more, Duration timeout) throws InterruptedException {
        int before = receiver.received().size();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (receiver.received().size() < before + more) {
            assertThat(System.nanoTime()).as("deliveries keep arriving").isLessThan(deadline);
            Thread.sleep(50);
        }
        return more;
    }

    private static Set<Long> feed(Http http) throws IOException {
        Set<Long> sequences = new TreeSet<>();
        long after = 0;
        while (true) {
            JsonNode page = http.get("/events?limit=1000&after=" + after).json();
            for (JsonNode item : page.get("items")) {
                sequences.add(item.get("sequence").asLong());
            }
            long next = page.get("nextAfter").asLong();
            if (next == after) {
                return sequences;
            }
            after = next;
        }
    }

    private static Set<Long> ids(List<WebhookReceiver.Request> requests) {
        Set<Long> ids = new TreeSet<>();
        requests.forEach(r -> ids.add(Long.parseLong(r.header("webhook-id"))));
        return ids;
    }
}
