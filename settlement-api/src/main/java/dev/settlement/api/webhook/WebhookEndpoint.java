package dev.settlement.api.webhook;

import dev.settlement.api.feed.ChangeEvent;
import java.util.Set;

/**
 * A registered receiver of events. {@code cursor} is the feed position up to which its deliveries have been recorded:
 * at creation the head of the feed (it receives what happens from then on), then moved forward by
 * {@link WebhookStore#enqueue}.
 */
public record WebhookEndpoint(String id, String url, Set<String> types, String solverId, String description,
                              String secret, long createdAt, long cursor) {
    public WebhookEndpoint {
        types = Set.copyOf(types);
    }

    /** Whether this endpoint receives {@code event}: of its types (none given: all) and its solver (none: all). */
    public boolean wants(ChangeEvent event) {
        return (types.isEmpty() || types.contains(event.type()))
                && (solverId == null || solverId.equals(event.solverId()));
    }
}
