package dev.settlement.api;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand; thread-safe. */
public final class MutableClock extends Clock {
    private final AtomicLong epochSecond;

    public MutableClock(long epochSecond) {
        this.epochSecond = new AtomicLong(epochSecond);
    }

    public void advance(long seconds) {
        epochSecond.addAndGet(seconds);
    }

    public long now() {
        return epochSecond.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochSecond(epochSecond.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
