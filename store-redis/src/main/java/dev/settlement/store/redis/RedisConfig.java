package dev.settlement.store.redis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** The {@code settlement.redis.*} keys; their defaults are in this jar's META-INF/microprofile-config.properties. */
@ConfigMapping(prefix = "settlement.redis")
public interface RedisConfig {
    /** Where Redis is, e.g. {@code redis://localhost:6379}. */
    String url();

    /** Every key of a deployment starts with {@code {<prefix>}}: one Redis Cluster slot per prefix. */
    @WithName("key-prefix")
    String keyPrefix();
}
