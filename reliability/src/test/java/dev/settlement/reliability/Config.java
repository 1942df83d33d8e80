package dev.settlement.reliability;

import java.nio.file.Path;

/** Where the tests find what the build made. */
final class Config {
    /** The packaged service; failsafe passes its path, relative to this module by default. */
    static final Path JAR = Path.of(System.getProperty("reliability.jar",
            "../service/target/quarkus-app/quarkus-run.jar"));

    /**
     * A fresh log file for a service process, kept in {@code target/service-logs/} for after a failure (the
     * module's target directory when run by failsafe).
     */
    static Path log(String name) throws java.io.IOException {
        Path dir = java.nio.file.Files.createDirectories(Path.of("target", "service-logs"));
        Path log = dir.resolve(name + ".log");
        java.nio.file.Files.deleteIfExists(log);
        return log;
    }

    private Config() {
    }
}
