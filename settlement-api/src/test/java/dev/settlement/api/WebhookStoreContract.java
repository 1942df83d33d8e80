package dev.settlement.api;

import static dev.settlement.api.StoreTestSupport.ACTOR;
import static dev.settlement.api.StoreTestSupport.T0;
import static dev.settlement.api.StoreTestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.webhook.DeliveryStatus;
import dev.settlement.api.webhook.RetrySchedule;
import dev.settlement.api.webhook.WebhookDelivery;
import dev.settlement.api.webhook.WebhookDispatcher;
import dev.settlement.api.webhook.WebhookEndpoint;
import dev.settlement.api.webhook.WebhookSender;
import dev.settlement.api.webhook.WebhookSignature;
import dev.settlement.api.webhook.WebhookStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** Webhook endpoints and deliveries as every backend keeps them, and the dispatcher running over each. */
public interface WebhookStoreContract extends StoreUnderTest {

    private WebhookStore hooks() {
        return store().webhooks();
    }

    private static WebhookEndpoint endpoint(String id, long createdAt, long cursor) {
        return new WebhookEndpoint(id, "https://receiver.example/" + id, Set.of(), null, "for " + id,
                WebhookSignature.newSecret(), createdAt, cursor);
    }

    private static WebhookDelivery pending(String endpoint, long sequence, String settlement, long now) {
        return WebhookDelivery.pending(endpoint, sequence, settlement, T0, now);
    }

    @Test
    default void endpointsAreKeptListedInCreationOrderAndDeletedWithTheirDeliveries() {
        WebhookEndpoint b = new WebhookEndpoint("b", "https://x.example/hook?q=1", Set.of("settlement.failed",
                "settlement.complete"), "solver-1", null, WebhookSignature.newSecret(), T0, 7);
        WebhookEndpoint a = endpoint("a", T0 + 1, 0);
        hooks().createEndpoint(b);
        hooks().createEndpoint(a);

        assertThat(hooks().findEndpoint("b")).contains(b);
        assertThat(hooks().findEndpoint("none")).isEmpty();
        assertThat(hooks().endpoints()).containsExactly(b, a);
        assertThat(hooks().enqueue("a", 0, 3, List.of(pending("a", 2, "s-1", T0)))).isTrue();

        assertThat(hooks().deleteEndpoint("a")).isTrue();
        assertThat(hooks().deleteEndpoint("a")).isFalse();
        assertThat(hooks().endpoints()).containsExactly(b);
        assertThat(hooks().findDelivery("a", 2)).isEmpty();
        assertThat(hooks().dueDeliveries(T0 + 10, 10)).isEmpty();
    }

