package dev.settlement.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default listen address follows settlement.auth.enabled, and anything the user sets wins over it. */
class ListenAddressTest {

    @Test
    void loopbackOnlyWithAuthenticationOffAllInterfacesWithItOn() {
        assertThat(host(Map.of(), 250)).isEqualTo("127.0.0.1");
        assertThat(host(Map.of("settlement.auth.enabled", "false"), 250)).isEqualTo("127.0.0.1");
        assertThat(host(Map.of("settlement.auth.enabled", "true"), 250)).isEqualTo("0.0.0.0");
    }

    @Test
    void anExplicitHostWinsFromApplicationPropertiesEnvironmentOrSystemProperties() {
        for (int ordinal : new int[] {250, 300, 400}) {
            assertThat(host(Map.of("quarkus.http.host", "0.0.0.0"), ordinal)).isEqualTo("0.0.0.0");
            assertThat(host(Map.of("settlement.auth.enabled", "true", "quarkus.http.host", "10.1.2.3"), ordinal))
                    .isEqualTo("10.1.2.3");
        }
    }

    /** quarkus.http.host with {@code user} settings at {@code ordinal}, over Quarkus' own default of the packaged jar. */
    private static String host(Map<String, String> user, int ordinal) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withDefaultValue("quarkus.http.host", "0.0.0.0")
                .withSources(new PropertiesConfigSource(new HashMap<>(user), "user", ordinal))
                .withSources(new ListenAddress())
                .build();
        return config.getValue("quarkus.http.host", String.class);
    }
}
