package dev.settlement.api.feed;

import dev.settlement.api.ErrorCode;
import dev.settlement.api.SettlementException;

/** {@link ErrorCode#EVENTS_EXPIRED}, with where the kept events begin: after {@link #prunedThrough()}. */
public final class EventsExpiredException extends SettlementException {
    private final long prunedThrough;

    public EventsExpiredException(long after, long prunedThrough) {
        super(ErrorCode.EVENTS_EXPIRED, "Events after " + after + " are no longer kept: the feed was pruned through"
                + " sequence " + prunedThrough + "; resynchronise from the lists, then read from after=" + prunedThrough);
        this.prunedThrough = prunedThrough;
    }

    /** The highest sequence retention removed: reading from {@code after} = this misses nothing still kept. */
    public long prunedThrough() {
        return prunedThrough;
    }
}
