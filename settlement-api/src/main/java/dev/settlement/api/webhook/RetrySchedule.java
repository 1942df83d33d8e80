package dev.settlement.api.webhook;

import java.time.Duration;
import java.util.List;

/**
 * When a failed delivery is tried again: the n-th failure waits the n-th delay of {@code delays} (the last one
 * repeats), until {@code maxAttempts} attempts have failed and the delivery is DEAD.
 */
public record RetrySchedule(List<Duration> delays, int maxAttempts) {
    /** About 5 s, 30 s, 2 min, 10 min, 1 h, then every 6 h; 12 attempts. */
    public static final RetrySchedule STANDARD = new RetrySchedule(List.of(Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1),
            Duration.ofHours(6)), 12);

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty() || maxAttempts < 1) {
            throw new IllegalArgumentException("a retry schedule needs a delay and at least one attempt");
        }
    }

    /** Seconds to wait after the {@code attempts}-th attempt failed. */
    public long delayAfter(int attempts) {
        return delays.get(Math.min(attempts, delays.size()) - 1).toSeconds();
    }
}
