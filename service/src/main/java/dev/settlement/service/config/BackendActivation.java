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

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<StoreBackend> installed = StoreBackend.installed();
        String store = store(context, installed);
        // an unknown value activates nothing; the store producer then fails naming the valid choices
        Set<String> active = new HashSet<>(datasources(installed, store));
        ConfigValue migrateFrom = context.getValue(MIGRATE_FROM);
        if (migrateFrom != null && migrateFrom.getValue() != null) {
            active.addAll(datasources(installed, migrateFrom.getValue()));
        }
        Map<String, String> switches = new HashMap<>();
        switches.put(STORE, store);
        for (StoreBackend backend : installed) {
            for (String ds : backend.datasources()) {
                String on = String.valueOf(active.contains(ds));
                switches.put("quarkus.datasource." + ds + ".active", on);
                switches.put("quarkus.hibernate-orm." + ds + ".active", on);
                switches.put("quarkus.flyway." + ds + ".active", on);
            }
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
}
