package dev.settlement.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests generated at package (target/kubernetes/kubernetes.yml): probes on the health endpoints,
 * configuration from the ConfigMap, the database password from a Secret, the SQLite volume, the image the build
 * made, and nothing that needs more than a plain cluster (no init Job, no operator CRDs).
 */
class KubernetesManifestIT {
    private static final List<JsonNode> resources = new ArrayList<>();

    @BeforeAll
    static void read() throws IOException {
        try (MappingIterator<JsonNode> documents = new YAMLMapper()
                .readerFor(JsonNode.class).readValues(Path.of("target/kubernetes/kubernetes.yml").toFile())) {
            documents.forEachRemaining(resources::add);
        }
    }

    @Test
    void onlyPlainResourcesAreGenerated() {
        assertThat(resources).map(r -> r.get("kind").asText()).containsExactlyInAnyOrder(
                "ConfigMap", "PersistentVolumeClaim", "Service", "Deployment");
    }

    @Test
    void probesAreWiredToHealth() {
        JsonNode container = container();
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        assertThat(container.at("/readinessProbe/httpGet/port").asInt()).isEqualTo(8080);
    }

    @Test
    void configComesFromTheConfigMapAndThePasswordFromTheSecret() {
        JsonNode container = container();
        assertThat(container.at("/envFrom/0/configMapRef/name").asText()).isEqualTo("settlement-config");
        JsonNode password = env(container, "SETTLEMENT_POSTGRES_PASSWORD").orElseThrow();
        assertThat(password.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("settlement-db");
        assertThat(password.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("postgres-password");
        assertThat(password.has("value")).as("no password in the manifest").isFalse();
        assertThat(env(container, "QUARKUS_FLYWAY_ACTIVE")).as("migrations stay the service's own").isEmpty();

        JsonNode configMap = resource("ConfigMap");
        assertThat(configMap.at("/metadata/name").asText()).isEqualTo("settlement-config");
        assertThat(configMap.at("/data/SETTLEMENT_STORE").asText()).isEqualTo("sqlite");
        assertThat(configMap.get("data").has("SETTLEMENT_POSTGRES_PASSWORD")).isFalse();
    }

    @Test
    void theSqliteFileIsOnAPersistentVolumeWrittenByTheServiceUser() {
        JsonNode deployment = resource("Deployment");
        assertThat(deployment.at("/spec/strategy/type").asText()).as("one writer at a time").isEqualTo("Recreate");
        JsonNode pod = deployment.at("/spec/template/spec");
        assertThat(pod.at("/volumes/0/persistentVolumeClaim/claimName").asText()).isEqualTo("settlement-data");
        assertThat(container().at("/volumeMounts/0/mountPath").asText()).isEqualTo("/var/lib/settlement");
        assertThat(pod.at("/securityContext/fsGroup").asInt()).isEqualTo(185);
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(resource("PersistentVolumeClaim").at("/metadata/name").asText()).isEqualTo("settlement-data");
    }

    @Test
    void memoryIsRequestedForTheImagesHeapWithRoomAboveIt() {
        // the image's JDK_JAVA_OPTIONS: a 128 MiB heap, 280-300 MiB resident after load
        assertThat(container().at("/resources/requests/memory").asText()).isEqualTo("320Mi");
        assertThat(container().at("/resources/limits/memory").asText()).isEqualTo("512Mi");
    }

    @Test
    void theImageIsTheOneTheBuildMade() {
        assertThat(container().get("image").asText()).contains("settlement/settlement-service:");
        assertThat(resource("Service").at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
    }

    private static JsonNode container() {
        return resource("Deployment").at("/spec/template/spec/containers/0");
    }

    private static Optional<JsonNode> env(JsonNode container, String name) {
        for (JsonNode env : container.get("env")) {
            if (env.get("name").asText().equals(name)) {
                return Optional.of(env);
            }
        }
        return Optional.empty();
    }

    private static JsonNode resource(String kind) {
        return resources.stream().filter(r -> r.get("kind").asText().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in the manifests"));
    }
}
