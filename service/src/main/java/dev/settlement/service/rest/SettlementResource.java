package dev.settlement.service.rest;

import dev.settlement.api.FieldRules;
import dev.settlement.api.PageCursor;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementManager;
import dev.settlement.api.SettlementStatus;
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
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The settlements of API.md: create, read, history, lists, stuck, and the three ways to change status. Changes check
 * that the caller may change that solver's settlements (an unknown id stays 404), then record the caller as actor.
 * The OpenAPI annotations name each operation and list every status it answers; the shared error responses, headers
 * and the bearer scheme are in META-INF/openapi.yaml.
 */
@Path("/settlements")
@Tag(name = "settlements")
@SecurityRequirement(name = OpenApiText.BEARER)
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
    @Operation(operationId = "createSettlement", summary = "Start a settlement",
            description = "Creates a PENDING settlement at version 1. " + OpenApiText.CHANGERS)
    @APIResponse(responseCode = "201", description = "Created", headers = {
            @Header(name = "Location", ref = "Location"), @Header(name = "ETag", ref = "ETag")},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Settlement.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "409", ref = "CreateConflict")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "429", ref = "TooManyRequests")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public RestResponse<Settlement> create(@RequestBody(required = true) Json.CreateSettlement body) {
        caller.requireMayChange(Requests.body(body)::solverId);
        Settlement created = manager.create(body.toDomain());
        return withETag(RestResponse.ResponseBuilder.created(URI.create("/settlements/" + created.id())), created);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getSettlement", summary = "Read a settlement",
            description = "The record, with its version as ETag. " + OpenApiText.READERS)
    @APIResponse(responseCode = "200", description = "The settlement", headers = @Header(name = "ETag", ref = "ETag"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Settlement.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public RestResponse<Settlement> get(@Parameter(ref = "SettlementId") @PathParam("id") String id) {
        return withETag(RestResponse.ResponseBuilder.ok(), manager.get(id));
    }

    @GET
    @Path("{id}/history")
    @Operation(operationId = "getSettlementHistory", summary = "A settlement's transitions",
            description = "Every status change, in sequence order; empty for a new settlement. " + OpenApiText.READERS)
    @APIResponse(responseCode = "200", description = "Its transitions in sequence order")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public List<StateTransition> history(@Parameter(ref = "SettlementId") @PathParam("id") String id) {
        return manager.history(id);
    }

    @GET
    @Operation(operationId = "listSettlements", summary = "List settlements",
            description = "Filters combine with AND; ordered by createdAt, then id; paged with nextCursor, with no "
                    + "duplicates or gaps even while records change status. " + OpenApiText.READERS)
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Json.PageBody list(
            @Parameter(description = "Only this status", schema = @Schema(implementation = SettlementStatus.class))
            @QueryParam("status") String status,
            @Parameter(description = "Only this solver's", schema = @Schema(type = SchemaType.STRING,
                    pattern = FieldRules.TOKEN)) @QueryParam("solverId") String solverId,
            @Parameter(description = "Only this intent's", schema = @Schema(type = SchemaType.STRING,
                    pattern = FieldRules.IDENTIFIER)) @QueryParam("intentId") String intentId,
            @Parameter(description = "Only this user's", schema = @Schema(type = SchemaType.STRING,
                    pattern = FieldRules.LONG_TOKEN)) @QueryParam("userAddress") String userAddress,
            @Parameter(ref = "Limit") @QueryParam("limit") String limit,
            @Parameter(ref = "Cursor") @QueryParam("cursor") String cursor) {
        return Json.PageBody.of(manager.list(Requests.status(status), solverId, intentId, userAddress,
                Requests.integer("limit", limit), cursor), PageCursor.Order.CREATION);
    }

    @GET
    @Path("stuck")
    @Operation(operationId = "listStuckSettlements", summary = "List stuck settlements",
            description = "Non-terminal settlements whose expiresAt is before `before`; ordered by expiresAt, then id; "
                    + "paged with nextCursor. " + OpenApiText.READERS)
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Json.PageBody stuck(
            @Parameter(description = "Unix epoch seconds; defaults to now - settlement.stuck-threshold-secs",
                    schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0",
                            maximum = FieldRules.MAX_EPOCH_SECONDS)) @QueryParam("before") String before,
            @Parameter(ref = "Limit") @QueryParam("limit") String limit,
            @Parameter(ref = "Cursor") @QueryParam("cursor") String cursor) {
        return Json.PageBody.of(manager.findStuck(Requests.epochSeconds("before", before),
                Requests.integer("limit", limit), cursor), PageCursor.Order.EXPIRY);
    }

    @POST
    @Path("{id}/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "sendSettlementEvent", summary = "Apply an on-chain event",
            description = "Moves the settlement one step along. " + OpenApiText.REPLAY + " " + OpenApiText.CHANGERS)
    @APIResponse(responseCode = "200", ref = "Changed")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "TransitionConflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public RestResponse<Settlement> event(@Parameter(ref = "SettlementId") @PathParam("id") String id,
                          @Parameter(ref = "IfMatch") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                          @RequestBody(required = true) Json.Event body) {
        caller.requireMayChange(() -> manager.get(id).solverId());
        return withETag(RestResponse.ResponseBuilder.ok(),
                manager.advance(id, Requests.body(body).toDomain(), Requests.ifMatch(ifMatch), caller.actor()));
    }

    @POST
    @Path("{id}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "completeSettlement", summary = "Record the outcome",
            description = "SUCCESS (EXECUTING -> COMPLETE), FAILURE (-> FAILED) or TIMEOUT (-> TIMED_OUT). "
                    + OpenApiText.REPLAY + " " + OpenApiText.CHANGERS)
    @APIResponse(responseCode = "200", ref = "Changed")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "TransitionConflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public RestResponse<Settlement> complete(@Parameter(ref = "SettlementId") @PathParam("id") String id,
                             @Parameter(ref = "IfMatch") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                             @RequestBody(required = true) Json.Outcome body) {
        caller.requireMayChange(() -> manager.get(id).solverId());
        return withETag(RestResponse.ResponseBuilder.ok(),
                manager.complete(id, Requests.body(body).toDomain(), Requests.ifMatch(ifMatch), caller.actor()));
    }

    @POST
    @Path("{id}/fail")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "failSettlement", summary = "Give up on a settlement",
            description = "Any non-terminal status -> FAILED, with the reason. " + OpenApiText.REPLAY + " "
                    + OpenApiText.CHANGERS)
    @APIResponse(responseCode = "200", ref = "Changed")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "TransitionConflict")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public RestResponse<Settlement> fail(@Parameter(ref = "SettlementId") @PathParam("id") String id,
                         @Parameter(ref = "IfMatch") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                         @RequestBody(required = true) Json.Fail body) {
        caller.requireMayChange(() -> manager.get(id).solverId());
        return withETag(RestResponse.ResponseBuilder.ok(),
                manager.fail(id, Requests.body(body).reason(), Requests.ifMatch(ifMatch), caller.actor()));
    }

    /**
     * The record with its version as ETag. Typed (not a plain {@code Response}), so the REST layer picks the JSON
     * writer once, at build time, rather than looking it up for each answer.
     */
    private static RestResponse<Settlement> withETag(RestResponse.ResponseBuilder<Settlement> response,
                                                     Settlement settlement) {
        return response.header(HttpHeaders.ETAG, "\"" + settlement.version() + "\"").entity(settlement).build();
    }
}
