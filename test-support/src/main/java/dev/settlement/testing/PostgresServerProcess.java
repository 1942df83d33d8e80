package dev.settlement.testing;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A temporary PostgreSQL cluster (initdb + pg_ctl from the system's packages) on a free loopback port, in a temp
 * directory of its own, as an unprivileged user when running as root. It can be stopped (immediately, like a crash)
 * and started again on the same port and data; it is stopped and deleted at JVM exit.
 *
 * <p>It runs with {@code fsync=off}: tests stop the server process, never the machine, so what the server wrote is
 * in the operating system's cache either way, and fsync would only slow every test down. Commits stay synchronous,
 * though: with {@code synchronous_commit=off} a commit is acknowledged while its WAL is still in the server's memory,
 * and an immediate stop loses it.
 */
public final class PostgresServerProcess implements AutoCloseable {
    static final String USER = "postgres";

    private final Path bin;
    private final List<String> asUser;
    private final Path dir;
    private final Path data;
    private final int port;

    private PostgresServerProcess(Path bin, List<String> asUser, Path dir, int port) {
        this.bin = bin;
        this.asUser = asUser;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** Creates a cluster and starts it; fails if the system has no PostgreSQL server binaries. */
    static PostgresServerProcess start() throws IOException {
        Path bin = binDir().orElseThrow(() ->
                new IOException("no initdb/pg_ctl on PATH or under /usr/lib/postgresql/*/bin"));
        List<String> asUser = unprivilegedPrefix();
        Path dir = Files.createTempDirectory("settlement-test-pg-");
        PostgresServerProcess server = new PostgresServerProcess(bin, asUser, dir, Host.freeLoopbackPort());
        Host.onShutdown("stop the temporary PostgreSQL cluster on port " + server.port, () -> {
            server.stop();
            Host.deleteRecursively(dir);
        });
        if (!asUser.isEmpty()) {
            Files.setOwner(dir, principal(asUser.get(2)));
        }
        Host.run(server.command("initdb", "-D", server.data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
                "--no-locale", "--no-sync"), dir, server.setupLog(), 120);
        server.launch();
        return server;
    }

    /** The admin database {@code postgres} as the superuser, trust authentication. */
    public JdbcTarget admin() {
        return new JdbcTarget("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
    }

    public int port() {
        return port;
    }

    /** Where initdb and pg_ctl were found, for log lines. */
    public Path bin() {
        return bin;
    }

    /** Stops the server at once ({@code pg_ctl stop -m immediate}: no checkpoint, connections cut, like a crash). */
    public synchronized void stop() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                Host.run(command("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop"), dir, setupLog(), 30);
            } catch (IOException e) {
                SharedServer.LOG.warning(e.getMessage());
            }
        }
    }

    /** Starts the stopped server again on the same port and data; returns when it accepts connections. */
    public synchronized void restart() throws IOException {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() throws IOException {
        Path serverLog = dir.resolve("postgres.log");
        String options = "-c listen_addresses=127.0.0.1 -p " + port + " -k '" + dir + "'"
                + " -c fsync=off -c full_page_writes=off -c max_connections=200";
        try {
            Host.run(command("pg_ctl", "-D", data.toString(), "-l", serverLog.toString(), "-o", options, "-w", "-t",
                    "60", "start"), dir, setupLog(), 90);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + Host.tail(serverLog), e);
        }
    }

    private Path setupLog() {
        return dir.resolve("setup.log");
    }

    private List<String> command(String executable, String... arguments) {
        List<String> all = new ArrayList<>(asUser);
        all.add(bin.resolve(executable).toString());
        all.addAll(List.of(arguments));
        return all;
    }

    /** The directory of initdb on PATH (symlinks resolved), else the newest /usr/lib/postgresql/N/bin. */
    private static Optional<Path> binDir() throws IOException {
        Optional<Path> onPath = Host.executable("initdb");
        if (onPath.isPresent()) {
            return Optional.of(onPath.get().toRealPath().getParent());
        }
        return Host.versionDirs(Path.of("/usr/lib/postgresql")).stream()
                .map(version -> version.resolve("bin"))
                .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                .findFirst();
    }

    /**
     * PostgreSQL refuses to run as root: when root, returns {@code runuser -u postgres --} (or {@code nobody}) to run
     * commands as an unprivileged user; otherwise returns no prefix.
     */
    private static List<String> unprivilegedPrefix() throws IOException {
        if (!Host.runningAsRoot()) {
            return List.of();
        }
        Path runuser = Host.executable("runuser", "/usr/sbin", "/sbin")
                .orElseThrow(() -> new IOException("running as root and runuser (util-linux) is missing"));
        for (String user : List.of("postgres", "nobody")) {
            try {
                principal(user);
                return List.of(runuser.toString(), "-u", user, "--");
            } catch (UserPrincipalNotFoundException e) {
                // try the next user
            }
        }
        throw new IOException("running as root and neither user postgres nor nobody exists");
    }

    private static UserPrincipal principal(String user) throws IOException {
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
    }
}
