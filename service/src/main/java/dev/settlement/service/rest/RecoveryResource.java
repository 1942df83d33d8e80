package dev.settlement.service.rest;

import dev.settlement.api.RecoveryReport;
import dev.settlement.api.SettlementManager;
import dev.settlement.service.auth.Caller;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/recovery")
@Produces(MediaType.APPLICATION_JSON)
public class RecoveryResource {
    private final SettlementManager manager;
    private final Caller caller;

    public RecoveryResource(SettlementManager manager, Caller caller) {
        this.manager = manager;
        this.caller = caller;
    }

    /** Times out every stuck settlement now, as the scheduled job does; the time-outs record who asked. */
    @POST
    @Path("run")
    public Json.RecoveryBody run() {
        RecoveryReport report = manager.recover(caller.actor());
        return new Json.RecoveryBody(report.examined(), report.timedOut());
    }
}
