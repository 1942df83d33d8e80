package dev.settlement.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code quarkus-run.jar}) as a child process on a free loopback port, the way a user runs it:
 * {@code java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=<port> <options> -jar <jar>}. It can be killed
 * (SIGKILL, like a crash), stopped (SIGTERM) and started again on the same port with the same options; its output is
 * appended to one log file.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Path jar;
    private final Path log;
    private final int port;
    private final List<String> options;
    private final boolean loopbackGiven;
    private Process process;

    private ServiceProcess(Path jar, Path log, int port, List<String> options, boolean loopbackGiven) {
        this.jar = jar;
        this.log = log;
        this.port = port;
        this.options = List.copyOf(options);
        this.loopbackGiven = loopbackGiven;
    }

    /** Starts the jar with {@code options} on a free port and waits until it answers ready (90 s at most). */
    public static ServiceProcess start(Path jar, Path log, List<String> options) throws IOException {
        ServiceProcess service = new ServiceProcess(jar, log, Host.freeLoopbackPort(), options, true);
        service.start();
        return service;
    }

    /**
     * Like {@link #start}, but without {@code -Dquarkus.http.host}: the service listens where it does by default, for
     * the test of that default. Only for options under which that is the loopback interface (authentication off).
     */
    public static ServiceProcess startOnDefaultHost(Path jar, Path log, List<String> options) throws IOException {
        ServiceProcess service = new ServiceProcess(jar, log, Host.freeLoopbackPort(), options, false);
        service.start();
        return service;
    }

    /** How a start that was expected to fail ended: the exit code and everything the service printed. */
    public record Exit(int code, String output) {
    }

    /** Starts the jar with {@code options} and expects it to exit by itself within 60 s. */
    public static Exit runToExit(Path jar, Path log, List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + Host.freeLoopbackPort()));
        command.addAll(options);
        command.addAll(List.of("-jar", jar.toString()));
        Process failing = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!failing.waitFor(60, TimeUnit.SECONDS)) {
            failing.destroyForcibly();
            throw new IllegalStateException("the service did not stop by itself within 60 s" + Host.tail(log));
        }
        return new Exit(failing.exitValue(), Files.readString(log));
    }

    /** What a command of the jar (e.g. {@code migrate}) printed on stdout and stderr, and its exit code. */
    public record Command(int code, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    /** {@code java <options> -jar <jar> <args>}. */
    public static List<String> commandLine(Path jar, List<String> options, List<String> args) {
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(options);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        return command;
    }

    /** Runs a command of the jar to its end (two minutes at most), its output kept in files under {@code dir}. */
    public static Command runCommand(Path jar, Path dir, List<String> options, List<String> args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".log");
        Path err = Files.createTempFile(dir, "err", ".log");
        Process process = new ProcessBuilder(commandLine(jar, options, args)).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the command did not end within 120 s" + Host.tail(err));
        }
        return new Command(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The {@code -Dsettlement.postgres.*} options that point the service at {@code database}. */
    public static List<String> postgresOptions(JdbcTarget database) {
        List<String> postgres = new ArrayList<>(List.of("-Dsettlement.postgres.url=" + database.url(),
                "-Dsettlement.postgres.username=" + database.username()));
        if (!database.password().isEmpty()) {
            postgres.add("-Dsettlement.postgres.password=" + database.password());
        }
        return postgres;
    }

    /** Milliseconds until readiness answers a status {@code wanted} accepts; -1 if not within {@code bound}. */
    public long awaitReadiness(java.util.function.IntPredicate wanted, Duration bound) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < bound.toNanos()) {
            if (wanted.test(readyStatus())) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(50);
        }
        return -1;
    }

    /** {@code http://127.0.0.1:<port>}, the same across restarts. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The operating system's id of the running process. */
    public synchronized long pid() {
        return process.pid();
    }

    /** Starts it again (same port, options and log) after a kill or a stop, and waits until it is ready. */
    public synchronized void start() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException("the service is running already (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Dquarkus.http.port=" + port));
        if (loopbackGiven) {
            command.add("-Dquarkus.http.host=127.0.0.1");
        }
        command.addAll(options);
        command.addAll(List.of("-jar", jar.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + Host.tail(log));
            }
            if (readyStatus() == 200) {
                return;
            }
            sleep(10); // fine-grained: the benchmarks time start-up with it
        }
        process.destroyForcibly();
        throw new IllegalStateException("the service was not ready within " + READY_TIMEOUT.toSeconds() + " s"
                + Host.tail(log));
    }

    /** The status of {@code GET /q/health/ready}, or -1 if nothing answers within 5 s. */
    public int readyStatus() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL: no shutdown hook, no flush, nothing finishes; waits until the process is gone. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /** SIGTERM (a clean shutdown), or SIGKILL after 30 s. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }

    /** Everything the service printed so far, across restarts. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the service (pid " + process.pid() + ") did not exit after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The java of the running JVM, for starting the jar or a single-file program like examples/MintToken.java. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the service", e);
        }
    }
}
