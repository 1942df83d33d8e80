package dev.settlement.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of a test's own, on a fixed loopback port with its files in one directory. It can be
 * killed (SIGKILL, like a crash), stopped (SIGTERM, clean shutdown) and restarted on the same port and directory.
 * It is stopped at JVM exit if still running.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 20_000;

    private final Path executable;
    private final Path dir;
    private final int port;
    private final boolean appendOnly;
    private final List<String> options;
    private Process process;

    private RedisServerProcess(Path executable, Path dir, int port, boolean appendOnly, List<String> options) {
        this.executable = executable;
        this.dir = dir;
        this.port = port;
        this.appendOnly = appendOnly;
        this.options = List.copyOf(options);
    }

    /**
     * Starts redis-server (from PATH or /usr/bin) with its files in {@code dir}, created if missing; {@code options}
     * are added to its command line (e.g. {@code --enable-protected-configs yes}).
     */
    static RedisServerProcess start(Path dir, boolean appendOnly, List<String> options) throws IOException {
        Path executable = Host.executable("redis-server", "/usr/bin", "/usr/local/bin")
                .orElseThrow(() -> new IOException("no redis-server on PATH or in /usr/bin"));
        Files.createDirectories(dir);
        RedisServerProcess server = new RedisServerProcess(executable, dir.toAbsolutePath(), Host.freeLoopbackPort(),
                appendOnly, options);
        server.launch();
        Host.onShutdown("stop redis-server on port " + server.port, server::stop);
        return server;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The server's working directory: its log {@code redis-server.log} and, with append-only, its data. */
    public Path dir() {
        return dir;
    }

    public Path executable() {
        return executable;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the server with SIGKILL (no clean shutdown), like a crash. */
    /** The server's process id (for a test that signals it). */
    public synchronized long pid() {
        return process.pid();
    }

    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            awaitExit(10);
        }
    }

    /** Stops the server with SIGTERM (clean shutdown), or SIGKILL after 10 s. Does nothing if not running. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!awaitExit(10)) {
                kill();
            }
        }
    }

    /** Starts the server again, same port, directory and options; stops it first if it is running. */
    public synchronized void restart() throws IOException {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--daemonize", "no", "--save", "",
                "--appendonly", appendOnly ? "yes" : "no"));
        if (appendOnly) {
            command.addAll(List.of("--appendfsync", "always"));
        }
        command.addAll(options);
        Path log = dir.resolve("redis-server.log");
        process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline && process.isAlive()) {
            try {
                if (TestRedis.ping(url()).startsWith("+PONG")) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            }
            sleep(50);
        }
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not answer PING on port " + port + Host.tail(log));
    }

    private boolean awaitExit(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
