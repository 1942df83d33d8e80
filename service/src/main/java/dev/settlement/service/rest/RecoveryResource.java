package dev.settlement.service.rest;

import dev.settlement.api.RecoveryReport;
import dev.settlement.api.SettlementManager;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/recovery")
@Produces(MediaType.APPLICATION_JSON)
public class RecoveryResource {
    private final SettlementManager manager;

    public RecoveryResource(SettlementManager manager) {
        this.manager = manager;
    }

    /** Times out every stuck settlement now, as the scheduled job does. */
    @POST
    @Path("run")
    public Json.RecoveryBody run() {
        RecoveryReport report = manager.recover();
        return new Json.RecoveryBody(report.examined(), report.timedOut());
    }
}
