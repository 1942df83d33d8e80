package dev.settlement.api.feed;

import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementStatus;
import dev.settlement.api.StateTransition;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One entry of the change feed: a settlement's creation ({@code transition} null) or one of its transitions, with
 * the whole record after the change. A store writes it in the same atomic step as the change and gives it its
 * {@code sequence}; before that the sequence is 0.
 */
public record ChangeEvent(long sequence, long time, Settlement settlement, StateTransition transition) {
    public static final String CREATED = "settlement.created";

    /** Every type an event can have: {@link #CREATED} and {@code settlement.<status>} for each status a change reaches. */
    public static final Set<String> TYPES = Stream.concat(Stream.of(CREATED),
            Arrays.stream(SettlementStatus.values()).filter(s -> s != SettlementStatus.PENDING).map(ChangeEvent::typeOf))
            .collect(Collectors.toUnmodifiableSet());

    /** The event of a new settlement (not yet sequenced). */
    public static ChangeEvent created(Settlement settlement) {
        return new ChangeEvent(0, settlement.createdAt(), settlement, null);
    }

    /** The event of a status change, {@code after} being the record it left behind (not yet sequenced). */
    public static ChangeEvent transitioned(Settlement after, StateTransition transition) {
        return new ChangeEvent(0, transition.timestamp(), after, transition);
    }

    public ChangeEvent withSequence(long assigned) {
        return new ChangeEvent(assigned, time, settlement, transition);
    }

    /** {@code settlement.created}, or {@code settlement.} + the new status in lower case. */
    public String type() {
        return transition == null ? CREATED : typeOf(transition.toStatus());
    }

    public String settlementId() {
        return settlement.id();
    }

    public String intentId() {
        return settlement.intentId();
    }

    public String solverId() {
        return settlement.solverId();
    }

    public static String typeOf(SettlementStatus reached) {
        return "settlement." + reached.name().toLowerCase(Locale.ROOT);
    }
}
