package dev.settlement.service.rest;

import dev.settlement.api.RecoveryReport;
import dev.settlement.api.SettlementManager;
import dev.settlement.service.auth.Caller;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/recovery")
@Tag(name = "recovery")
@SecurityRequirement(name = OpenApiText.BEARER)
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
    @Operation(operationId = "runRecovery", summary = "Time out every stuck settlement now",
            description = "Marks every stuck settlement TIMED_OUT (its details name the expiry), as the scheduled job "
                    + "does. " + OpenApiText.OPERATORS)
    @APIResponse(responseCode = "200", description = "What the run did")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Json.RecoveryBody run() {
        RecoveryReport report = manager.recover(caller.actor());
        return new Json.RecoveryBody(report.examined(), report.timedOut());
    }
}
