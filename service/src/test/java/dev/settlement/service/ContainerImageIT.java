package dev.settlement.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JVM container image the build wrote (target/settlement-service-jvm.tar, `docker save` format), read without a
 * container runtime: its manifest, its configuration (entrypoint, user, environment, port, volume) and its layers
 * (each matches its recorded digest; together they hold a JDK 25 runtime, the libraries it loads, the app in the
 * aot-jar layout and its trained AOT cache).
 * Starting it is src/test/container/container-walkthrough.sh's job, where a container runtime exists.
 */
class ContainerImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path tarball;
    /** Every entry of the image tarball, by name, read into memory (the image is ~130 MB; its JSON files are tiny). */
    private static final Map<String, byte[]> files = new HashMap<>();

    @BeforeAll
    static void readImage() throws IOException {
        boolean built = Boolean.getBoolean("image.built");
        // CI builds on Linux without -DskipImage, so there a missing image is a failure, never a skip
        assertThat(built || !"true".equalsIgnoreCase(System.getenv("CI")))
                .as("CI=true but the image was not built (-DskipImage, -Pnative, or not on Linux)").isTrue();
        assumeTrue(built, "the image was not built (-DskipImage, -Pnative, or not on Linux)");
        tarball = Path.of(System.getProperty("image.tarball"));
        assertThat(tarball).as("the container-image profile writes it at package").exists();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                files.put(entry.getName(), tar.readAllBytes());
            }
        }
    }

    @Test
    void theManifestNamesTheImageAndItsLayers() throws IOException {
        JsonNode manifest = JSON.readTree(files.get("manifest.json"));
        assertThat(manifest).hasSize(1);
        assertThat(manifest.get(0).get("RepoTags").get(0).asText()).startsWith("settlement/settlement-service:");
        assertThat(manifest.get(0).get("Layers")).isNotEmpty()
                .allSatisfy(layer -> assertThat(files).containsKey(layer.asText()));
    }

    @Test
    void theConfigurationRunsTheJarAsAnUnprivilegedUserOnAVolume() throws IOException {
        JsonNode image = JSON.readTree(files.get(JSON.readTree(files.get("manifest.json")).get(0).get("Config").asText()));
        assertThat(image.get("os").asText()).isEqualTo("linux");
        JsonNode config = image.get("config");
        // the JDK AOT cache add-aot-cache.sh trained and layered on top (the build already started the image's JVM
        // with -XX:AOTMode=on, which refuses a cache it cannot use)
        assertThat(texts(config.get("Entrypoint"))).startsWith("java", "-XX:AOTCache=/home/jboss/app.aot")
                .contains("--enable-native-access=ALL-UNNAMED").endsWith("-jar", "quarkus-run.jar");
        assertThat(config.get("User").asText()).isEqualTo("185");
        assertThat(config.get("WorkingDir").asText()).isEqualTo("/home/jboss");
        assertThat(texts(config.get("Env"))).contains("SETTLEMENT_SQLITE_PATH=/var/lib/settlement/settlements.db",
                "QUARKUS_HTTP_HOST=0.0.0.0", "JAVA_HOME=/opt/java", "JDK_JAVA_OPTIONS=-XX:+UseSerialGC -Xmx128m",
                "MALLOC_ARENA_MAX=2").anyMatch(env -> env.startsWith("PATH=/opt/java/bin:"));
        assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(config.get("Volumes").has("/var/lib/settlement")).isTrue();
    }

    @Test
    void theLayersMatchTheirDigestsAndHoldARuntimeAndTheApp() throws Exception {
        JsonNode manifest = JSON.readTree(files.get("manifest.json")).get(0);
        JsonNode image = JSON.readTree(files.get(manifest.get("Config").asText()));
        List<String> diffIds = texts(image.get("rootfs").get("diff_ids"));
        List<String> layers = texts(manifest.get("Layers"));
        assertThat(diffIds).hasSameSizeAs(layers);

        Map<String, TarArchiveEntry> rootfs = new HashMap<>();
        Map<String, byte[]> contents = new HashMap<>(); // of the few files read below
        for (int i = 0; i < layers.size(); i++) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (InputStream raw = new ByteArrayInputStream(files.get(layers.get(i)));
                 InputStream layer = new DigestInputStream(layers.get(i).endsWith(".gz") ? new GZIPInputStream(raw) : raw, sha256);
                 TarArchiveInputStream tar = new TarArchiveInputStream(layer)) {
                for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                    String name = entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
                    rootfs.put(name, entry);
                    if (name.equals("opt/java/release") || name.equals("home/jboss/quarkus-run.jar")) {
                        contents.put(name, tar.readAllBytes());
                    }
                }
                layer.transferTo(java.io.OutputStream.nullOutputStream()); // the tar's padding counts too
            }
            assertThat("sha256:" + HexFormat.of().formatHex(sha256.digest())).as("layer %s", layers.get(i))
                    .isEqualTo(diffIds.get(i));
        }
        assertThat(rootfs).containsKeys("opt/java/bin/java", "lib64/ld-linux-x86-64.so.2", "etc/passwd",
                "home/jboss/quarkus-run.jar", "home/jboss/quarkus/quarkus-application.dat");
        assertThat(rootfs.keySet()).anyMatch(name -> name.matches("home/jboss/lib/main/org\\.xerial\\.sqlite-jdbc-.*\\.jar"))
                .anyMatch(name -> name.matches("(usr/)?lib/x86_64-linux-gnu/libc\\.so\\.6|(usr/)?lib/aarch64-linux-gnu/libc\\.so\\.6"));
        assertThat(new String(contents.get("opt/java/release"), StandardCharsets.UTF_8)).as("the image's Java runtime")
                .contains("JAVA_VERSION=\"25");
        // the aot-jar layout: every jar on the JDK's own class path (quarkus-run.jar's Class-Path) rather than behind
        // Quarkus' class loader, so that the AOT cache holds the app's classes too; the cache itself is a layer
        try (JarInputStream runner = new JarInputStream(new ByteArrayInputStream(contents.get("home/jboss/quarkus-run.jar")))) {
            assertThat(runner.getManifest().getMainAttributes().getValue("Class-Path"))
                    .contains("app/service-", "lib/main/org.xerial.sqlite-jdbc-");
        }
        assertThat(rootfs.get("home/jboss/app.aot").getSize()).as("the AOT cache").isGreaterThan(10_000_000L);
        TarArchiveEntry dataDir = rootfs.get("var/lib/settlement/");
        assertThat(dataDir).as("the SQLite volume's directory").isNotNull();
        assertThat(dataDir.getLongUserId()).as("owned by the service's user").isEqualTo(185);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
