package dev.settlement.service.auth;

import dev.settlement.service.config.ListenAddress;
import dev.settlement.service.config.SettlementConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Says at start-up what authentication means for this run: on without a key to verify tokens fails the start (every
 * request would fail later instead); off is one WARN naming where the open service listens.
 */
@ApplicationScoped
public class AuthStartup {
    private static final Logger LOG = Logger.getLogger(AuthStartup.class);
    /** The keys SmallRye JWT verifies signatures with; one of them must be set with authentication on. */
    static final List<String> KEY_PROPERTIES = List.of("mp.jwt.verify.publickey.location", "mp.jwt.verify.publickey",
            "smallrye.jwt.verify.key.location");
    private static final Set<String> LOOPBACK = Set.of(ListenAddress.LOOPBACK, "localhost", "::1", "[::1]");

    void check(@Observes StartupEvent start, SettlementConfig settlement, Config config) {
        if (settlement.auth().enabled()) {
            if (KEY_PROPERTIES.stream().noneMatch(key -> config.getOptionalValue(key, String.class).isPresent())) {
                // one line and out, as for an unusable store (ManagerProducer)
                LOG.error("settlement.auth.enabled=true needs the public key that verifies tokens:"
                        + " set mp.jwt.verify.publickey.location (a PEM file) or mp.jwt.verify.publickey");
                Quarkus.asyncExit(1);
            }
            return;
        }
        ConfigValue host = config.unwrap(SmallRyeConfig.class).getConfigValue("quarkus.http.host");
        if (LOOPBACK.contains(host.getValue())) {
            LOG.warnf("Authentication is off (settlement.auth.enabled=false): anyone on this machine may read and change"
                    + " settlements; listening on %s only", host.getValue());
        } else {
            LOG.warnf("Authentication is off (settlement.auth.enabled=false) and quarkus.http.host=%s (from %s): anyone"
                    + " who can reach this port may read and change settlements", host.getValue(), host.getSourceName());
        }
    }
}
