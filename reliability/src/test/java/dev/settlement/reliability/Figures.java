package dev.settlement.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The figures each reliability test measured, one JSON line per test and backend appended to
 * {@code reliability/target/reliability-figures.jsonl}. With {@code -Dreliability.report=true} every append also
 * updates the committed record, {@code docs/reliability-figures.jsonl} (the newest line of each test and backend, from
 * any checkout and machine), and regenerates {@code docs/reliability.md} from it: a run of one test or backend
 * replaces its own rows and keeps everyone else's.
 */
final class Figures {
    private static final Logger LOG = Logger.getLogger(Figures.class.getName());

    private final String test;
    private final String backend;
    private final Map<String, Object> values = new LinkedHashMap<>();

    Figures(String test, String backend) {
        this.test = test;
        this.backend = backend;
    }

    Figures put(String name, Object value) {
        values.put(name, value);
        return this;
    }

    /** Appends these figures to the file (and regenerates the report when asked to). */
    void record() {
        ObjectNode line = Http.JSON.createObjectNode();
        line.put("test", test).put("backend", backend)
                .put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()).put("machine", machine());
        line.set("figures", Http.JSON.valueToTree(values));
        LOG.info("Reliability figures: " + line);
        Path file = Path.of(System.getProperty("reliability.figures", "target/reliability-figures.jsonl"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (Boolean.getBoolean("reliability.report")) {
                Path record = Path.of(System.getProperty("reliability.record", "../docs/reliability-figures.jsonl"));
                Path docs = Path.of(System.getProperty("reliability.docs", "../docs/reliability.md"));
                List<JsonNode> newest = newestPerTest(record, file);
                StringBuilder lines = new StringBuilder();
                newest.forEach(l -> lines.append(l).append('\n'));
                Files.writeString(record, lines, StandardCharsets.UTF_8);
                Files.writeString(docs, ReliabilityReport.render(newest), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of {@code files}, in order, keeping the newest by date of each test and backend in its first place. */
    static List<JsonNode> newestPerTest(Path... files) throws IOException {
        Map<String, JsonNode> newest = new LinkedHashMap<>();
        for (Path file : files) {
            for (JsonNode line : read(file)) {
                newest.merge(line.get("test").asText() + "/" + line.get("backend").asText(), line,
                        (kept, later) -> later.get("date").asText().compareTo(kept.get("date").asText()) >= 0 ? later : kept);
            }
        }
        return new ArrayList<>(newest.values());
    }

    static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!text.isBlank()) {
                    lines.add(Http.JSON.readTree(text));
                }
            }
        }
        return lines;
    }

    private static String machine() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return host + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version");
    }
}
