package dev.settlement.service.rest;

import dev.settlement.api.PageCursor;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.StateTransition;
import dev.settlement.service.auth.Caller;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** The settlements of API.md: create, read, history, lists, stuck, and the three ways to change status. */
@Path("/settlements")
@Produces(MediaType.APPLICATION_JSON)
public class SettlementResource {
    private final SettlementManager manager;
    private final Caller caller;

    public SettlementResource(SettlementManager manager, Caller caller) {
        this.manager = manager;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Json.CreateSettlement body) {
        Settlement created = manager.create(Requests.body(body).toDomain());
        return withETag(Response.created(URI.create("/settlements/" + created.id())), created);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return withETag(Response.ok(), manager.get(id));
    }

    @GET
    @Path("{id}/history")
    public List<StateTransition> history(@PathParam("id") String id) {
        return manager.history(id);
    }

    @GET
    public Json.PageBody list(@QueryParam("status") String status, @QueryParam("solverId") String solverId,
                              @QueryParam("intentId") String intentId, @QueryParam("userAddress") String userAddress,
                              @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return Json.PageBody.of(manager.list(Requests.status(status), solverId, intentId, userAddress,
                Requests.integer("limit", limit), cursor), PageCursor.Order.CREATION);
    }

    @GET
    @Path("stuck")
    public Json.PageBody stuck(@QueryParam("before") String before, @QueryParam("limit") String limit,
                               @QueryParam("cursor") String cursor) {
        return Json.PageBody.of(manager.findStuck(Requests.epochSeconds("before", before),
                Requests.integer("limit", limit), cursor), PageCursor.Order.EXPIRY);
    }

    @POST
    @Path("{id}/events")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response event(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                          Json.Event body) {
        return withETag(Response.ok(), manager.advance(id, Requests.body(body).toDomain(), Requests.ifMatch(ifMatch),
                caller.actor()));
    }

    @POST
    @Path("{id}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response complete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                             Json.Outcome body) {
        return withETag(Response.ok(), manager.complete(id, Requests.body(body).toDomain(), Requests.ifMatch(ifMatch),
                caller.actor()));
    }

    @POST
    @Path("{id}/fail")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response fail(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                         Json.Fail body) {
        return withETag(Response.ok(), manager.fail(id, Requests.body(body).reason(), Requests.ifMatch(ifMatch),
                caller.actor()));
    }

    private static Response withETag(Response.ResponseBuilder response, Settlement settlement) {
        return response.header(HttpHeaders.ETAG, "\"" + settlement.version() + "\"").entity(settlement).build();
    }
}
