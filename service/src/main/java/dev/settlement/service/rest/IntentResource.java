package dev.settlement.service.rest;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/intents")
@Produces(MediaType.APPLICATION_JSON)
public class IntentResource {
    private final SettlementManager manager;

    public IntentResource(SettlementManager manager) {
        this.manager = manager;
    }

    /** The newest settlement of an intent: its active one if any, else the latest created. */
    @GET
    @Path("{intentId}/settlement")
    public Settlement newest(@PathParam("intentId") String intentId) {
        return manager.newestOfIntent(intentId);
    }
}
