package dev.settlement.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of a test's own: three masters and three replicas, each a {@link RedisServerProcess} from the
 * system's {@code redis-server} on a free loopback port ({@code --cluster-enabled yes}, {@code --cluster-node-timeout
 * 2000}, append-only), joined with {@code redis-cli --cluster create … --cluster-replicas 1}, in one temp directory.
 * It is ready when every node reports {@code cluster_state:ok} and every replica is linked to its master.
 *
 * <p>What a test does to the running cluster (find the master of a key, SIGKILL it, wait for the cluster to heal,
 * empty a key prefix) is also static, taking only the nodes' URLs: a Quarkus test reaches the cluster its test
 * resource started through configuration, not through this object.
 */
public final class RedisClusterProcess implements AutoCloseable {
    /** Failure detection: a master that does not answer for this long is failed over to its replica. */
    public static final int NODE_TIMEOUT_MILLIS = 2000;
    private static final int MASTERS = 3;
    private static final long READY_TIMEOUT_MILLIS = 30_000;
    private static final String INSTALL = "the Debian package redis-server (apt-get install redis-server), which has "
            + "redis-server and redis-cli";

    private final Path dir;
    private final List<RedisServerProcess> nodes;

    private RedisClusterProcess(Path dir, List<RedisServerProcess> nodes) {
        this.dir = dir;
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Starts the six nodes in a new temp directory, creates the cluster and waits until it serves every slot. Fails
     * (never skips, {@code CI=true} or not) when redis-server or redis-cli is missing, naming the package.
     */
    public static RedisClusterProcess start() {
        long started = System.currentTimeMillis();
        Path dir = null;
        List<RedisServerProcess> nodes = new ArrayList<>();
        try {
            Path cli = Host.executable("redis-cli", "/usr/bin", "/usr/local/bin")
                    .orElseThrow(() -> new IOException("no redis-cli on PATH or in /usr/bin"));
            dir = Files.createTempDirectory("settlement-test-redis-cluster-");
            for (int i = 0; i < 2 * MASTERS; i++) {
                nodes.add(RedisServerProcess.start(dir.resolve("node-" + i), true, List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout",
                        String.valueOf(NODE_TIMEOUT_MILLIS),
                        // a replica's first sync starts at once, not after the default 5 s wait for more replicas
                        "--repl-diskless-sync-delay", "0")));
            }
            List<String> create = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
            nodes.forEach(node -> create.add("127.0.0.1:" + node.port()));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Host.run(create, dir, dir.resolve("cluster-create.log"), 60);
            RedisClusterProcess cluster = new RedisClusterProcess(dir, nodes);
            Host.onShutdown("stop the temporary Redis Cluster", cluster::close);
            awaitReady(cluster.urls(), READY_TIMEOUT_MILLIS);
            SharedServer.LOG.info("Test Redis Cluster: started " + MASTERS + " masters and " + MASTERS
                    + " replicas on 127.0.0.1:" + nodes.stream().map(n -> String.valueOf(n.port()))
                    .collect(Collectors.joining(",")) + " from " + nodes.get(0).executable() + " and " + cli
                    + " (append-only, cluster-node-timeout " + NODE_TIMEOUT_MILLIS + " ms) in " + dir + ", ready after "
                    + (System.currentTimeMillis() - started) + " ms");
            return cluster;
        } catch (IOException | RuntimeException e) {
            nodes.forEach(RedisServerProcess::stop);
            if (dir != null) {
                Host.deleteRecursively(dir);
            }
            String ci = Host.isCi() ? " CI=true: failing rather than skipping." : "";
            throw new IllegalStateException("Test Redis Cluster: cannot start one (" + e.getMessage() + "). Install "
                    + INSTALL + "." + ci, e);
        }
    }

    /** Every node's URL, comma-separated ({@code redis://127.0.0.1:p1,redis://127.0.0.1:p2,…}): the client's seeds. */
    public String urls() {
        return nodes.stream().map(RedisServerProcess::url).collect(Collectors.joining(","));
    }

    /** The directory holding each node's files ({@code node-<i>/redis-server.log}, {@code nodes.conf}, AOF). */
    public Path dir() {
        return dir;
    }

    /** Stops every node that still runs and deletes the directory. */
    @Override
    public void close() {
        nodes.forEach(RedisServerProcess::stop);
        Host.deleteRecursively(dir);
    }

    /**
     * The URL of the master serving the slot of {@code key} (as the first node of {@code urls} that answers sees the
     * cluster: {@code CLUSTER NODES}), e.g. {@code redis://127.0.0.1:40101}.
     */
    public static String masterOf(String urls, String key) {
        return findMaster(urls, key).orElseThrow(() -> new IllegalStateException("no master serves the slot of " + key
                + " (" + urls + ")"));
    }

