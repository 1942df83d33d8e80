package dev.settlement.bench;

import dev.settlement.testing.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jboss.logging.Logger;

/**
 * HTTP end to end and footprint: the packaged service started as a user starts it ({@code -Dquarkus.profile=…}, as
 * PackagedServiceIT does), a closed-loop driver on loopback doing whole lifecycles (create, get, three events,
 * complete, a list by solver), latency per request type in HdrHistograms; start-up time to the first 200 of
 * /q/health/ready and resident memory (VmRSS) after the load.
 */
final class HttpBench {
    private static final Logger LOG = Logger.getLogger(HttpBench.class);
    static final List<String> TYPES = List.of("create", "get", "event", "complete", "list");

    private final Path serviceJar;
    private final Path logDir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    HttpBench(Path serviceJar, Path logDir) {
        this.serviceJar = serviceJar;
        this.logDir = logDir;
    }

    /** {@code wrkConnections}: the connection counts of the wrk lifecycle runs ({@link WrkLoad}). */
    record Settings(int runs, int starts, int callers, Duration warmup, Duration duration, long maxLifecycles,
                    List<Integer> wrkConnections) {
    }

    Map<String, Object> run(String backend, List<String> options, Settings settings) throws Exception {
        List<Double> startupMillis = new ArrayList<>();
        List<Double> throughput = new ArrayList<>();
        Map<String, Map<String, List<Double>>> latency = new LinkedHashMap<>();
        double rssMiB;
        Map<String, Object> wrk;
        try (ServiceProcess service = start(backend, options, startupMillis)) {
            String base = service.baseUrl();
            runLoad(base, "w", settings.callers(), settings.warmup(), settings.maxLifecycles(), null);
            for (int run = 0; run < settings.runs(); run++) {
                Map<String, Histogram> histograms = new LinkedHashMap<>();
                TYPES.forEach(t -> histograms.put(t, new ConcurrentHistogram(60_000_000L, 3)));
                ClosedLoop.Result result = runLoad(base, "m" + run, settings.callers(), settings.duration(),
                        settings.maxLifecycles(), histograms);
                throughput.add(result.perSecond());
                histograms.forEach((type, h) -> {
                    Map<String, List<Double>> percentiles = latency.computeIfAbsent(type, t -> new LinkedHashMap<>());
                    for (double p : new double[] {50, 99, 99.9}) {
                        percentiles.computeIfAbsent("p" + (p == 99.9 ? "99.9" : String.valueOf((int) p)),
                                k -> new ArrayList<>()).add(h.getValueAtPercentile(p) / 1000.0);
                    }
                });
            }
            wrk = wrk(service, settings);
            rssMiB = residentMiB(service.pid());
        }
        for (int again = 1; again < settings.starts(); again++) {
            start(backend, options, startupMillis).close();
        }
        LOG.infof("%s over HTTP: %s lifecycles/s, start-up %s ms, RSS %.0f MiB", backend,
                Spread.of(throughput).format(0), Spread.of(startupMillis).format(0), rssMiB);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("backend", backend);
        result.put("callers", settings.callers());
        result.put("lifecyclesPerSecond", throughput);
        result.put("latencyMillis", latency);
        result.put("startupMillis", startupMillis);
        result.put("rssMiB", rssMiB);
        result.put("wrk", wrk);
        return result;
    }