    @Test
    default void enqueueIsACompareAndSetOnTheCursor() {
        hooks().createEndpoint(endpoint("e", T0, 5));
        assertThat(hooks().enqueue("e", 4, 9, List.of(pending("e", 6, "s-1", T0)))).isFalse();
        assertThat(hooks().findDelivery("e", 6)).isEmpty();

        assertThat(hooks().enqueue("e", 5, 9, List.of(pending("e", 6, "s-1", T0), pending("e", 8, "s-2", T0)))).isTrue();
        assertThat(hooks().findEndpoint("e").orElseThrow().cursor()).isEqualTo(9);
        assertThat(hooks().findDelivery("e", 6)).contains(pending("e", 6, "s-1", T0));
        assertThat(hooks().enqueue("e", 5, 12, List.of())).isFalse();
        assertThat(hooks().enqueue("gone", 0, 1, List.of())).isFalse();

        // a delivery already recorded for the same event stays as it is
        WebhookDelivery six = hooks().findDelivery("e", 6).orElseThrow();
        assertThat(hooks().replaceDelivery(six.version(), six.claimed(T0, T0 + 60))).isTrue();
        assertThat(hooks().enqueue("e", 9, 10, List.of(pending("e", 6, "s-1", T0)))).isTrue();
        assertThat(hooks().findDelivery("e", 6).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    default void dueDeliveriesAreTheUndeliveredOnesWhoseTimeHasComeLongestDueFirst() {
        hooks().createEndpoint(endpoint("e", T0, 0));
        hooks().enqueue("e", 0, 4, List.of(pending("e", 1, "s-1", T0 + 5), pending("e", 2, "s-2", T0 + 1),
                pending("e", 3, "s-3", T0 + 3), pending("e", 4, "s-4", T0 + 100)));
        WebhookDelivery three = hooks().findDelivery("e", 3).orElseThrow();
        hooks().replaceDelivery(three.version(), three.attempted(DeliveryStatus.DELIVERED, T0 + 3, 200, null));

        assertThat(hooks().dueDeliveries(T0 + 10, 10)).extracting(WebhookDelivery::eventSequence).containsExactly(2L, 1L);
        assertThat(hooks().dueDeliveries(T0 + 10, 1)).extracting(WebhookDelivery::eventSequence).containsExactly(2L);
        assertThat(hooks().dueDeliveries(T0, 10)).isEmpty();
    }

    @Test
    default void replacingADeliveryIsACompareAndSetThatOneOfManyRacersWins() throws Exception {
        hooks().createEndpoint(endpoint("e", T0, 0));
        hooks().enqueue("e", 0, 1, List.of(pending("e", 1, "s-1", T0)));
        WebhookDelivery due = hooks().findDelivery("e", 1).orElseThrow();
        List<Callable<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            WebhookStore instance = (i % 2 == 0 ? store() : secondInstance()).webhooks();
            claims.add(() -> instance.replaceDelivery(due.version(), due.claimed(T0, T0 + 60)));
        }
        assertThat(StoreTestSupport.raceAll(claims)).containsOnlyOnce(true);
        WebhookDelivery claimed = hooks().findDelivery("e", 1).orElseThrow();
        assertThat(claimed).isEqualTo(due.claimed(T0, T0 + 60));
        assertThat(hooks().replaceDelivery(due.version(), due.retried(T0))).isFalse();
    }

    @Test
    default void deliveriesArePagedByEventCountedByStatusAndTheFirstUndeliveredIsFound() {
        hooks().createEndpoint(endpoint("e", T0, 0));
        hooks().createEndpoint(endpoint("other", T0, 0));
        hooks().enqueue("e", 0, 5, List.of(pending("e", 1, "s-1", T0), pending("e", 2, "s-2", T0),
                pending("e", 3, "s-1", T0), pending("e", 5, "s-2", T0)));
        hooks().enqueue("other", 0, 5, List.of(pending("other", 1, "s-1", T0)));
        WebhookDelivery one = hooks().findDelivery("e", 1).orElseThrow();
        hooks().replaceDelivery(one.version(), one.attempted(DeliveryStatus.DEAD, T0, 500, "HTTP 500"));
        WebhookDelivery two = hooks().findDelivery("e", 2).orElseThrow();
        hooks().replaceDelivery(two.version(), two.attempted(DeliveryStatus.FAILED, T0 + 30, null, "refused"));

        assertThat(hooks().deliveries("e", null, 0, 10)).extracting(WebhookDelivery::eventSequence)
                .containsExactly(1L, 2L, 3L, 5L);
        assertThat(hooks().deliveries("e", null, 2, 1)).extracting(WebhookDelivery::eventSequence).containsExactly(3L);
        assertThat(hooks().deliveries("e", DeliveryStatus.PENDING, 0, 10)).extracting(WebhookDelivery::eventSequence)
                .containsExactly(3L, 5L);
        assertThat(hooks().deliveries("e", DeliveryStatus.DEAD, 0, 10)).singleElement()
                .satisfies(d -> assertThat(d.lastError()).isEqualTo("HTTP 500"));
        assertThat(hooks().countDeliveries("e")).containsAllEntriesOf(Map.of(DeliveryStatus.PENDING, 2L,
                DeliveryStatus.FAILED, 1L, DeliveryStatus.DEAD, 1L));
        assertThat(hooks().countDeliveries("e").getOrDefault(DeliveryStatus.DELIVERED, 0L)).isZero();

        assertThat(hooks().firstUndelivered("e", "s-1").orElseThrow().eventSequence()).isEqualTo(3);
        assertThat(hooks().firstUndelivered("e", "s-2").orElseThrow().eventSequence()).isEqualTo(2);
        assertThat(hooks().firstUndelivered("e", null).orElseThrow().eventSequence()).isEqualTo(2);
        assertThat(hooks().firstUndelivered("e", "s-9")).isEmpty();
    }

    // ---- the dispatcher over this store ---------------------------------------------------------------------------

    private WebhookDispatcher dispatcher(SettlementStore on, WebhookSender sender) {
        return new WebhookDispatcher(on, sender, e -> "{\"sequence\":" + e.sequence() + "}", clock(),
                new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofSeconds(30)), 3), Duration.ofSeconds(60),
                d -> { });
    }

    /** A sender recording what it was given, answering with {@code status} (or failing when it is 0). */
    final class Receiver implements WebhookSender {
        final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        final List<Map<String, String>> headers = Collections.synchronizedList(new ArrayList<>());
        volatile int status = 200;

        @Override
        public int post(String url, Map<String, String> h, String body) throws IOException {
            bodies.add(body);
            headers.add(h);
            if (status == 0) {
                throw new IOException("Connection refused");
            }
            return status;
        }
    }

    @Test
    default void theDispatcherSendsWhatAnEndpointWantsFromItsCreationOnSignedInOrder() {
        manager().create(request("before", "intent-0", "solver-1")); // before the endpoint: not sent
        WebhookEndpoint endpoint = new WebhookEndpoint("e", "https://r.example/h", Set.of("settlement.created",
                "settlement.user_locked"), "solver-1", null, WebhookSignature.newSecret(), T0,
                store().latestEventSequence());
        hooks().createEndpoint(endpoint);
        manager().create(request("s-1", "intent-1", "solver-1"));
        manager().create(request("s-2", "intent-2", "solver-2")); // another solver: not sent
        manager().advance("s-1", new SettlementEvent.UserLocked("escrow-1", null), null, ACTOR);
        manager().fail("s-1", "no", null, ACTOR); // not a wanted type

        Receiver receiver = new Receiver();
        WebhookDispatcher dispatcher = dispatcher(store(), receiver);
        assertThat(dispatcher.fanOut()).isEqualTo(2);
        assertThat(dispatcher.fanOut()).isZero();
        assertThat(dispatcher.deliverDue()).isEqualTo(2);
        assertThat(dispatcher.deliverDue()).isZero();

        List<ChangeEvent> sent = store().events(dev.settlement.api.feed.EventQuery.after(endpoint.cursor(), 10)).items()
                .stream().filter(endpoint::wants).toList();
        assertThat(receiver.bodies).containsExactly("{\"sequence\":" + sent.get(0).sequence() + "}",
                "{\"sequence\":" + sent.get(1).sequence() + "}");
        Map<String, String> first = receiver.headers.get(0);
        assertThat(first.get("webhook-id")).isEqualTo(Long.toString(sent.get(0).sequence()));
        assertThat(first.get("webhook-signature")).isEqualTo(WebhookSignature.sign(endpoint.secret(),
                first.get("webhook-id"), Long.parseLong(first.get("webhook-timestamp")), receiver.bodies.get(0)));
        assertThat(hooks().countDeliveries("e")).containsEntry(DeliveryStatus.DELIVERED, 2L);
    }

    @Test
    default void aFailingReceiverIsRetriedWithBackoffUntilDeadAndAManualRetryTriesAgain() {
        hooks().createEndpoint(endpoint("e", T0, store().latestEventSequence()));
        manager().create(request("s-1", "intent-1", null));
        manager().advance("s-1", new SettlementEvent.UserLocked("escrow-1", null), null, ACTOR);
        Receiver receiver = new Receiver();
        receiver.status = 500;
        WebhookDispatcher dispatcher = dispatcher(store(), receiver);
        dispatcher.fanOut();
        long first = hooks().firstUndelivered("e", null).orElseThrow().eventSequence();

        assertThat(dispatcher.deliverDue()).isEqualTo(1);
        WebhookDelivery failed = hooks().findDelivery("e", first).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.lastResponseStatus()).isEqualTo(500);
        assertThat(failed.nextAttemptAt()).isEqualTo(T0 + 5);
        assertThat(dispatcher.deliverDue()).as("not due yet, and the later event waits").isZero();

        receiver.status = 0;
        clock().advance(5);
        assertThat(dispatcher.deliverDue()).isEqualTo(1);
        assertThat(hooks().findDelivery("e", first).orElseThrow().lastError()).isEqualTo("Connection refused");
        assertThat(hooks().findDelivery("e", first).orElseThrow().nextAttemptAt()).isEqualTo(T0 + 35);
        clock().advance(30);
        assertThat(dispatcher.deliverDue()).isEqualTo(1);
        WebhookDelivery dead = hooks().findDelivery("e", first).orElseThrow();
        assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(dead.attempts()).isEqualTo(3);

        // dead, it no longer holds back its settlement's next event
        receiver.status = 200;
        assertThat(dispatcher.deliverDue()).isEqualTo(1);
        assertThat(hooks().findDelivery("e", first + 1).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);

        dispatcher.retry("e", first);
        assertThat(dispatcher.deliverDue()).isEqualTo(1);
        assertThat(hooks().findDelivery("e", first).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(receiver.bodies).hasSize(5);
    }

    @Test
    default void twoDispatchersOnTwoInstancesSendEachEventOnce() throws Exception {
        hooks().createEndpoint(endpoint("e", T0, store().latestEventSequence()));
        for (int i = 0; i < 20; i++) {
            manager().create(request("s-" + i, "intent-" + i, null));
            manager().advance("s-" + i, new SettlementEvent.UserLocked("escrow-" + i, null), null, ACTOR);
        }
        Receiver receiver = new Receiver();
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        WebhookSender recordingIds = (url, h, body) -> {
            ids.add(h.get("webhook-id"));
            return receiver.post(url, h, body);
        };
        List<WebhookDispatcher> dispatchers = List.of(dispatcher(store(), recordingIds),
                dispatcher(secondInstance(), recordingIds));
        List<Callable<Integer>> runs = new ArrayList<>();
        for (WebhookDispatcher d : dispatchers) {
            runs.add(() -> {
                int sent = 0;
                for (int pass = 0; pass < 6; pass++) {
                    d.fanOut();
                    sent += d.deliverDue();
                }
                return sent;
            });
        }
        StoreTestSupport.raceAll(runs);
        dispatchers.get(0).fanOut();
        while (dispatchers.get(0).deliverDue() > 0) {
            // the rest, one pass per event of a settlement
        }
        assertThat(ids).hasSize(40).doesNotHaveDuplicates();
        assertThat(hooks().countDeliveries("e")).containsEntry(DeliveryStatus.DELIVERED, 40L);
    }
}
