package dev.settlement.bench;

import dev.settlement.testing.JdbcTarget;
import dev.settlement.testing.ServiceProcess;
import dev.settlement.testing.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * How long each console page takes with {@code rows} settlements in the store (issue 13: under 50 ms): the packaged
 * service on SQLite and on PostgreSQL, the store bulk-loaded with {@link Synthetic} rows (70% complete, 15% failed or
 * timed out, 15% active over 100 solvers), then every page asked for one at a time, after a warm-up. The time is the
 * whole request over loopback as the client sees it, so the server's part is a little less.
 */
final class ConsoleBench {
    private static final Logger LOG = Logger.getLogger(ConsoleBench.class);
    private static final int WARM_UP = 30;

    private ConsoleBench() {
    }

    static Map<String, Object> run(Path serviceJar, Path work, int rows, int repetitions) throws Exception {
        Files.createDirectories(work);
        long now = Instant.now().getEpochSecond();
        Synthetic data = new Synthetic(now);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rows", rows);
        result.put("repetitions", repetitions);

        Path db = work.resolve("console-bench.db");
        Files.deleteIfExists(db);
        try (ServiceProcess sqlite = ServiceProcess.start(serviceJar, work.resolve("console-sqlite.log"),
                List.of("-Dquarkus.profile=sqlite", "-Dsettlement.sqlite.path=" + db))) {
            LOG.infof("console bench: loading %d settlements into SQLite", rows);
            BulkLoad.sqlite("jdbc:sqlite:" + db, data, 0, rows);
            result.put("sqlite", pages(sqlite.baseUrl(), rows, repetitions));
        }

        JdbcTarget database = TestPostgres.freshDatabase("console_bench");
        List<String> options = new ArrayList<>(List.of("-Dquarkus.profile=postgres"));
        options.addAll(ServiceProcess.postgresOptions(database));
        try (ServiceProcess postgres = ServiceProcess.start(serviceJar, work.resolve("console-postgres.log"), options)) {
            LOG.infof("console bench: loading %d settlements into PostgreSQL", rows);
            BulkLoad.postgres(database.url(), database.username(), database.password(), data, 0, rows);
            result.put("postgres", pages(postgres.baseUrl(), rows, repetitions));
        }
        return result;
    }

    /** Median, 95th percentile and maximum milliseconds of each page. */
    private static Map<String, Object> pages(String base, int rows, int repetitions) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("overview", "/console");
        pages.put("settlements", "/console/settlements");
        pages.put("settlements, status=FAILED", "/console/settlements?status=FAILED");
        pages.put("settlements, one solver", "/console/settlements?solverId=" + Synthetic.solver(7));
        pages.put("settlements, page 2", null); // the next page of the unfiltered list, from page 1's link
        pages.put("settlement", "/console/settlements/" + Synthetic.id(rows / 2));
        pages.put("stuck", "/console/stuck");
        pages.put("webhooks", "/console/webhooks");
        Map<String, Object> timings = new LinkedHashMap<>();
        for (Map.Entry<String, String> page : pages.entrySet()) {
            String path = page.getValue() != null ? page.getValue() : nextPage(client, base);
            double[] millis = new double[repetitions];
            for (int i = 0; i < WARM_UP + repetitions; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                long elapsed = System.nanoTime() - t0;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(path + " answered " + response.statusCode());
                }
                if (i >= WARM_UP) {
                    millis[i - WARM_UP] = elapsed / 1e6;
                }
            }
            Arrays.sort(millis);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("path", path);
            figures.put("median_ms", round(millis[millis.length / 2]));
            figures.put("p95_ms", round(millis[(int) Math.ceil(millis.length * 0.95) - 1]));
            figures.put("max_ms", round(millis[millis.length - 1]));
            timings.put(page.getKey(), figures);
            LOG.infof("console bench: %s %s median %.1f ms", base, path, millis[millis.length / 2]);
        }
        return timings;
    }

    private static String nextPage(HttpClient client, String base) throws IOException, InterruptedException {
        String html = client.send(HttpRequest.newBuilder(URI.create(base + "/console/settlements")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        int at = html.indexOf("id=\"next-page\" href=\"");
        if (at < 0) {
            throw new IllegalStateException("the settlement list has no next page");
        }
        int start = at + "id=\"next-page\" href=\"".length();
        return html.substring(start, html.indexOf('"', start)).replace("&amp;", "&");
    }

    private static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }

    /** docs/benchmarks-console.md from a result of {@link #run}. */
    static String report(Map<String, Object> result, String machine, String date) {
        StringBuilder doc = new StringBuilder("# Console page times\n\n")
                .append("Generated by `bench/console-render.sh` on ").append(date).append(", ").append(machine)
                .append(". The packaged service with ").append(String.format("%,d", result.get("rows")))
                .append(" settlements bulk-loaded into its store (70% complete, 15% failed or timed out, 15% active "
                        + "over 100 solvers, so about 15,000 active); each page asked for ")
                .append(result.get("repetitions")).append(" times one after another after ").append(WARM_UP)
                .append(" warm-up requests. Milliseconds for the whole request over loopback, as the client saw it "
                        + "(the server's part is a little less). Target: under 50 ms.\n\n")
                .append("| page | SQLite median | p95 | max | PostgreSQL median | p95 | max |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> sqlite = (Map<String, Map<String, Object>>) result.get("sqlite");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> postgres = (Map<String, Map<String, Object>>) result.get("postgres");
        for (String page : sqlite.keySet()) {
            Map<String, Object> s = sqlite.get(page);
            Map<String, Object> p = postgres.get(page);
            doc.append("| ").append(page).append(" | ").append(s.get("median_ms")).append(" | ").append(s.get("p95_ms"))
                    .append(" | ").append(s.get("max_ms")).append(" | ").append(p.get("median_ms")).append(" | ")
                    .append(p.get("p95_ms")).append(" | ").append(p.get("max_ms")).append(" |\n");
        }
        doc.append("\nThe overview is the heaviest page: its count by status reads every row on a SQL store (about 20 ms per "
                + "100,000 rows on PostgreSQL here, growing with the table), so it runs beside the overview's other "
                + "reads. The list pages are keyset queries on indexes and do not grow with the table.\n");
        return doc.toString();
    }
}
