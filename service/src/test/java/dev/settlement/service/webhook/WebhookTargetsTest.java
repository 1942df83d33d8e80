package dev.settlement.service.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {
    private final WebhookTargets publicOnly = new WebhookTargets(false);

    @Test
    void loopbackLinkLocalAndPrivateAddressesAreRefused() {
        for (String url : List.of("http://127.0.0.1/x", "http://localhost:8080/x", "http://[::1]/x", "http://10.1.2.3/",
                "http://172.16.0.1/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data",
                "http://[fd00::1]/", "http://[fe80::1]/", "http://0.0.0.0/", "http://100.64.0.1/")) {
            assertThat(publicOnly.refusal(url)).as(url).contains("allow-private-targets");
        }
    }

    @Test
    void publicAddressesAndAllowedPrivateOnesPass() {
        assertThat(publicOnly.refusal("https://93.184.216.34/hook")).isNull();
        assertThat(publicOnly.refusal("http://[2606:2800:220:1:248:1893:25c8:1946]:8443/hook")).isNull();
        assertThat(new WebhookTargets(true).refusal("http://127.0.0.1:9000/hook")).isNull();
    }

    @Test
    void onlyAbsoluteHttpUrlsWithoutCredentials() {
        assertThat(publicOnly.refusal("ftp://93.184.216.34/")).isEqualTo("must be an http or https URL");
        assertThat(publicOnly.refusal("/relative")).isEqualTo("must be an http or https URL");
        assertThat(publicOnly.refusal("https://user:pw@93.184.216.34/")).isEqualTo("must not carry credentials");
        assertThat(publicOnly.refusal("http:///nohost")).isEqualTo("must name a host");
        assertThat(publicOnly.refusal("https://93.184.216.34/" + "a".repeat(2048))).startsWith("must be at most");
        assertThat(publicOnly.refusal("https://no-such-host.invalid/")).startsWith("names a host that does not resolve");
        assertThat(publicOnly.refusal(null)).isEqualTo("is required");
    }
}
