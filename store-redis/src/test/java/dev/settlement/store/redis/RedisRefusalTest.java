package dev.settlement.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.settlement.api.Asset;
import dev.settlement.api.ErrorCode;
import dev.settlement.api.Settlement;
import dev.settlement.api.SettlementException;
import dev.settlement.api.SettlementStore;
import dev.settlement.testing.DedicatedRedisTestResource;
import dev.settlement.testing.RedisServerProcess;
import dev.settlement.testing.TestRedis;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis that refuses work is the backend answering "not now", not a bug in the store: each refusal a server of the
 * test's own can be brought to makes a store call fail with STORE_UNAVAILABLE (the service's 503) whose message names
 * the refusal, and the store takes writes again once the server does. (LOADING and WRONGPASS, which cannot be staged
 * as cheaply, are classified in {@link RedisFailuresTest}.)
 */
@QuarkusTest
@TestProfile(RedisRefusalTest.OwnServer.class)
class RedisRefusalTest {
    private static final long T0 = 1_800_000_000L;
    private static final Asset ONE = new Asset("cosmoshub-4", "uatom", BigInteger.ONE);

    /** A redis-server of this test's own: it is reconfigured, made a replica, filled up and locked out. */
    public static class OwnServer implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DedicatedRedisTestResource.class));
        }
    }

    @Inject
    @Identifier("redis")
    SettlementStore store;

    /** Clients that have not connected yet: the refusals met when connecting. */
    @Inject
    @RedisClientName("unconnected-a")
    RedisDataSource unconnectedA;

    @Inject
    @RedisClientName("unconnected-b")
    RedisDataSource unconnectedB;

    @ConfigProperty(name = "settlement.redis.url")
    String url;

    @ConfigProperty(name = "settlement.test.redis.dir")
    String dataDir;

    private final AtomicInteger ids = new AtomicInteger();

    @AfterEach
    void takesWritesAgain() {
        store.create(next(), 1000);
    }

    @Test
    void aSnapshotThatCannotBeSavedStopsWritesWithMisconf() throws IOException {
        admin("CONFIG", "SET", "save", "3600 1");
        admin("CONFIG", "SET", "dir", "/proc"); // no file can be created there: the snapshot fails
        admin("BGSAVE");
        try {
            await(() -> admin("SET", "{dedicated}:probe", "1").startsWith("-MISCONF"));
            assertRefused(store, "MISCONF", "cannot persist to disk");
            assertThat(store.find("none")).as("reads go on").isEmpty();
        } finally {
            admin("CONFIG", "SET", "save", ""); // without save points a failed snapshot stops nothing
            admin("CONFIG", "SET", "dir", dataDir);
        }
    }

    @Test
    void aReplicaRefusesWritesWithReadonly() throws IOException {
        Path masterDir = Files.createTempDirectory("settlement-refusal-master-");
        try (RedisServerProcess master = TestRedis.startDedicated(masterDir, false)) {
            admin("REPLICAOF", "127.0.0.1", String.valueOf(master.port()));
            try {
                await(() -> admin("INFO", "replication").contains("master_link_status:up")); // synced: not LOADING
                assertRefused(store, "READONLY", "read-only replica");
            } finally {
                admin("REPLICAOF", "NO", "ONE");
            }
        } finally {
            deleteTree(masterDir);
        }
    }

    @Test
    void aFullMemoryRefusesWritesWithOom() throws IOException {
        admin("CONFIG", "SET", "maxmemory-policy", "noeviction");
        admin("CONFIG", "SET", "maxmemory", "1");
        try {
            assertRefused(store, "OOM", "out of memory");
        } finally {
            admin("CONFIG", "SET", "maxmemory", "0");
        }
    }

    @Test
    void aScriptRunningTooLongMakesItBusy() throws Exception {
        admin("CONFIG", "SET", "busy-reply-threshold", "100");
        // the caller gives up on the endless script after its socket timeout; the script runs on until killed
        CompletableFuture<String> endless = CompletableFuture.supplyAsync(() -> admin("EVAL", "while true do end", "0"));
        try {
            await(() -> admin("PING").startsWith("-BUSY"));
            assertRefused(store, "BUSY", "script");
        } finally {
            await(() -> admin("SCRIPT", "KILL").equals("+OK") || admin("PING").equals("+PONG"));
            admin("CONFIG", "SET", "busy-reply-threshold", "5000");
        }
        endless.get(30, TimeUnit.SECONDS); // killed (or given up on by its caller): over either way
    }

    @Test
    void aPasswordTheStoreDoesNotHaveIsNoauth() throws IOException {
        SettlementStore connecting = new RedisSettlementStore(() -> unconnectedA, url, "dedicated");
        admin("CONFIG", "SET", "requirepass", "secret");
        try {
            // a command of many arguments from a connection that has not logged in is cut off, not answered NOAUTH
            assertRefused(connecting, "requires authentication", "");
            assertThatThrownBy(() -> connecting.find("x")).isInstanceOfSatisfying(SettlementException.class,
                    e -> assertThat(e.getMessage()).contains("requires authentication").contains("NOAUTH"));
        } finally {
            TestRedis.call(url.replace("redis://", "redis://:secret@"), "CONFIG", "SET", "requirepass", "");
        }
    }

    @Test
    void aServerAtMaxclientsRefusesTheConnection() throws IOException {
        SettlementStore connecting = new RedisSettlementStore(() -> unconnectedB, url, "dedicated");
        URI server = URI.create(url);
        try (Socket held = new Socket()) {
            held.connect(new InetSocketAddress(server.getHost(), server.getPort()), 2000);
            held.setSoTimeout(5000);
            // through the held connection: every other is closed, and it is the one client allowed
            assertThat(inline(held, "CLIENT KILL TYPE normal SKIPME yes")).startsWith(":");
            assertThat(inline(held, "CONFIG SET maxclients 1")).isEqualTo("+OK");
            try {
                assertRefused(connecting, "max number of clients", "maxclients");
            } finally {
                assertThat(inline(held, "CONFIG SET maxclients 10000")).isEqualTo("+OK");
            }
        }
    }

    /** A create on {@code target} fails STORE_UNAVAILABLE with a message containing {@code reply} and {@code reason}. */
    private void assertRefused(SettlementStore target, String reply, String reason) {
        Settlement settlement = next();
        assertThatThrownBy(() -> target.create(settlement, 1000)).isInstanceOfSatisfying(SettlementException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
                    assertThat(e.getMessage()).startsWith("The redis store refuses requests right now: ")
                            .contains(reply).contains(reason);
                });
    }

    private Settlement next() {
        String id = "refusal-" + ids.incrementAndGet() + "-" + System.nanoTime();
        return Settlement.newPending(id, "intent-" + id, "solver-refusal", "cosmos1user", ONE, ONE, T0, T0 + 60);
    }

    /** One command to the server over a connection of its own, as an operator's redis-cli; "" if nothing answers. */
    private String admin(String... command) {
        try {
            return TestRedis.call(url, command);
        } catch (IOException e) {
            return "";
        }
    }

    /** An inline command over {@code connection}, and the first line of its reply. */
    private static String inline(Socket connection, String command) throws IOException {
        connection.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return readLine(connection.getInputStream());
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for the server").isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
