package dev.settlement.service.store;

import dev.settlement.api.SettlementStore;
import dev.settlement.api.StoreBackend;
import dev.settlement.api.StoreHealth;
import dev.settlement.service.config.SettlementConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/**
 * The one place that picks the backend: {@code settlement.store} names an installed {@link StoreBackend}, whose store
 * is the bean tagged {@code @Identifier(name)} (each store module contributes one) or one it makes itself. The chosen store is wrapped once with metrics and
 * checked before the service takes traffic; an unreachable backend fails the start naming backend and location.
 */
@ApplicationScoped
public class SettlementStoreProducer {
    private static final Logger LOG = Logger.getLogger(SettlementStoreProducer.class);

    @Produces
    @Singleton
    SettlementStore store(SettlementConfig config, @Any Instance<SettlementStore> backends, MeterRegistry registry) {
        String name = config.store();
        StoreBackend backend = backend(name);
        SettlementStore selected = select(backend, backends);
        StoreHealth health = selected.health();
        if (!health.up()) {
            throw new IllegalStateException("Settlement store: " + name + " is not usable: "
                    + health.details().getOrDefault("error", health.details()));
        }
        LOG.infof("Settlement store: %s %s", name, health.details());
        if (!backend.durable() && LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warnf("settlement.store=%s keeps nothing across restarts: use it for development and tests only", name);
        }
        return new MeteredSettlementStore(selected, registry, name);
    }

    /**
     * The store of the installed backend {@code name}: the bean tagged {@code @Identifier(name)}, or a store the
     * backend makes itself; unwrapped and unchecked; fails naming the valid choices. The migrate command picks its two
     * stores here too.
     */
    public static SettlementStore select(String name, Instance<SettlementStore> backends) {
        return select(backend(name), backends);
    }

    private static SettlementStore select(StoreBackend backend, Instance<SettlementStore> backends) {
        return backend.standalone()
                .orElseGet(() -> backends.select(Identifier.Literal.of(backend.name())).get());
    }

    /** The installed backend {@code name}; fails naming the valid choices. */
    private static StoreBackend backend(String name) {
        return StoreBackend.named(name).orElseThrow(() -> new IllegalStateException(
                "settlement.store=" + name + " is not a known backend; choose one of " + StoreBackend.names()));
    }
}
