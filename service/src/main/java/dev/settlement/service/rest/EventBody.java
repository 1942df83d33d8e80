package dev.settlement.service.rest;

import dev.settlement.api.FieldRules;
import dev.settlement.api.Settlement;
import dev.settlement.api.StateTransition;
import dev.settlement.api.feed.ChangeEvent;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An event of the change feed as JSON (API.md, "Events"): the body of the feed's items and of every webhook. */
@Schema(name = "FeedEvent", description = "One change: a settlement's creation or one of its transitions.")
public record EventBody(
        @Schema(required = true, minimum = "1", description = "Increasing in the order changes became visible; "
                + "numbers may be skipped, never reused") long sequence,
        @Schema(required = true, examples = "settlement.user_locked", enumeration = {"settlement.created",
                "settlement.user_locked", "settlement.solver_locked", "settlement.executing", "settlement.complete",
                "settlement.failed", "settlement.timed_out"}) String type,
        @Schema(required = true, minimum = "0", description = "Unix epoch seconds of the change") long time,
        @Schema(required = true, pattern = FieldRules.IDENTIFIER) String settlementId,
        @Schema(required = true, pattern = FieldRules.IDENTIFIER) String intentId,
        @Schema(required = true, nullable = true, pattern = FieldRules.TOKEN) String solverId,
        @Schema(required = true, nullable = true, description = "The transition of the history; null for "
                + "settlement.created") StateTransition transition,
        @Schema(required = true, description = "The whole record after the change") Settlement settlement) {

    public static EventBody of(ChangeEvent e) {
        return new EventBody(e.sequence(), e.type(), e.time(), e.settlementId(), e.intentId(), e.solverId(),
                e.transition(), e.settlement());
    }

    @Schema(name = "FeedEventPage", description = "Events in sequence order, and where to continue.")
    public record Page(@Schema(required = true) List<EventBody> items,
                       @Schema(required = true, minimum = "0", description = "The sequence of the last item (or the "
                               + "request's after when there is none): pass it back as after") long nextAfter) {
    }
}
