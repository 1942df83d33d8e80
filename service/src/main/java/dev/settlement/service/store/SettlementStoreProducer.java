package dev.settlement.service.store;

import dev.settlement.api.InMemorySettlementStore;
import dev.settlement.api.SettlementStore;
import dev.settlement.api.StoreHealth;
import dev.settlement.service.config.BackendActivation;
import dev.settlement.service.config.SettlementConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The one place that picks the backend: {@code settlement.store} names a bean tagged {@code @Identifier(name)}
 * (each store module contributes one), or the in-memory store. The chosen store is wrapped once with metrics and
 * checked before the service takes traffic; an unreachable backend fails the start naming backend and location.
 */
@ApplicationScoped
public class SettlementStoreProducer {
    private static final Logger LOG = Logger.getLogger(SettlementStoreProducer.class);

    @Produces
    @Singleton
    SettlementStore store(SettlementConfig config, @Any Instance<SettlementStore> backends, MeterRegistry registry) {
        String name = config.store();
        SettlementStore selected = select(name, backends);
        StoreHealth health = selected.health();
        if (!health.up()) {
            throw new IllegalStateException("Settlement store: " + name + " is not usable: "
                    + health.details().getOrDefault("error", health.details()));
        }
        LOG.infof("Settlement store: %s %s", name, health.details());
        if (name.equals("memory") && LaunchMode.current() == LaunchMode.NORMAL) {
            LOG.warn("settlement.store=memory keeps nothing across restarts: use it for development and tests only");
        }
        return new MeteredSettlementStore(selected, registry, name);
    }

    /**
     * The store of the backend {@code name} among the {@code @Identifier}-tagged beans (or a new in-memory one),
     * unwrapped and unchecked; fails naming the valid choices. The migrate command picks its two stores here too.
     */
    public static SettlementStore select(String name, Instance<SettlementStore> backends) {
        if (name.equals("memory")) {
            return new InMemorySettlementStore();
        }
        Instance<SettlementStore> candidate = backends.select(Identifier.Literal.of(name));
        if (candidate.isResolvable()) {
            return candidate.get();
        }
        throw new IllegalStateException("settlement.store=" + name + " is not a known backend; choose one of "
                + new TreeSet<>(BackendActivation.backends()));
    }
}
