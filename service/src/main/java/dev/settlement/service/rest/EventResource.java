package dev.settlement.service.rest;

import dev.settlement.api.FieldRules;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.service.auth.Caller;
import dev.settlement.service.feed.EventFeed;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The change feed (API.md, "Events"): pages with long poll, and the same as Server-Sent Events. Neither holds a thread
 * while it waits ({@link EventFeed}). A solver sees only its own settlements' events.
 */
@Path("/events")
@Tag(name = "events")
@SecurityRequirement(name = OpenApiText.BEARER)
public class EventResource {
    /** A stream sends a comment line when nothing happened for this long, so proxies keep it open. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final int MAX_WAIT = 30;

    private final EventFeed feed;
    private final Caller caller;

    public EventResource(EventFeed feed, Caller caller) {
        this.feed = feed;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listEvents", summary = "Read the change feed",
            description = "Events with a sequence above `after`, in sequence order. With `wait` and nothing to return, "
                    + "answers as soon as an event arrives, or empty after `wait` seconds (long poll). Once a reader "
                    + "was given sequence N, no event below N appears later. " + OpenApiText.READERS
                    + " A solver sees only its own settlements' events.")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventBody.Page.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "410", ref = "EventsExpired")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Uni<EventBody.Page> list(
            @Parameter(ref = "After") @QueryParam("after") String after,
            @Parameter(ref = "Limit") @QueryParam("limit") String limit,
            @Parameter(ref = "EventType") @QueryParam("type") List<String> types,
            @Parameter(ref = "EventSolver") @QueryParam("solverId") String solverId,
            @Parameter(description = "Seconds to wait for an event when there is none yet (long poll)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "30"))
            @QueryParam("wait") String wait) {
        EventQuery query = query(Requests.sequence("after", after), limit, types, solverId);
        Duration waiting = Duration.ofSeconds(waitSeconds(wait));
        return feed.read(query, waiting).map(page -> new EventBody.Page(
                page.items().stream().map(EventBody::of).toList(), page.nextAfter()));
    }

    @GET
    @Path("stream")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamEvents", summary = "Follow the change feed as Server-Sent Events",
            description = "The feed from `after` (or the Last-Event-ID header), then every new event as it happens: "
                    + "`id:` the sequence, `event:` the type, `data:` the event JSON; a comment line every 15 s keeps "
                    + "the connection open. " + OpenApiText.READERS)
    @APIResponse(responseCode = "200", description = "The stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "410", ref = "EventsExpired")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Multi<OutboundSseEvent> stream(
            @Parameter(ref = "After") @QueryParam("after") String after,
            @Parameter(description = "The last sequence received; resumes after it (wins over after)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @HeaderParam("Last-Event-ID") String lastEventId,
            @Parameter(ref = "EventType") @QueryParam("type") List<String> types,
            @Parameter(ref = "EventSolver") @QueryParam("solverId") String solverId,
            @Context Sse sse) {
        Long resumeAt = Requests.sequence("Last-Event-ID", lastEventId);
        EventQuery first = query(resumeAt != null ? resumeAt : Requests.sequence("after", after), null, types,
                solverId);
        // the first page is read before anything is streamed (on a worker: this method is @Blocking), so
        // EVENTS_EXPIRED or an unreachable store is a problem response; the waits after it hold no thread
        EventPage page = feed.readNow(first);
        return Multi.createBy().concatenating()
                .streams(Multi.createFrom().item(page), feed.follow(first.at(page.nextAfter()), HEARTBEAT))
                .onItem().transformToIterable(next -> next.items().isEmpty()
                        ? List.of(sse.newEventBuilder().comment("keep-alive").build())
                        : next.items().stream().map(e -> sse(sse, e)).toList());
    }

    private static OutboundSseEvent sse(Sse sse, ChangeEvent event) {
        return sse.newEventBuilder().id(Long.toString(event.sequence())).name(event.type())
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(EventBody.class, EventBody.of(event)).build();
    }

    private EventQuery query(Long after, String limit, List<String> types, String solverId) {
        Set<String> wanted = Set.copyOf(types == null ? List.of() : types);
        for (String type : wanted) {
            if (!ChangeEvent.TYPES.contains(type)) {
                throw Requests.invalid("type", "'" + type + "' is not one of "
                        + ChangeEvent.TYPES.stream().sorted().toList());
            }
        }
        if (solverId != null && !solverId.matches(FieldRules.TOKEN)) {
            throw Requests.invalid("solverId", "must be 1-128 printable ASCII characters without whitespace");
        }
        return new EventQuery(after == null ? 0 : after, Requests.limit(limit), wanted, caller.feedSolver(solverId));
    }

    private static long waitSeconds(String wait) {
        Integer seconds = Requests.integer("wait", wait);
        if (seconds == null) {
            return 0;
        }
        if (seconds < 1 || seconds > MAX_WAIT) {
            throw Requests.invalid("wait", "must be between 1 and " + MAX_WAIT + " seconds");
        }
        return seconds;
    }
}
