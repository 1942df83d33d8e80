package dev.settlement.store.sqlite;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The {@code settlement.sqlite.*} keys of the public contract. */
@ConfigMapping(prefix = "settlement.sqlite")
public interface SqliteConfig {
    /** The SQLite file; created with its schema on first start. */
    @WithDefault("./settlements.db")
    String path();
}
