package dev.settlement.service.rest;

import dev.settlement.api.PageCursor;
import dev.settlement.api.webhook.DeliveryStatus;
import dev.settlement.api.webhook.WebhookDelivery;
import dev.settlement.api.webhook.WebhookEndpoint;
import dev.settlement.service.webhook.Webhooks;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Webhook endpoints and their deliveries (API.md, "Webhooks"); operators only when authentication is on. */
@Path("/webhooks")
@Tag(name = "webhooks")
@SecurityRequirement(name = OpenApiText.BEARER)
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {
    private final Webhooks webhooks;

    public WebhookResource(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createWebhook", summary = "Register a webhook endpoint",
            description = "It receives the matching events from now on, signed with its secret (shown only in this "
                    + "answer). " + OpenApiText.OPERATORS)
    @APIResponse(responseCode = "201", description = "Registered", headers = @org.eclipse.microprofile.openapi
            .annotations.headers.Header(name = "Location", ref = "Location"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookJson.Endpoint.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response create(@RequestBody(required = true) WebhookJson.Create body) {
        WebhookJson.Create request = Requests.body(body);
        WebhookEndpoint created = webhooks.create(request.url(), request.types(), request.solverId(),
                request.description());
        return Response.created(URI.create("/webhooks/" + created.id()))
                .entity(WebhookJson.Endpoint.of(created, true, null)).build();
    }

    @GET
    @Operation(operationId = "listWebhooks", summary = "List webhook endpoints",
            description = "In creation order, paged with nextCursor. " + OpenApiText.OPERATORS)
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public WebhookJson.EndpointPage list(@Parameter(ref = "Limit") @QueryParam("limit") String limit,
                                         @Parameter(ref = "Cursor") @QueryParam("cursor") String cursor) {
        int size = Requests.limit(limit);
        PageCursor after = PageCursor.decode(cursor, PageCursor.Order.WEBHOOK);
        // endpoints are few (one per consumer): the store gives them all, in the keyset order the cursor follows
        List<WebhookEndpoint> rows = webhooks.endpoints().stream()
                .filter(e -> after == null || after.isBefore(e.createdAt(), e.id()))
                .limit(size + 1L).toList();
        List<WebhookEndpoint> page = rows.subList(0, Math.min(size, rows.size()));
        String next = rows.size() > size ? new PageCursor(page.get(size - 1).createdAt(), page.get(size - 1).id())
                .encode(PageCursor.Order.WEBHOOK) : null;
        return new WebhookJson.EndpointPage(page.stream().map(e -> WebhookJson.Endpoint.of(e, false, null)).toList(),
                next);
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getWebhook", summary = "Read a webhook endpoint",
            description = "With its deliveries counted by status. " + OpenApiText.OPERATORS)
    @APIResponse(responseCode = "200", description = "The endpoint",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookJson.Endpoint.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public WebhookJson.Endpoint get(@Parameter(ref = "WebhookId") @PathParam("id") String id) {
        return WebhookJson.Endpoint.of(webhooks.endpoint(id), false, webhooks.counts(id));
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook endpoint",
            description = "Nothing more is sent to it; its deliveries are removed. " + OpenApiText.OPERATORS)
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response delete(@Parameter(ref = "WebhookId") @PathParam("id") String id) {
        webhooks.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "List an endpoint's deliveries",
            description = "In event order, paged with nextCursor. " + OpenApiText.OPERATORS)
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public WebhookJson.DeliveryPage deliveries(
            @Parameter(ref = "WebhookId") @PathParam("id") String id,
            @Parameter(description = "Only this status", schema = @Schema(implementation = DeliveryStatus.class))
            @QueryParam("status") String status,
            @Parameter(ref = "Limit") @QueryParam("limit") String limit,
            @Parameter(ref = "Cursor") @QueryParam("cursor") String cursor) {
        int size = Requests.limit(limit);
        PageCursor after = PageCursor.decode(cursor, PageCursor.Order.DELIVERY);
        List<WebhookDelivery> rows = webhooks.deliveries(id, deliveryStatus(status), after == null ? 0 : after.key(),
                size + 1);
        List<WebhookDelivery> page = rows.subList(0, Math.min(size, rows.size()));
        String next = rows.size() > size ? new PageCursor(page.get(size - 1).eventSequence(), id)
                .encode(PageCursor.Order.DELIVERY) : null;
        return new WebhookJson.DeliveryPage(page.stream().map(WebhookJson.Delivery::of).toList(), next);
    }

    @POST
    @Path("{id}/deliveries/{eventSequence}/retry")
    @Operation(operationId = "retryWebhookDelivery", summary = "Send a delivery again now",
            description = "A DEAD or FAILED delivery (or any other) is tried again at once, with one more attempt. "
                    + OpenApiText.OPERATORS)
    @APIResponse(responseCode = "202", description = "Due now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookJson.Delivery.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response retry(@Parameter(ref = "WebhookId") @PathParam("id") String id,
                          @Parameter(description = "The event's sequence", schema = @Schema(type = SchemaType.INTEGER,
                                  minimum = "1")) @PathParam("eventSequence") String eventSequence) {
        WebhookDelivery retried = webhooks.retry(id, sequence(eventSequence, "eventSequence"));
        return Response.accepted(WebhookJson.Delivery.of(retried)).build();
    }

    private static long sequence(String value, String field) {
        Long sequence = Requests.sequence(field, value);
        if (sequence == null) {
            throw Requests.invalid(field, "is required");
        }
        return sequence;
    }

    private static DeliveryStatus deliveryStatus(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return DeliveryStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw Requests.invalid("status", "must be one of " + Arrays.toString(DeliveryStatus.values()));
        }
    }
}
