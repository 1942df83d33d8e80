package dev.settlement.service.console;

import dev.settlement.api.Page;
import dev.settlement.api.PageCursor;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.StoreHealth;
import dev.settlement.api.feed.ChangeEvent;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.api.feed.EventsExpiredException;
import dev.settlement.api.webhook.DeliveryStatus;
import dev.settlement.api.webhook.WebhookDelivery;
import dev.settlement.api.webhook.WebhookEndpoint;
import dev.settlement.service.auth.Caller;
import dev.settlement.service.config.SettlementConfig;
import dev.settlement.service.feed.EventFeed;
import dev.settlement.service.rest.ProblemCode;
import dev.settlement.service.rest.RequestRefused;
import dev.settlement.service.rest.Requests;
import dev.settlement.service.webhook.Webhooks;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The console's pages (API.md, "Operator console"). Every read goes through the same {@link SettlementManager} and
 * {@link Webhooks} as the REST API, with the same validation; a solver-only caller sees its own settlements alone,
 * and the webhook page is for operators, as /webhooks is.
 */
@ConsoleRequest
@Path(ConsolePaths.ROOT)
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {
    /** Rows per page of the settlement and stuck lists. */
    static final int PAGE = 50;
    /** How far back in the feed the overview looks for the latest failures. */
    static final int FAILURE_WINDOW = 1000;
    static final int FAILURES_SHOWN = 10;
    static final int SOLVERS_SHOWN = 20;
    static final int TROUBLED_SHOWN = 20;
    private static final Set<String> FAILURE_TYPES = Set.of(ChangeEvent.typeOf(SettlementStatus.FAILED),
            ChangeEvent.typeOf(SettlementStatus.TIMED_OUT));

    private final SettlementManager manager;
    private final Webhooks webhooks;
    private final EventFeed feed;
    private final ConsoleFrames frames;
    private final Caller caller;
    private final SettlementConfig config;

    public ConsolePages(SettlementManager manager, Webhooks webhooks, EventFeed feed, ConsoleFrames frames,
                        Caller caller, SettlementConfig config) {
        this.manager = manager;
        this.webhooks = webhooks;
        this.feed = feed;
        this.frames = frames;
        this.caller = caller;
        this.config = config;
    }

    /** The overview; a solver limited to its own settlements is sent to their list instead. */
    @GET
    public Response overview(RoutingContext routing) {
        if (caller.onlySolver() != null) {
            return Response.seeOther(URI.create(ConsolePaths.ROOT + "/settlements")).build();
        }
        // the slowest read on a large SQL store (every row is counted) runs beside the others
        CompletableFuture<Map<SettlementStatus, Long>> counting = CompletableFuture.supplyAsync(manager::countByStatus,
                Infrastructure.getDefaultWorkerPool());
        int capacity = config.maxConcurrentPerSolver();
        List<ConsoleViews.SolverLoad> solvers = manager.activeBySolver().entrySet().stream()
                .map(e -> new ConsoleViews.SolverLoad(e.getKey(), e.getValue(), capacity))
                .sorted(Comparator.comparingLong(ConsoleViews.SolverLoad::active).reversed()
                        .thenComparing(ConsoleViews.SolverLoad::solverId))
                .limit(SOLVERS_SHOWN).toList();
        long head = feed.head();
        long stuck = manager.countStuck();
        List<ChangeEvent> failures = latestFailures(head);
        List<ConsoleViews.Endpoint> endpoints = endpoints(0);
        StoreHealth health = frames.health();
        Map<SettlementStatus, Long> byStatus = joined(counting);
        List<ConsoleViews.StatusCount> counts = Arrays.stream(SettlementStatus.values())
                .map(s -> new ConsoleViews.StatusCount(s, byStatus.getOrDefault(s, 0L))).toList();
        ConsoleViews.Overview overview = new ConsoleViews.Overview(counts,
                counts.stream().mapToLong(ConsoleViews.StatusCount::count).sum(), stuck, capacity, solvers, failures,
                FAILURE_WINDOW, head, endpoints, health.up(), frames.describe(health));
        return Response.ok(ConsoleTemplates.overview(frames.live(routing, "Overview", "overview", null), overview))
                .build();
    }

    @GET
    @Path("settlements")
    public TemplateInstance settlements(RoutingContext routing, @QueryParam("status") String status,
                                        @QueryParam("solverId") String solverId,
                                        @QueryParam("intentId") String intentId,
                                        @QueryParam("userAddress") String userAddress,
                                        @QueryParam("cursor") String cursor) {
        String only = caller.onlySolver();
        if (only != null && solverId != null && !solverId.isEmpty() && !solverId.equals(only)) {
            throw new RequestRefused(ProblemCode.FORBIDDEN, "Solver '" + only + "' sees only its own settlements");
        }
        ConsoleViews.Filter filter = new ConsoleViews.Filter(blankToNull(status), only != null ? only
                : blankToNull(solverId), blankToNull(intentId), blankToNull(userAddress));
        Page<Settlement> page = manager.list(Requests.status(filter.status()), filter.solverId(), filter.intentId(),
                filter.userAddress(), PAGE, blankToNull(cursor));
        ConsoleViews.Listing listing = new ConsoleViews.Listing(filter, page.items(),
                page.next() == null ? null : page.next().encode(PageCursor.Order.CREATION),
                List.of(SettlementStatus.values()));
        return ConsoleTemplates.settlements(frames.frame(routing, "Settlements", "settlements"), listing);
    }

    @GET
    @Path("settlements/{id}")
    public TemplateInstance settlement(RoutingContext routing, @PathParam("id") String id) {
        Settlement settlement = manager.get(id);
        String only = caller.onlySolver();
        if (only != null && !only.equals(settlement.solverId())) {
            throw new RequestRefused(ProblemCode.FORBIDDEN, "Solver '" + only + "' sees only its own settlements");
        }
        return ConsoleTemplates.settlement(frames.live(routing, "Settlement " + id, "settlements", id), settlement,
                manager.history(id));
    }

    @GET
    @Path("stuck")
    public TemplateInstance stuck(RoutingContext routing, @QueryParam("cursor") String cursor) {
        requireAllSettlements("The stuck list");
        Page<Settlement> page = manager.findStuck(null, PAGE, blankToNull(cursor));
        ConsoleViews.Stuck stuck = new ConsoleViews.Stuck(manager.countStuck(), page.items(),
                page.next() == null ? null : page.next().encode(PageCursor.Order.EXPIRY));
        return ConsoleTemplates.stuck(frames.frame(routing, "Stuck", "stuck"), stuck);
    }

    @GET
    @Path("webhooks")
    public TemplateInstance webhooks(RoutingContext routing) {
        if (!caller.isOperator()) {
            throw new RequestRefused(ProblemCode.FORBIDDEN, "Webhook endpoints and deliveries are for operators");
        }
        return ConsoleTemplates.webhooks(frames.frame(routing, "Webhooks", "webhooks"), endpoints(TROUBLED_SHOWN));
    }

    /** The value of a read that ran beside the request, with its failure as it would have been thrown here. */
    private static <T> T joined(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** A refusal of a page (unknown settlement, bad filter, not allowed) as a page that says so. */
    @ServerExceptionMapper
    public Response refused(SettlementException e, RoutingContext routing) {
        return problemPage(routing, ProblemCode.of(e.code()), e.getMessage());
    }

    @ServerExceptionMapper
    public Response refused(RequestRefused e, RoutingContext routing) {
        return problemPage(routing, e.code(), e.getMessage());
    }

    private Response problemPage(RoutingContext routing, ProblemCode code, String detail) {
        return Response.status(code.status()).type(MediaType.TEXT_HTML_TYPE).entity(ConsoleTemplates.problem(
                frames.anonymous(routing, code.title()), code.status(), code.title(), detail)).build();
    }

    /** The newest failures and time-outs among the last {@link #FAILURE_WINDOW} events, newest first. */
    private List<ChangeEvent> latestFailures(long head) {
        long after = Math.max(0, head - FAILURE_WINDOW);
        List<ChangeEvent> found;
        try {
            found = feed.readNow(new EventQuery(after, FAILURE_WINDOW, FAILURE_TYPES, null)).items();
        } catch (EventsExpiredException e) {
            found = feed.readNow(new EventQuery(e.prunedThrough(), FAILURE_WINDOW, FAILURE_TYPES, null)).items();
        }
        List<ChangeEvent> newest = new ArrayList<>(found.subList(Math.max(0, found.size() - FAILURES_SHOWN),
                found.size()));
        Collections.reverse(newest);
        return newest;
    }

    /** Every endpoint with its delivery counts, and up to {@code troubled} of its failed and dead deliveries. */
    private List<ConsoleViews.Endpoint> endpoints(int troubled) {
        List<ConsoleViews.Endpoint> endpoints = new ArrayList<>();
        for (WebhookEndpoint endpoint : webhooks.endpoints()) {
            Map<DeliveryStatus, Long> counts = webhooks.counts(endpoint.id());
            List<WebhookDelivery> shown = troubled == 0 ? List.of() : Stream.of(DeliveryStatus.DEAD,
                    DeliveryStatus.FAILED).flatMap(s -> webhooks.deliveries(endpoint.id(), s, 0, troubled).stream())
                    .limit(troubled).toList();
            endpoints.add(new ConsoleViews.Endpoint(endpoint, counts.getOrDefault(DeliveryStatus.PENDING, 0L),
                    counts.getOrDefault(DeliveryStatus.FAILED, 0L), counts.getOrDefault(DeliveryStatus.DEAD, 0L),
                    counts.getOrDefault(DeliveryStatus.DELIVERED, 0L), shown));
        }
        return endpoints;
    }

    /** The overview and the stuck list show every solver's settlements: not for a caller limited to its own. */
    private void requireAllSettlements(String what) {
        String only = caller.onlySolver();
        if (only != null) {
            throw new RequestRefused(ProblemCode.FORBIDDEN, what + " shows every solver's settlements; solver '"
                    + only + "' may open its own from Settlements");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
