package dev.settlement.service.console;

import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.service.auth.Caller;
import dev.settlement.service.feed.EventFeed;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.Set;

/**
 * What tells an open console page that something changed: a Server-Sent Events stream over the change feed, from its
 * head when the page opened. Each batch of new events is one {@code change} event (its data the feed position), on
 * which the page fetches its live parts again; the events themselves stay on the server. On a settlement's page only
 * that settlement's events count; a solver-only caller follows its own settlements, as on /events.
 */
@ConsoleRequest
@Path(ConsolePaths.ROOT + "/live")
public class ConsoleLive {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final int BATCH = 500;

    private final EventFeed feed;
    private final Caller caller;

    public ConsoleLive(EventFeed feed, Caller caller) {
        this.feed = feed;
        this.caller = caller;
    }

    @GET
    @Blocking // the head and the caller are read on a worker; the waits after hold no thread (EventFeed)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> changes(@QueryParam("settlement") String settlementId, @Context Sse sse) {
        EventQuery fromHead = new EventQuery(feed.head(), BATCH, Set.of(), caller.onlySolver());
        return feed.follow(fromHead, HEARTBEAT).map(page -> concerns(page, settlementId)
                ? sse.newEventBuilder().name("change").data(Long.toString(page.nextAfter())).build()
                : sse.newEventBuilder().comment("keep-alive").build());
    }

    private static boolean concerns(EventPage page, String settlementId) {
        return page.items().stream().anyMatch(e -> settlementId == null || settlementId.equals(e.settlementId()));
    }
}
