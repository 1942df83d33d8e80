package dev.settlement.service.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns {@code settlement.store} into the Quarkus switches of the backends it needs, so one artifact serves every
 * backend and a user only ever sets {@code settlement.store} (or picks a profile that sets it). Datasources,
 * persistence units and Redis of the other backends stay inactive and are never touched.
 *
 * <p>During a migration ({@link #MIGRATE_FROM} set) the source's datasources are switched on as well.
 *
 * <p>Its ordinal sits just above application.properties: an explicit {@code quarkus.datasource.*.active} given as
 * an environment variable or system property still wins.
 */
public class BackendActivation implements ConfigSourceFactory {
    static final int ORDINAL = 260;
    /**
     * The source backend of a migration, set by the migrate command (the target is {@code settlement.store}): its
     * datasources are switched on too, so one process reaches both.
     */
    public static final String MIGRATE_FROM = "settlement.migrate.from";

    /** The JDBC datasources (and persistence units of the same name) each backend uses. */
    private static final Map<String, Set<String>> DATASOURCES = Map.of(
            "sqlite", Set.of("sqlite"),
            "postgres", Set.of("postgres"),
            "composite", Set.of("postgres"),
            "redis", Set.of(),
            "memory", Set.of());

    private static final List<String> ALL_DATASOURCES = List.of("sqlite", "postgres", "migrate-source", "migrate-target");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue configured = context.getValue("settlement.store");
        String store = configured == null || configured.getValue() == null ? "sqlite" : configured.getValue();
        // an unknown value activates nothing; the store producer then fails naming the valid choices
        ConfigValue migrateFrom = context.getValue(MIGRATE_FROM);
        Set<String> active = new java.util.HashSet<>();
        if (migrateFrom != null && migrateFrom.getValue() != null) {
            // a side whose PostgreSQL database is named apart (settlement.migrate.source|target.postgres.url) uses the
            // migrate command's datasource of that side instead of the postgres one
            active.addAll(migrationSide(context, "target", store));
            active.addAll(migrationSide(context, "source", migrateFrom.getValue()));
        } else {
            active.addAll(DATASOURCES.getOrDefault(store, Set.of()));
        }
        Map<String, String> switches = new java.util.HashMap<>();
        for (String ds : ALL_DATASOURCES) {
            String on = String.valueOf(active.contains(ds));
            switches.put("quarkus.datasource." + ds + ".active", on);
            switches.put("quarkus.hibernate-orm." + ds + ".active", on);
            switches.put("quarkus.flyway." + ds + ".active", on);
        }
        return List.of(new PropertiesConfigSource(switches, "settlement-backend-activation", ORDINAL));
    }

    private static Set<String> migrationSide(ConfigSourceContext context, String side, String backend) {
        Set<String> datasources = DATASOURCES.getOrDefault(backend, Set.of());
        ConfigValue url = context.getValue("settlement.migrate." + side + ".postgres.url");
        if (datasources.contains("postgres") && url != null && url.getValue() != null && !url.getValue().isBlank()) {
            Set<String> replaced = new java.util.HashSet<>(datasources);
            replaced.remove("postgres");
            replaced.add("migrate-" + side);
            return replaced;
        }
        return datasources;
    }

    /** The backends {@code settlement.store} accepts. */
    public static Set<String> backends() {
        return DATASOURCES.keySet();
    }
}
