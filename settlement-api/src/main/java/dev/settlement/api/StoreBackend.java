package dev.settlement.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the service must know of a backend before any bean exists: the name {@code settlement.store} gives it (also
 * the {@code @Identifier} of its store bean), the JDBC datasources it needs switched on, and whether it keeps what it
 * holds. Each store module registers one in {@code META-INF/services/dev.settlement.api.StoreBackend}, as Keycloak
 * registers its provider factories; the service finds them with {@link ServiceLoader}, so a new backend is a new
 * module and a dependency, and the service names none.
 */
public interface StoreBackend {

    /** The value of {@code settlement.store} (and of a config profile) that picks this backend. */
    String name();

    /**
     * The JDBC datasources this backend uses; the Hibernate persistence unit and the Flyway configuration of each
     * have the same name.
     */
    default Set<String> datasources() {
        return Set.of();
    }

    /** Whether what it holds survives a restart; a backend that does not is for development and tests only. */
    default boolean durable() {
        return true;
    }

    /** Whether it serves when {@code settlement.store} is not set; exactly one installed backend is. */
    default boolean isDefault() {
        return false;
    }

    /**
     * A store made without CDI, for a backend that has no bean; empty (the default) when the bean tagged
     * {@code @Identifier(name())} is the store.
     */
    default Optional<SettlementStore> standalone() {
        return Optional.empty();
    }

    /** Every backend on the class path, by name. */
    static List<StoreBackend> installed() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<StoreBackend> backends = new ArrayList<>();
        ServiceLoader.load(StoreBackend.class, loader != null ? loader : StoreBackend.class.getClassLoader())
                .forEach(backends::add);
        backends.sort(Comparator.comparing(StoreBackend::name));
        return backends;
    }

    /** The installed backend called {@code name}, if any. */
    static Optional<StoreBackend> named(String name) {
        return installed().stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** The backend that serves when none is configured. */
    static StoreBackend byDefault() {
        List<StoreBackend> defaults = installed().stream().filter(StoreBackend::isDefault).toList();
        if (defaults.size() != 1) {
            throw new IllegalStateException("Exactly one installed store backend must be the default, not "
                    + defaults.stream().map(StoreBackend::name).toList());
        }
        return defaults.get(0);
    }

    /** The names of the installed backends, sorted, for messages that list the choices. */
    static Set<String> names() {
        Set<String> names = new TreeSet<>();
        installed().forEach(b -> names.add(b.name()));
        return names;
    }
}
