package dev.settlement.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Redis server for tests.
 * <p>
 * Uses the server at {@code SETTLEMENT_TEST_REDIS_URL} (default {@value #DEFAULT_URL}; system property
 * {@code settlement.test.redis.url} takes precedence) if it answers PING. Otherwise starts {@code redis-server} from
 * the system's packages on a free loopback port without persistence, once per JVM (stopped at JVM exit). If neither
 * works, fails with a message saying what to install. Callers isolate themselves with a key prefix.
 */
public final class TestRedis {
    /**
     * Deletes the keys matching ARGV[1] in at most 50 SCAN steps from cursor ARGV[2] and returns where it stopped ("0":
     * done). Bounded, so one call never holds the server long, whatever else its keyspace holds.
     */
    private static final String DELETE_MATCHING = "local cursor, steps = ARGV[2], 0 repeat"
            + " local r = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000) cursor = r[1]"
            + " for _, key in ipairs(r[2]) do redis.call('UNLINK', key) end steps = steps + 1"
            + " until cursor == '0' or steps == 50 return cursor";


    static final String DEFAULT_URL = "redis://127.0.0.1:6379";
    private static final String URL_SETTING = "SETTLEMENT_TEST_REDIS_URL";
    private static final int TIMEOUT_MILLIS = 2000;

    private static final String CONFIGURED = Host.setting(URL_SETTING, DEFAULT_URL);
    private static final SharedServer<String> SERVER = new SharedServer<>("Test Redis", CONFIGURED, URL_SETTING,
            "the Debian package redis-server (apt-get install redis-server)", TestRedis::reach, TestRedis::startShared);

    private TestRedis() {
    }

    /**
     * The URL of the Redis server to use ({@code redis://host:port}, possibly with credentials).
     *
     * @throws IllegalStateException if no Redis server can be reached or started
     */
    public static String url() {
        return SERVER.get();
    }

    /**
     * Starts a Redis server of the caller's own on a free loopback port, with its files in {@code dir}; with
     * {@code appendOnly} it writes an append-only file (fsync always) there, so a restart keeps the data. More
     * {@code redis-server} options may follow, e.g. {@code "--enable-protected-configs", "yes"} so that a test may
     * {@code CONFIG SET dir}. The caller stops it (it is also stopped at JVM exit) and may kill and restart it.
     */
    public static RedisServerProcess startDedicated(Path dir, boolean appendOnly, String... options)
            throws IOException {
        return RedisServerProcess.start(dir, appendOnly, List.of(options));
    }

    /**
     * Deletes every key of the stores under {@code prefix} (they all start with the hash tag {@code {prefix}}),
     * server-side in SCAN-sized steps, a bounded number per call: the one way tests and benchmarks empty a prefix. A
     * comma-separated {@code url} names the nodes of a Redis Cluster: the keys are deleted on the master holding them.
     */
    public static void deleteKeys(String url, String prefix) {
        if (url.contains(",")) {
            RedisClusterProcess.deleteKeys(url, prefix);
            return;
        }
        String pattern = "{" + prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "}*";
        try {
            String cursor = "0";
            do {
                cursor = call(url, "EVAL", DELETE_MATCHING, "0", pattern, cursor);
                if (cursor.startsWith("-")) {
                    throw new IOException(cursor);
                }
            } while (!cursor.equals("0"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the keys of " + prefix + " at " + url, e);
        }
    }

    /**
     * Sends PING (after AUTH if the URL carries credentials) over a plain socket and returns the reply line, e.g.
     * {@code +PONG} or {@code -NOAUTH …}.
     *
     * @throws IOException if nothing answers within 2 s
     */
    public static String ping(String url) throws IOException {
        return call(url, "PING");
    }

    /**
     * Sends one command (after AUTH if the URL carries credentials) and returns the reply: the line of a simple,
     * integer or error reply ({@code +OK}, {@code :1}, {@code -ERR …}), the text of a bulk reply ({@code INFO}'s
     * lines), or the first line of any other ({@code *2} of an array).
     */
    public static String call(String url, String... command) throws IOException {
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()),
                    TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            if (uri.getRawUserInfo() != null) {
                String reply = send(socket, auth(uri.getRawUserInfo()));
                if (!reply.startsWith("+OK")) {
                    return reply;
                }
            }
            return send(socket, List.of(command));
        }
    }

    private static Optional<String> reach() throws IOException {
        if (CONFIGURED.startsWith("rediss:")) {
            return Optional.of(CONFIGURED); // TLS: not probed, taken as configured
        }
        String reply;
        try {
            reply = ping(CONFIGURED);
        } catch (ConnectException | SocketTimeoutException | UnknownHostException e) {
            return Optional.empty();
        }
        if (!reply.startsWith("+PONG")) {
            throw new IOException(reply.isEmpty() ? "no reply to PING (is it Redis?)" : "PING answered " + reply);
        }
        return Optional.of(CONFIGURED);
    }

    private static SharedServer.Started<String> startShared() throws IOException {
        Path dir = Files.createTempDirectory("settlement-test-redis-");
        RedisServerProcess server;
        try {
            server = RedisServerProcess.start(dir, false, List.of());
        } catch (IOException e) {
            Host.deleteRecursively(dir);
            throw e;
        }
        Host.onShutdown("delete the temporary redis-server directory", () -> {
            server.stop();
            Host.deleteRecursively(dir);
        });
        return new SharedServer.Started<>(server.url(), "redis-server on 127.0.0.1:" + server.port() + " from "
                + server.executable() + " (no persistence)");
    }

    /** AUTH arguments from URL user info "user:password", ":password" or "password". */
    private static List<String> auth(String rawUserInfo) {
        String userInfo = URLDecoder.decode(rawUserInfo, StandardCharsets.UTF_8);
        int colon = userInfo.indexOf(':');
        List<String> command = new ArrayList<>(List.of("AUTH"));
        if (colon > 0) {
            command.add(userInfo.substring(0, colon));
        }
        command.add(colon < 0 ? userInfo : userInfo.substring(colon + 1));
        return command;
    }

    /** Writes one RESP command and reads the reply (see {@link #call}). */
    private static String send(Socket socket, List<String> command) throws IOException {
        StringBuilder resp = new StringBuilder("*").append(command.size()).append("\r\n");
        for (String argument : command) {
            resp.append('$').append(argument.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                    .append(argument).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        if (line.length() > 1 && line.charAt(0) == '$' && !line.toString().equals("$-1")) {
            byte[] bulk = in.readNBytes(Integer.parseInt(line.substring(1)) + 2); // with its CRLF
            return new String(bulk, 0, Math.max(0, bulk.length - 2), StandardCharsets.UTF_8);
        }
        return line.toString();
    }
}
