package dev.settlement.service.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void progressOffATerminalIsALineEveryIntervalWithCountTotalRateAndTimeLeft() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong nanos = new AtomicLong();
        ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false,
                Duration.ofSeconds(5), nanos::get);

        progress.phase("copy", 3000, 0);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        progress.advanced(500); // within the interval: not shown
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        progress.advanced(1500);
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        progress.advanced(3000);
        progress.finished();

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "copy: 0 / 3,000 (0.0%), 0/s",
                "copy: 1,500 / 3,000 (50.0%), 300/s, 5s left",
                "copy: 3,000 / 3,000 (100.0%), 300/s",
                "copy: 3,000 / 3,000 (100.0%), 300/s");
    }
}
