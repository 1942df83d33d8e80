package dev.settlement.store.composite;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * The {@code settlement.composite.*} keys: how the archiver moves finished settlements from Redis to PostgreSQL.
 * Their defaults are in this jar's META-INF/microprofile-config.properties. Redis and PostgreSQL themselves are
 * configured by their own keys ({@code settlement.redis.*}, {@code settlement.postgres.*}).
 */
@ConfigMapping(prefix = "settlement.composite")
public interface CompositeConfig {
    /** How often each service instance runs the archiver (default 30s). */
    @WithName("archive-interval")
    Duration archiveInterval();

    /**
     * How long a settlement stays in Redis after it became terminal (its {@code updatedAt}) before the archiver moves
     * it to PostgreSQL (default 5m). A lower bound: a backlog or an outage only makes it stay longer.
     */
    @WithName("archive-after")
    Duration archiveAfter();

    /** Settlements moved per batch: one PostgreSQL transaction and one claim in Redis (default 500, 1 to 5000). */
    @WithName("archive-batch-size")
    int archiveBatchSize();

    /**
     * How long a batch an archiver claimed is kept from the other instances' archivers (default 5m). If that
     * archiver dies, its batch is taken over once this has passed; a batch taking longer is harmless (copying a
     * settlement twice changes nothing).
     */
    @WithName("archive-lease")
    Duration archiveLease();
}
