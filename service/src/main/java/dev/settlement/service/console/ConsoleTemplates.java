package dev.settlement.service.console;

import dev.settlement.api.Settlement;
import dev.settlement.api.StateTransition;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The console's pages (src/main/resources/templates/console), checked against these parameters at build time. */
@CheckedTemplate(basePath = "console")
final class ConsoleTemplates {
    private ConsoleTemplates() {
    }

    static native TemplateInstance overview(Frame frame, ConsoleViews.Overview overview);

    static native TemplateInstance settlements(Frame frame, ConsoleViews.Listing listing);

    static native TemplateInstance settlement(Frame frame, Settlement settlement, List<StateTransition> history);

    static native TemplateInstance stuck(Frame frame, ConsoleViews.Stuck stuck);

    static native TemplateInstance webhooks(Frame frame, List<ConsoleViews.Endpoint> endpoints);

    static native TemplateInstance login(Frame frame, String error);

    static native TemplateInstance problem(Frame frame, int status, String title, String detail);

    static native TemplateInstance recovered(int examined, int timedOut);

    static native TemplateInstance bulkFailed(ConsoleViews.BulkResult result);
}
