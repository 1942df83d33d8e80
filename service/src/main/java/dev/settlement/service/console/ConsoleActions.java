package dev.settlement.service.console;

import dev.settlement.api.RecoveryReport;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementManager;
import dev.settlement.service.auth.Caller;
import dev.settlement.service.rest.Requests;
import dev.settlement.service.webhook.Webhooks;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What operators do from the console, through the same {@link SettlementManager} and {@link Webhooks} as the REST
 * API, recording the signed-in operator as actor. Only operators reach these (HTTP permissions, as for the API's
 * changes), and only with the page's request token ({@link ConsoleGuard}). A change applies to the version the page
 * showed: if the settlement moved on since, nothing changes and the operator is told to look again.
 */
@ConsoleRequest
@Path(ConsolePaths.ROOT)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.TEXT_HTML)
public class ConsoleActions {
    /** The most settlements one bulk action may fail: one page of the stuck list. */
    static final int BULK_MAX = ConsolePages.PAGE;
    static final String RELOAD = "HX-Refresh";
    /** The htmx event a page's lists reload on (stuck.html). */
    static final String CHANGED = "console-changed";

    private final SettlementManager manager;
    private final Webhooks webhooks;
    private final Caller caller;

    public ConsoleActions(SettlementManager manager, Webhooks webhooks, Caller caller) {
        this.manager = manager;
        this.webhooks = webhooks;
        this.caller = caller;
    }

    /** Fails one settlement at the version its page showed; the page then reloads with the new status. */
    @POST
    @Path("settlements/{id}/fail")
    public Response fail(@PathParam("id") String id, @FormParam("reason") String reason,
                         @FormParam("version") String version) {
        manager.fail(id, reason, requiredVersion(version), caller.actor());
        return Response.noContent().header(RELOAD, "true").build();
    }

    /** Runs recovery now, as POST /recovery/run does; answers with what it did. */
    @POST
    @Path("recovery")
    public Response recover() {
        RecoveryReport report = manager.recover(caller.actor());
        return changed(ConsoleTemplates.recovered(report.examined(), report.timedOut()));
    }

    /**
     * Fails each selected stuck settlement ({@code id@version}, as the list showed it) with one reason. Each is its own
     * change: one that moved on or ended meanwhile is skipped with the reason, the others still fail.
     */
    @POST
    @Path("stuck/fail")
    public Response failSelected(@FormParam("selected") List<String> selected,
                                         @FormParam("reason") String reason) {
        if (selected == null || selected.isEmpty()) {
            throw Requests.invalid("selected", "select at least one settlement");
        }
        if (selected.size() > BULK_MAX) {
            throw Requests.invalid("selected", "at most " + BULK_MAX + " settlements at once");
        }
        Map<String, Long> versions = new LinkedHashMap<>();
        for (String item : selected) {
            int at = item.lastIndexOf('@');
            versions.put(at < 0 ? item : item.substring(0, at), at < 0 ? null : requiredVersion(item.substring(at + 1)));
        }
        Map<String, SettlementException> refused = manager.failEach(versions, reason, caller.actor());
        List<ConsoleViews.Skipped> skipped = refused.entrySet().stream()
                .map(e -> new ConsoleViews.Skipped(e.getKey(), e.getValue().getMessage())).toList();
        int failed = versions.size() - skipped.size();
        return changed(ConsoleTemplates.bulkFailed(new ConsoleViews.BulkResult(failed, skipped)));
    }

    @POST
    @Path("webhooks/{id}/deliveries/{eventSequence}/retry")
    public Response retry(@PathParam("id") String id, @PathParam("eventSequence") String eventSequence) {
        Long sequence = Requests.sequence("eventSequence", eventSequence);
        if (sequence == null) {
            throw Requests.invalid("eventSequence", "is required");
        }
        webhooks.retry(id, sequence);
        return Response.noContent().header(RELOAD, "true").build();
    }

    /** The result, and an htmx event on which the page's lists load again. */
    private static Response changed(TemplateInstance result) {
        return Response.ok(result).header("HX-Trigger", CHANGED).build();
    }

    private static long requiredVersion(String version) {
        try {
            long parsed = Long.parseLong(version == null ? "" : version);
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw SettlementException.invalidFields(Map.of("version", "must be the version the page showed (>= 1)"));
    }
}