    /** {@link #masterOf}, or empty while none serves the slot (its master failed and no replica has taken over). */
    private static Optional<String> findMaster(String urls, String key) {
        try {
            String node = anyNode(urls);
            int slot = Integer.parseInt(TestRedis.call(node, "CLUSTER", "KEYSLOT", key).substring(1));
            for (String line : TestRedis.call(node, "CLUSTER", "NODES").split("\n")) {
                // <id> <ip:port@cport> <flags> <master> <ping> <pong> <epoch> <link> <slot or range> ...
                String[] f = line.trim().split(" ");
                if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
                    continue;
                }
                for (int i = 8; i < f.length; i++) {
                    String[] range = f[i].split("-");
                    if (!range[0].startsWith("[") && Integer.parseInt(range[0]) <= slot
                            && slot <= Integer.parseInt(range[range.length - 1])) {
                        return Optional.of("redis://" + f[1].substring(0, f[1].indexOf('@')));
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills the node at {@code url} with SIGKILL (its {@code process_id} from INFO), like a crash, and waits until it
     * is gone. Only for nodes this JVM started.
     */
    public static void kill(String url) {
        try {
            String pid = infoField(TestRedis.call(url, "INFO", "server"), "process_id")
                    .orElseThrow(() -> new IllegalStateException("no process_id in INFO of " + url));
            ProcessHandle process = ProcessHandle.of(Long.parseLong(pid))
                    .orElseThrow(() -> new IllegalStateException("no process " + pid + " for " + url));
            process.destroyForcibly();
            process.onExit().get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until every node that still answers reports {@code cluster_state:ok} and every replica among them is
     * linked to its master; fails after {@code timeoutMillis}.
     */
    public static void awaitReady(String urls, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = notReady(urls);
            if (last == null) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("Redis Cluster " + urls + " not ready after " + timeoutMillis + " ms: " + last);
    }

    /**
     * After {@link #kill} of {@code oldMaster}: waits until another node serves the slot of {@code key} and the cluster
     * is ready again; returns the new master's URL.
     */
    public static String awaitNewMaster(String urls, String key, String oldMaster, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            Optional<String> master = findMaster(urls, key);
            if (master.isPresent() && !master.get().equals(oldMaster)) {
                awaitReady(urls, Math.max(1, deadline - System.currentTimeMillis()));
                return master.get();
            }
            sleep(50);
        }
        throw new IllegalStateException("no replica took over " + oldMaster + " within " + timeoutMillis + " ms");
    }

    /**
     * Deletes every key under {@code prefix} ({@link TestRedis#deleteKeys}) on each master that answers: the keys of a
     * prefix share one slot, so they are on one of them.
     */
    static void deleteKeys(String urls, String prefix) {
        for (String url : answering(urls)) {
            try {
                if ("master".equals(infoField(TestRedis.call(url, "INFO", "replication"), "role").orElse(""))) {
                    TestRedis.deleteKeys(url, prefix);
                }
            } catch (IOException e) {
                // gone between the two calls: it holds nothing a live master does not
            }
        }
    }

    /** Why the cluster is not ready (the first node that says so), or null. */
    private static String notReady(String urls) {
        List<String> up = answering(urls);
        if (up.isEmpty()) {
            return "no node answers";
        }
        for (String url : up) {
            try {
                if (!TestRedis.call(url, "CLUSTER", "INFO").contains("cluster_state:ok")) {
                    return url + " has not cluster_state:ok";
                }
                String replication = TestRedis.call(url, "INFO", "replication");
                if ("slave".equals(infoField(replication, "role").orElse(""))
                        && !"up".equals(infoField(replication, "master_link_status").orElse(""))) {
                    return url + " is a replica not linked to its master";
                }
            } catch (IOException e) {
                return url + ": " + e.getMessage();
            }
        }
        return null;
    }

    private static String anyNode(String urls) {
        List<String> up = answering(urls);
        if (up.isEmpty()) {
            throw new IllegalStateException("no node of " + urls + " answers");
        }
        return up.get(0);
    }

    /** The nodes of {@code urls} that answer PING. */
    private static List<String> answering(String urls) {
        List<String> up = new ArrayList<>();
        for (String url : urls.split(",")) {
            try {
                if (TestRedis.ping(url.trim()).startsWith("+PONG")) {
                    up.add(url.trim());
                }
            } catch (IOException e) {
                // down
            }
        }
        return up;
    }

    private static Optional<String> infoField(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Optional.of(line.substring(name.length() + 1).trim());
            }
        }
        return Optional.empty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
