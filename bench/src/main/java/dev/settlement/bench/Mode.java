package dev.settlement.bench;

import java.time.Duration;
import java.util.List;

/**
 * How much to measure. Quick mode is sized to finish, build included, in under ten minutes on two cores; full mode
 * runs longer, more often, and adds the 1M-row data sets.
 */
enum Mode {
    QUICK(new StoreBench.Settings(3, Duration.ofMillis(800), Duration.ofMillis(1000), 200_000, List.of(1, 2, 8, 32)),
            new HttpBench.Settings(3, 3, 8, Duration.ofSeconds(2), Duration.ofSeconds(2), 100_000, List.of(8, 32)),
            List.of(10_000L, 100_000L), 30),
    FULL(new StoreBench.Settings(5, Duration.ofSeconds(3), Duration.ofSeconds(5), 2_000_000, List.of(1, 2, 8, 32)),
            new HttpBench.Settings(5, 5, 8, Duration.ofSeconds(5), Duration.ofSeconds(10), 1_000_000, List.of(8, 32)),
            List.of(10_000L, 100_000L, 1_000_000L), 100);

    final StoreBench.Settings store;
    final HttpBench.Settings http;
    /**
     * Row counts of the query-scaling data sets. Quick mode stops at 100k: a 1M bulk load takes one to two minutes per
     * backend on two cores, which the ten-minute budget cannot hold three times.
     */
    final List<Long> sizes;
    final int queryRepetitions;

    Mode(StoreBench.Settings store, HttpBench.Settings http, List<Long> sizes, int queryRepetitions) {
        this.store = store;
        this.http = http;
        this.sizes = sizes;
        this.queryRepetitions = queryRepetitions;
    }
}
