package dev.settlement.store.sqlite;

import io.smallrye.config.ConfigMapping;

/** The {@code settlement.sqlite.*} keys of the public contract. */
@ConfigMapping(prefix = "settlement.sqlite")
public interface SqliteConfig {
    /** The SQLite file; created with its schema on first start (default in this jar's microprofile-config). */
    String path();
}
