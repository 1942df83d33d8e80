package dev.settlement.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load from wrk (a C load generator: the client costs little of the two cores the service shares with it, where
 * the JDK's HttpClient costs as much as the service). Lifecycles run {@code bench/wrk/lifecycle.lua} with one
 * connection per wrk thread, so each connection walks its settlements' five requests in order. Besides throughput
 * and latency, each run measures the service's CPU time per lifecycle (from /proc, user + system) and wrk's own
 * share of the machine, so a figure can be read against what the load generator took.
 */
final class WrkLoad {
    private static final Path SCRIPT = Path.of(System.getProperty("bench.wrk-script", "bench/wrk/lifecycle.lua"));
    private static final Pattern LATENCY = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s)\\s*$");
    /** Linux counts process CPU time in clock ticks of 10 ms (USER_HZ = 100 on every common kernel). */
    private static final double MILLIS_PER_TICK = 10;

    private WrkLoad() {
    }

    /** One wrk run: per second (lifecycles, or requests for a plain GET), latency, and what it cost whom. */
    record Run(double perSecond, double p50Millis, double p99Millis, double serviceCpuMillisPerUnit,
               double wrkCpuShare) {
    }

    /** {@code connections} connections walking lifecycles for {@code duration}; run ids unique per {@code tag}. */
    static Run lifecycles(String base, long servicePid, int connections, Duration duration, String tag)
            throws IOException, InterruptedException {
        return run(servicePid, List.of("-t" + connections, "-c" + connections, "-s", SCRIPT.toString(), base),
                duration, tag, true);
    }

    /** {@code connections} connections reading {@code url} over and over, on two wrk threads. */
    static Run gets(String url, long servicePid, int connections, Duration duration)
            throws IOException, InterruptedException {
        return run(servicePid, List.of("-t2", "-c" + connections, url), duration, "get", false);
    }

    private static Run run(long servicePid, List<String> target, Duration duration, String tag, boolean lifecycles)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "--latency", "-d" + duration.toSeconds() + "s"));
        command.addAll(target);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("WRK_RUN", tag);
        long cpuBefore = cpuTicks(servicePid);
        long started = System.nanoTime();
        Process wrk = builder.start();
        double wrkCpuMillis = 0;
        byte[] output;
        try (var out = wrk.getInputStream()) {
            // wrk's own CPU time, read while it still runs (a finished process has none to read)
            AtomicLong sampler = new AtomicLong();
            Thread poll = new Thread(() -> {
                while (wrk.isAlive()) {
                    wrk.toHandle().info().totalCpuDuration().ifPresent(d -> sampler.set(d.toMillis()));
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            poll.setDaemon(true);
            poll.start();
            output = out.readAllBytes();
            poll.join();
            wrkCpuMillis = sampler.get();
        }
        if (!wrk.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
            throw new IllegalStateException("wrk did not end: " + command);
        }
        double wallMillis = (System.nanoTime() - started) / 1e6;
        double serviceCpuMillis = (cpuTicks(servicePid) - cpuBefore) * MILLIS_PER_TICK;
        String text = new String(output, StandardCharsets.UTF_8);
        if (wrk.exitValue() != 0) {
            throw new IllegalStateException("wrk failed (" + wrk.exitValue() + "): " + command + "\n" + text);
        }
        Map<String, Double> latency = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = LATENCY.matcher(line);
            if (m.matches()) {
                double value = Double.parseDouble(m.group(2));
                latency.put(m.group(1), switch (m.group(3)) {
                    case "us" -> value / 1000;
                    case "s" -> value * 1000;
                    default -> value;
                });
            }
        }
        double perSecond;
        if (lifecycles) {
            if (value(text, "unexpected") != 0) {
                throw new IllegalStateException("answers other than 200/201 under load:\n" + text);
            }
            perSecond = value(text, "lifecycles/s");
        } else {
            if (text.contains("Non-2xx")) {
                throw new IllegalStateException("answers other than 2xx under load:\n" + text);
            }
            perSecond = value(text, "Requests/sec:");
        }
        long units = Math.round(perSecond * duration.toSeconds());
        return new Run(perSecond, latency.getOrDefault("50", Double.NaN), latency.getOrDefault("99", Double.NaN),
                units == 0 ? Double.NaN : serviceCpuMillis / units,
                wrkCpuMillis / (wallMillis * Runtime.getRuntime().availableProcessors()));
    }

    /** The number after {@code label} on its line of wrk's output (the script's done() writes "label value"). */
    private static double value(String text, String label) {
        for (String line : text.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith(label)) {
                return Double.parseDouble(trimmed.substring(label.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no '" + label + "' in wrk's output:\n" + text);
    }

    /** utime + stime of a process, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // the command name (field 2) may hold spaces: count fields after its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