    /**
     * Lifecycles from wrk at each of the settings' connection counts (after a warm-up at that count), then GETs of one
     * settlement with 32 connections: per connection count (and "get") the runs' figures, each a list over runs.
     */
    private Map<String, Object> wrk(ServiceProcess service, Settings settings) throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        String base = service.baseUrl();
        for (int connections : settings.wrkConnections()) {
            WrkLoad.lifecycles(base, service.pid(), connections, settings.warmup(), "warm" + connections);
            List<WrkLoad.Run> runs = new ArrayList<>();
            for (int run = 0; run < settings.runs(); run++) {
                runs.add(WrkLoad.lifecycles(base, service.pid(), connections, settings.duration(),
                        "c" + connections + "r" + run));
            }
            figures.put(String.valueOf(connections), columns(runs));
            LOG.infof("  wrk, %d connections: %s lifecycles/s", connections,
                    Spread.of(runs.stream().map(WrkLoad.Run::perSecond).toList()).format(0));
        }
        String id = "wrk-get";
        call(null, "create", 201, post(base + "/settlements", "{\"id\":\"" + id + "\",\"intentId\":\"" + id
                + "\",\"userAddress\":\"cosmos1user\",\"inputAsset\":{\"chainId\":\"cosmoshub-4\",\"denom\":"
                + "\"uatom\",\"amount\":\"1\"},\"outputAsset\":{\"chainId\":\"osmosis-1\",\"denom\":\"uosmo\","
                + "\"amount\":\"1\"}}"));
        WrkLoad.gets(base + "/settlements/" + id, service.pid(), 32, settings.warmup());
        List<WrkLoad.Run> gets = new ArrayList<>();
        for (int run = 0; run < settings.runs(); run++) {
            gets.add(WrkLoad.gets(base + "/settlements/" + id, service.pid(), 32, settings.duration()));
        }
        figures.put("get", columns(gets));
        return figures;
    }

    private static Map<String, Object> columns(List<WrkLoad.Run> runs) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("perSecond", runs.stream().map(WrkLoad.Run::perSecond).toList());
        columns.put("p50Millis", runs.stream().map(WrkLoad.Run::p50Millis).toList());
        columns.put("p99Millis", runs.stream().map(WrkLoad.Run::p99Millis).toList());
        columns.put("serviceCpuMillis", runs.stream().map(WrkLoad.Run::serviceCpuMillisPerUnit).toList());
        columns.put("wrkCpuShare", runs.stream().map(WrkLoad.Run::wrkCpuShare).toList());
        return columns;
    }

    private ClosedLoop.Result runLoad(String base, String run, int callers, Duration duration, long max,
                                      Map<String, Histogram> histograms) {
        return ClosedLoop.run(callers, duration, max, (caller, n) -> {
            Lifecycle l = new Lifecycle(run, caller, n);
            String id = l.id();
            call(histograms, "create", 201, post(base + "/settlements", "{\"id\":\"" + id + "\",\"intentId\":\""
                    + l.intentId() + "\",\"solverId\":\"" + l.solverId() + "\",\"userAddress\":\"" + l.userAddress()
                    + "\",\"inputAsset\":{\"chainId\":\"cosmoshub-4\",\"denom\":\"uatom\",\"amount\":\"1000000\"},"
                    + "\"outputAsset\":{\"chainId\":\"osmosis-1\",\"denom\":\"uosmo\",\"amount\":\"5000000\"}}"));
            call(histograms, "get", 200, get(base + "/settlements/" + id));
            String events = base + "/settlements/" + id + "/events";
            call(histograms, "event", 200, post(events, "{\"type\":\"USER_LOCKED\",\"escrowId\":\"" + l.escrowId()
                    + "\",\"txHash\":\"" + l.txHash(1) + "\"}"));
            call(histograms, "event", 200, post(events, "{\"type\":\"SOLVER_LOCKED\",\"bondId\":\"" + l.bondId()
                    + "\",\"txHash\":\"" + l.txHash(2) + "\"}"));
            call(histograms, "event", 200, post(events, "{\"type\":\"IBC_TRANSFER_STARTED\",\"sequence\":"
                    + l.ibcSequence() + ",\"txHash\":\"" + l.txHash(3) + "\"}"));
            call(histograms, "complete", 200, post(base + "/settlements/" + id + "/complete",
                    "{\"result\":\"SUCCESS\",\"outputDelivered\":\"5000000\",\"txHash\":\"" + l.txHash(4) + "\"}"));
            call(histograms, "list", 200, get(base + "/settlements?solverId=" + l.solverId() + "&limit=10"));
        });
    }

    private void call(Map<String, Histogram> histograms, String type, int expected, HttpRequest request)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long micros = (System.nanoTime() - t0) / 1000;
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        if (histograms != null) {
            histograms.get(type).recordValue(Math.min(micros, 60_000_000L));
        }
    }

    private static HttpRequest post(String uri, String json) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static HttpRequest get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    /**
     * Starts the jar with {@code options} (the backend's profile first) and waits for its first 200 on
     * /q/health/ready; adds the time that took to {@code startup}.
     */
    private ServiceProcess start(String backend, List<String> options, List<Double> startup) throws IOException {
        long t0 = System.nanoTime();
        ServiceProcess service = ServiceProcess.start(serviceJar, logDir.resolve("service-" + backend + ".log"), options);
        startup.add((System.nanoTime() - t0) / 1e6);
        return service;
    }

    /** VmRSS of a process, in MiB (Linux). */
    static double residentMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
