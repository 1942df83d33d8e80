package dev.settlement.service.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Where the service listens by default follows {@code settlement.auth.enabled}: with authentication off, only on the
 * loopback interface ({@value #LOOPBACK}), so the open quick start is not reachable from the network; with it on, on
 * every interface ({@value #ALL_INTERFACES}).
 *
 * <p>This is a default, nothing more: its ordinal is below application.properties (250), environment variables and
 * system properties, so an explicit {@code quarkus.http.host} anywhere (a container's {@code QUARKUS_HTTP_HOST=0.0.0.0})
 * wins. It is above Quarkus' own default, which differs by launch mode (all interfaces for the packaged jar,
 * localhost in dev and test).
 */
public class ListenAddress implements ConfigSourceFactory {
    static final String NAME = "settlement-listen-address";
    static final int ORDINAL = 50;
    public static final String LOOPBACK = "127.0.0.1";
    public static final String ALL_INTERFACES = "0.0.0.0";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue auth = context.getValue("settlement.auth.enabled");
        boolean enabled = auth != null && "true".equalsIgnoreCase(auth.getValue());
        return List.of(new PropertiesConfigSource(Map.of("quarkus.http.host", enabled ? ALL_INTERFACES : LOOPBACK),
                NAME, ORDINAL));
    }
}
