package dev.settlement.service.console;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.webhook.WebhookDelivery;
import dev.settlement.api.webhook.WebhookEndpoint;
import java.util.List;
import java.util.StringJoiner;

/** What the console's pages show, assembled by {@link ConsolePages}; plain data for the templates. */
final class ConsoleViews {
    private ConsoleViews() {
    }

    /**
     * @param failures the latest failures and time-outs, newest first, among the last {@code failureWindow} events
     * @param readiness the store's readiness in words (its details only for callers who may read internals)
     */
    record Overview(List<StatusCount> counts, long total, long stuck, int capacity, List<SolverLoad> solvers,
                    List<ChangeEvent> failures, int failureWindow, long feedHead, List<Endpoint> webhooks,
                    boolean ready, String readiness) {
    }

    record StatusCount(SettlementStatus status, long count) {
    }

    /** A solver's active settlements against {@code settlement.max-concurrent-per-solver}. */
    record SolverLoad(String solverId, long active, int capacity) {
        public boolean atCapacity() {
            return active >= capacity;
        }

        /** At 80% or more of its capacity, not yet full. */
        public boolean nearCapacity() {
            return !atCapacity() && active * 5 >= capacity * 4L;
        }

        public long percent() {
            return Math.min(100, active * 100 / Math.max(1, capacity));
        }
    }

    /** The list filters, as they appear in the page's URL. */
    record Filter(String status, String solverId, String intentId, String userAddress) {
        /** The query string of this filter (without cursor), each value encoded. */
        public String query() {
            StringJoiner query = new StringJoiner("&");
            add(query, "status", status);
            add(query, "solverId", solverId);
            add(query, "intentId", intentId);
            add(query, "userAddress", userAddress);
            return query.toString();
        }

        public boolean any() {
            return !query().isEmpty();
        }

        private static void add(StringJoiner query, String name, String value) {
            if (value != null && !value.isEmpty()) {
                query.add(name + "=" + ConsoleFormat.urlEncoded(value));
            }
        }
    }

    record Listing(Filter filter, List<Settlement> items, String next, List<SettlementStatus> statuses) {
    }

    record Stuck(long count, List<Settlement> items, String next) {
    }

    /** An endpoint with its deliveries by status, and the failed and dead ones to look at first. */
    record Endpoint(WebhookEndpoint endpoint, long pending, long failed, long dead, long delivered,
                    List<WebhookDelivery> troubled) {
        public boolean healthy() {
            return failed == 0 && dead == 0;
        }
    }

    record BulkResult(int failed, List<Skipped> skipped) {
    }

    record Skipped(String id, String why) {
    }
}
