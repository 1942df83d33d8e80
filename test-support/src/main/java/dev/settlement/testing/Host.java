package dev.settlement.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Small helpers about this machine: settings, executables, ports, processes, temp directories. */
final class Host {

    private Host() {
    }

    /**
     * A setting from the system property {@code settlement.test.x.y} or the environment variable
     * {@code SETTLEMENT_TEST_X_Y}, in that order; blank counts as unset.
     */
    static String setting(String envName, String defaultValue) {
        String property = System.getProperty(envName.toLowerCase(Locale.ROOT).replace('_', '.'));
        if (property != null && !property.isBlank()) {
            return property;
        }
        String env = System.getenv(envName);
        return env != null && !env.isBlank() ? env : defaultValue;
    }

    static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The executable {@code name} on PATH or else in one of {@code moreDirs}. */
    static Optional<Path> executable(String name, String... moreDirs) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of(moreDirs));
        return dirs.stream()
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Subdirectories of {@code parent}, highest version number first ("16", "15", "9.6"). */
    static List<Path> versionDirs(Path parent) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(p -> p.getFileName().toString().matches("[1-9]\\d*(\\.\\d+)*"))
                    .sorted(Comparator.comparing((Path p) -> Runtime.Version.parse(p.getFileName().toString()))
                            .reversed())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Runs a command in {@code dir}, appending its output to {@code log}; fails with the command, exit code and the
     * log's tail unless it exits 0 within {@code timeoutSeconds}.
     */
    static void run(List<String> command, Path dir, Path log, int timeoutSeconds) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s"
                        + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + command, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + tail(log));
        }
    }

    /** The last lines of a log file, prefixed by a newline, for error messages; empty if unreadable. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: it is a temp directory
        }
    }

    /** Runs {@code action} when the JVM exits, logging instead of throwing. */
    static void onShutdown(String what, Runnable action) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                SharedServer.LOG.warning("could not " + what + ": " + e);
            }
        }, "settlement-test-" + what.replace(' ', '-')));
    }
}
