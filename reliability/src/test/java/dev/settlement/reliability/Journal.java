package dev.settlement.reliability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every write the service acknowledged (a 2xx answer): per settlement the highest version it answered and the status
 * at that version. What is in here must be in the store afterwards, whatever happened in between.
 */
final class Journal {
    record Ack(long version, String status) {
    }

    private final Map<String, Ack> acks = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();

    void acknowledged(String id, long version, String status) {
        writes.incrementAndGet();
        acks.merge(id, new Ack(version, status), (old, now) -> now.version() >= old.version() ? now : old);
    }

    /** Waits until {@code count} writes are acknowledged in all; false if that takes longer than {@code bound}. */
    boolean awaitWrites(long count, java.time.Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (writes.get() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    Map<String, Ack> acks() {
        return Map.copyOf(acks);
    }

    /** Acknowledged writes (creations and status changes, replays excluded). */
    long writes() {
        return writes.get();
    }
}
