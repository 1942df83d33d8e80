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
    /** Server settings beyond the common ones (a primary's synchronous standby). */
    private final String settings;

    private PostgresServerProcess(Path bin, List<String> asUser, Path dir, int port, String settings) {
        this.bin = bin;
        this.asUser = asUser;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.settings = settings;
    }

    /** Creates a cluster and starts it; fails if the system has no PostgreSQL server binaries. */
    static PostgresServerProcess start() throws IOException {
        return create("");
    }

    /**
     * A cluster to stream to a standby ({@link #startStandby}). With {@code synchronousStandby}, a commit is
     * acknowledged only once the standby of that name has it on disk ({@code synchronous_standby_names},
     * {@code synchronous_commit=on}); without, replication is asynchronous, PostgreSQL's default.
     */
    public static PostgresServerProcess startPrimary(String synchronousStandby) throws IOException {
        return create(synchronousStandby == null ? ""
                : " -c synchronous_standby_names=" + synchronousStandby + " -c synchronous_commit=on");
    }

    private static PostgresServerProcess create(String settings) throws IOException {
        PostgresServerProcess server = prepare("settlement-test-pg-", settings);
        Host.run(server.command("initdb", "-D", server.data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
                "--no-locale", "--no-sync"), server.dir, server.setupLog(), 120);
        server.launch();
        return server;
    }

    /** A directory of its own, owned by the user the server runs as, and its removal at JVM exit. */
    private static PostgresServerProcess prepare(String prefix, String settings) throws IOException {
        Path bin = binDir().orElseThrow(() ->
                new IOException("no initdb/pg_ctl on PATH or under /usr/lib/postgresql/*/bin"));
        List<String> asUser = unprivilegedPrefix();
        Path dir = Files.createTempDirectory(prefix);
        PostgresServerProcess server = new PostgresServerProcess(bin, asUser, dir, Host.freeLoopbackPort(), settings);
        Host.onShutdown("stop the temporary PostgreSQL cluster on port " + server.port, () -> {
            server.stop();
            Host.deleteRecursively(dir);
        });
        if (!asUser.isEmpty()) {
            Files.setOwner(dir, principal(asUser.get(2)));
        }
        return server;
    }

    /**
     * A hot standby of this server, streaming from it under {@code name} (its {@code application_name}, what
     * {@code synchronous_standby_names} names): a base backup with {@code pg_basebackup -R}, started on a port of its
     * own. Returns once it accepts connections; {@link #promote()} makes it the primary.
     */
    public PostgresServerProcess startStandby(String name) throws IOException {
        PostgresServerProcess standby = prepare("settlement-test-pg-standby-", "");
        Host.run(command("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, "-D",
                standby.data.toString(), "-X", "stream", "-R", "--no-sync"), standby.dir, standby.setupLog(), 120);
        // -R wrote primary_conninfo; this names the standby, as synchronous_standby_names refers to it
        Files.writeString(standby.data.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=127.0.0.1 port="
                + port + " user=" + USER + " application_name=" + name + "'\n", java.nio.file.StandardOpenOption.APPEND);
        standby.launch();
        return standby;
    }

    /**
     * Stops (SIGSTOP) or resumes (SIGCONT) this primary's WAL sender to the standby {@code name}: while it is stopped
     * the standby receives nothing, so an asynchronous primary goes on acknowledging commits the standby does not
     * have, and a synchronous one holds its commits until the standby has them.
     */
    public void pauseSendingTo(String name, boolean paused) throws IOException {
        String pid;
        try (java.sql.Connection c = TestPostgres.connect(admin());
             java.sql.PreparedStatement s = c.prepareStatement(
                     "select pid from pg_stat_replication where application_name = ?")) {
            s.setString(1, name);
            try (java.sql.ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new IOException("no WAL sender to " + name + " on port " + port);
                }
                pid = Integer.toString(r.getInt(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }
        Host.run(List.of("kill", paused ? "-STOP" : "-CONT", pid), dir, setupLog(), 10);
    }

    /** Ends recovery: this standby becomes a primary that takes writes. Returns once it does. */
    public void promote() throws IOException {
        Host.run(command("pg_ctl", "-D", data.toString(), "-w", "-t", "60", "promote"), dir, setupLog(), 90);
    }

    /** Kills the postmaster with SIGKILL, as a machine or process failure would; its backends end with it. */
    public synchronized void kill() throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String pid = Files.readAllLines(pidFile).get(0).trim();
        try {
            Host.run(List.of("pkill", "-KILL", "-P", pid), dir, setupLog(), 10); // its backends, at the same moment
        } catch (IOException e) {
            // none left to kill
        }
        Host.run(List.of("kill", "-KILL", pid), dir, setupLog(), 10);
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
                + " -c fsync=off -c full_page_writes=off -c max_connections=200" + settings;
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
