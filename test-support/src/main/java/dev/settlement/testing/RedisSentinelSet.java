package dev.settlement.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Redis with Sentinel on loopback, from the system's {@code redis-server}: a primary, {@code replicas} replicas of it
 * (append-only, fsync always) and three Sentinels (quorum 2, a primary is down after 1 s without answer) watching it
 * as {@value #MASTER}. A client in sentinel mode asks the Sentinels where the primary is; when the primary dies, they
 * promote a replica and point the others at it. Everything is stopped at JVM exit if still running.
 */
public final class RedisSentinelSet implements AutoCloseable {
    public static final String MASTER = "mymaster";
    private static final Pattern ADDRESS = Pattern.compile("name=" + MASTER + ",status=(\\w+),address=[^:]+:(\\d+),"
            + "slaves=(\\d+),sentinels=(\\d+)");

    private final RedisServerProcess primary;
    private final List<RedisServerProcess> replicas;
    private final List<Process> sentinels;
    private final List<Integer> sentinelPorts;

    private RedisSentinelSet(RedisServerProcess primary, List<RedisServerProcess> replicas, List<Process> sentinels,
                             List<Integer> sentinelPorts) {
        this.primary = primary;
        this.replicas = replicas;
        this.sentinels = sentinels;
        this.sentinelPorts = sentinelPorts;
    }

    /** Starts the servers and Sentinels in {@code dir}; returns once the Sentinels see every replica and each other. */
    public static RedisSentinelSet start(Path dir, int replicaCount) throws IOException {
        RedisServerProcess primary = TestRedis.startDedicated(dir.resolve("primary"), true);
        List<RedisServerProcess> replicas = new ArrayList<>();
        for (int i = 0; i < replicaCount; i++) {
            replicas.add(TestRedis.startDedicated(dir.resolve("replica-" + i), true, "--replicaof", "127.0.0.1",
                    Integer.toString(primary.port())));
        }
        List<Process> sentinels = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        RedisSentinelSet set = new RedisSentinelSet(primary, replicas, sentinels, ports);
        Host.onShutdown("stop the Redis Sentinel set", set::close);
        for (int i = 0; i < 3; i++) {
            int port = Host.freeLoopbackPort();
            Path home = Files.createDirectories(dir.resolve("sentinel-" + i));
            Path conf = home.resolve("sentinel.conf");
            Files.writeString(conf, String.join("\n", "port " + port, "bind 127.0.0.1", "dir " + home,
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + primary.port() + " 2",
                    "sentinel down-after-milliseconds " + MASTER + " 1000",
                    "sentinel failover-timeout " + MASTER + " 10000",
                    "sentinel parallel-syncs " + MASTER + " 1", ""));
            sentinels.add(new ProcessBuilder(primary.executable().toString(), conf.toString(), "--sentinel")
                    .directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("sentinel.log").toFile())).start());
            ports.add(port);
        }
        set.await(Duration.ofSeconds(30), "the Sentinels to see " + replicaCount + " replicas and each other",
                () -> set.masterStatus().map(m -> m.replicas() == replicaCount && m.sentinels() == 3).orElse(false));
        SharedServer.LOG.info("Started Redis Sentinel: primary on " + primary.port() + ", replicas on "
                + replicas.stream().map(r -> Integer.toString(r.port())).collect(Collectors.joining(", "))
                + ", Sentinels on " + ports);
        return set;
    }

    /** {@code redis://127.0.0.1:<sentinel>,…}: what a client in sentinel mode is given. */
    public String sentinelUrls() {
        return sentinelPorts.stream().map(p -> "redis://127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public RedisServerProcess primary() {
        return primary;
    }

    /** What the first answering Sentinel says of the primary: its port, how many replicas and Sentinels it knows. */
    public record MasterStatus(String status, int port, int replicas, int sentinels) {
    }

    public java.util.Optional<MasterStatus> masterStatus() {
        for (int port : sentinelPorts) {
            try {
                Matcher m = ADDRESS.matcher(TestRedis.call("redis://127.0.0.1:" + port, "INFO", "sentinel"));
                if (m.find()) {
                    return java.util.Optional.of(new MasterStatus(m.group(1), Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
                }
            } catch (IOException e) {
                // the next one
            }
        }
        return java.util.Optional.empty();
    }

    /** Waits until the Sentinels name a primary other than the one started first; returns its port. */
    public int awaitFailover(Duration bound) throws IOException {
        await(bound, "the Sentinels to promote a replica", () -> masterStatus()
                .map(m -> m.port() != primary.port() && m.status().equals("ok")).orElse(false));
        return masterStatus().orElseThrow().port();
    }

    private void await(Duration bound, String what, java.util.function.BooleanSupplier done) throws IOException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        sentinels.forEach(Process::destroyForcibly);
        replicas.forEach(RedisServerProcess::stop);
        primary.stop();
    }
}
