package dev.settlement.service.rest;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/intents")
@Tag(name = "settlements")
@SecurityRequirement(name = OpenApiText.BEARER)
@Produces(MediaType.APPLICATION_JSON)
public class IntentResource {
    private final SettlementManager manager;

    public IntentResource(SettlementManager manager) {
        this.manager = manager;
    }

    /** The newest settlement of an intent: its active one if any, else the latest created. */
    @GET
    @Path("{intentId}/settlement")
    @Operation(operationId = "getNewestSettlementOfIntent", summary = "The newest settlement of an intent",
            description = "Its active settlement if it has one, else the latest created. " + OpenApiText.READERS)
    @APIResponse(responseCode = "200", description = "The settlement")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Settlement newest(@Parameter(ref = "IntentId") @PathParam("intentId") String intentId) {
        return manager.newestOfIntent(intentId);
    }
}
