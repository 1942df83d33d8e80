package dev.settlement.bench;

import java.time.Duration;
import java.util.List;

/**
 * How much to measure. Quick mode is sized to finish, build included, in under ten minutes on two cores; full mode
 * runs longer, more often, and adds the 1M-row data sets.
 */
enum Mode {
    QUICK(new StoreBench.Settings(3, Duration.ofMillis(800), Duration.ofMillis(1000), 200_000, List.of(1, 2, 8, 32)),
            new HttpBench.Settings(3, 3, 8, Duration.ofSeconds(2), Duration.ofSeconds(2), 100_000),
            List.of(10_000L, 100_000L), List.of(10_000L, 100_000L, 1_000_000L), 30),
    FULL(new StoreBench.Settings(5, Duration.ofSeconds(3), Duration.ofSeconds(5), 2_000_000, List.of(1, 2, 8, 32)),
            new HttpBench.Settings(5, 5, 8, Duration.ofSeconds(5), Duration.ofSeconds(10), 1_000_000),
            List.of(10_000L, 100_000L, 1_000_000L), List.of(10_000L, 100_000L, 1_000_000L), 100);

    final StoreBench.Settings store;
    final HttpBench.Settings http;
    /** Row counts of the query-scaling data set on Redis, whose bulk load is the slowest. */
    final List<Long> redisSizes;
    final List<Long> sqlSizes;
    final int queryRepetitions;

    Mode(StoreBench.Settings store, HttpBench.Settings http, List<Long> redisSizes, List<Long> sqlSizes,
         int queryRepetitions) {
        this.store = store;
        this.http = http;
        this.redisSizes = redisSizes;
        this.sqlSizes = sqlSizes;
        this.queryRepetitions = queryRepetitions;
    }

    List<Long> sizes(String backend) {
        return backend.equals("redis") ? redisSizes : sqlSizes;
    }
}
