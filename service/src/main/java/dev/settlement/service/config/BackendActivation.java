package dev.settlement.service.config;

import dev.settlement.api.StoreBackend;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Settles {@code settlement.store} and turns it into the Quarkus switches of the backends it needs, so one artifact
 * serves every backend and a user only ever sets {@code settlement.store} (or picks a profile of a backend's name).
 * Datasources, persistence units and Flyway of the other backends stay inactive and are never touched. The backends
 * are the installed {@link StoreBackend}s: this class names none.
 *
 * <p>{@code settlement.store} is, in this order: the value configured anywhere; the name of an active profile that
 * names a backend ({@code -Dquarkus.profile=postgres}); the default backend.
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
    private static final String STORE = "settlement.store";
    /**
     * The migrate command's own datasources, for a source or target on another database than the backend's
     * ({@code settlement.migrate.source|target.<datasource>.url}); off unless a migration names one.
     */
    private static final List<String> MIGRATION_DATASOURCES = List.of("migrate-source", "migrate-target");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<StoreBackend> installed = StoreBackend.installed();
        String store = store(context, installed);
        // an unknown value activates nothing; the store producer then fails naming the valid choices
        Set<String> active = new HashSet<>();
        ConfigValue migrateFrom = context.getValue(MIGRATE_FROM);
        if (migrateFrom != null && migrateFrom.getValue() != null) {
            // a side whose database is named apart (settlement.migrate.source|target.<datasource>.url) uses the
            // migrate command's datasource of that side instead of the backend's
            active.addAll(migrationSide(context, "target", datasources(installed, store)));
            active.addAll(migrationSide(context, "source", datasources(installed, migrateFrom.getValue())));
        } else {
            active.addAll(datasources(installed, store));
        }
        Map<String, String> switches = new HashMap<>();
        switches.put(STORE, store);
        Set<String> all = new HashSet<>(MIGRATION_DATASOURCES);
        installed.forEach(backend -> all.addAll(backend.datasources()));
        for (String ds : all) {
            String on = String.valueOf(active.contains(ds));
            switches.put("quarkus.datasource." + ds + ".active", on);
            switches.put("quarkus.hibernate-orm." + ds + ".active", on);
            switches.put("quarkus.flyway." + ds + ".active", on);
        }
        return List.of(new PropertiesConfigSource(switches, "settlement-backend-activation", ORDINAL));
    }

    private static String store(ConfigSourceContext context, List<StoreBackend> installed) {
        ConfigValue configured = context.getValue(STORE);
        // what the build recorded (this factory's own answer then, at ordinal 0) is no user's choice
        if (configured != null && configured.getValue() != null && configured.getConfigSourceOrdinal() > 0) {
            return configured.getValue();
        }
        for (String profile : profiles(context)) {
            if (installed.stream().anyMatch(b -> b.name().equals(profile))) {
                return profile;
            }
        }
        return StoreBackend.byDefault().name();
    }

    /** The active profiles; a factory may be asked before they are settled, so quarkus.profile is read too. */
    private static List<String> profiles(ConfigSourceContext context) {
        List<String> profiles = new ArrayList<>(context.getProfiles());
        ConfigValue configured = context.getValue("quarkus.profile");
        if (configured != null && configured.getValue() != null) {
            for (String profile : configured.getValue().split(",")) {
                profiles.add(profile.trim());
            }
        }
        return profiles;
    }

    private static Set<String> datasources(List<StoreBackend> installed, String name) {
        return installed.stream().filter(b -> b.name().equals(name)).findFirst()
                .map(StoreBackend::datasources).orElse(Set.of());
    }

    private static Set<String> migrationSide(ConfigSourceContext context, String side, Set<String> datasources) {
        Set<String> used = new HashSet<>(datasources);
        for (String ds : datasources) {
            ConfigValue url = context.getValue("settlement.migrate." + side + "." + ds + ".url");
            if (url != null && url.getValue() != null && !url.getValue().isBlank()) {
                used.remove(ds);
                used.add("migrate-" + side);
            }
        }
        return used;
    }
}
