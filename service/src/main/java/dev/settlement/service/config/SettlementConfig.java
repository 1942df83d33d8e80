package dev.settlement.service.config;

import dev.settlement.api.SettlementPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code settlement.*} keys of the public contract (API.md, "Configuration"), typed, in one place. */
@ConfigMapping(prefix = "settlement")
public interface SettlementConfig {

    /**
     * Which backend holds the settlements: the name of an installed StoreBackend (sqlite, postgres, redis, composite,
     * memory). Never empty: {@link BackendActivation} settles it, with the default backend when nothing is configured.
     */
    String store();

    /** Expiry of a new settlement whose request gives none, in seconds after creation. */
    @WithName("default-timeout-secs")
    @WithDefault("1800")
    long defaultTimeoutSecs();

    /** Active settlements one solver may hold at once. */
    @WithName("max-concurrent-per-solver")
    @WithDefault("10")
    int maxConcurrentPerSolver();

    /** Grace after expiry before a settlement counts as stuck, in seconds. */
    @WithName("stuck-threshold-secs")
    @WithDefault("3600")
    long stuckThresholdSecs();

    AutoRecovery autoRecovery();

    Recovery recovery();

    Migrate migrate();

    /** Set by the migrate command for its own process, never by hand (see BackendActivation#MIGRATE_FROM). */
    interface Migrate {
        /** The backend a migration reads from; its datasources are switched on beside settlement.store's. */
        Optional<String> from();

        /**
         * The migration source's PostgreSQL and Redis where they differ from settlement.postgres.* and
         * settlement.redis.* (the migrate command's --from-postgres-url, … options set these keys).
         */
        Location source();

        /** The same for the migration's target (--to-postgres-url, …). */
        Location target();
    }

    /** One side's locations; each key left unset falls back to the backend's own key. */
    interface Location {
        Postgres postgres();

        Redis redis();

        interface Postgres {
            Optional<String> url();

            Optional<String> username();

            /** Never on the command line: as a key or environment variable only. */
            Optional<String> password();
        }

        interface Redis {
            Optional<String> url();

            @WithName("key-prefix")
            Optional<String> keyPrefix();
        }
    }

    Auth auth();

    Events events();

    Webhooks webhooks();

    interface Events {
        /** Events older than this may be removed; reading from before them is 410 EVENTS_EXPIRED. */
        @WithDefault("30d")
        Duration retention();

        /** How often the removal runs. */
        @WithName("prune-interval")
        @WithDefault("10m")
        Duration pruneInterval();
    }

    interface Webhooks {
        /** Let endpoints point at loopback, link-local and private addresses (a test or an internal network). */
        @WithName("allow-private-targets")
        @WithDefault("false")
        boolean allowPrivateTargets();

        /** Attempts before a delivery is DEAD. */
        @WithName("max-attempts")
        @WithDefault("12")
        int maxAttempts();

        /** The wait after the 1st, 2nd, … failed attempt; the last one repeats. */
        @WithName("retry-delays")
        @WithDefault("5s,30s,2m,10m,1h,6h")
        List<Duration> retryDelays();

        /** How often new events are turned into deliveries and due deliveries are sent. */
        @WithName("poll-interval")
        @WithDefault("1s")
        Duration pollInterval();

        /** How long a receiver has to answer 2xx before the attempt counts as failed. */
        @WithDefault("10s")
        Duration timeout();

        /** Deliveries sent at once by one instance. */
        @WithDefault("4")
        int senders();
    }

    interface AutoRecovery {
        /** Run recovery on a schedule. */
        @WithDefault("true")
        boolean enabled();
    }

    interface Recovery {
        /** How often the scheduled recovery runs. */
        @WithDefault("60s")
        Duration interval();
    }

    interface Auth {
        /**
         * Require a bearer JWT on every endpoint but health (roles from its {@code groups} claim). Off, the service
         * listens on 127.0.0.1 only unless quarkus.http.host says otherwise, and records every change as anonymous.
         */
        @WithDefault("false")
        boolean enabled();
    }

    default SettlementPolicy policy() {
        return new SettlementPolicy(defaultTimeoutSecs(), maxConcurrentPerSolver(), stuckThresholdSecs());
    }
}
