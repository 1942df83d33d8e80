package dev.settlement.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed figures and the committed report agree, and a new run replaces only its own rows. */
class ReliabilityReportTest {
    private static final Path DOCS = Path.of(System.getProperty("reliability.docs", "../docs/reliability.md"));
    private static final Path RECORD = Path.of(System.getProperty("reliability.record", "../docs/reliability-figures.jsonl"));

    @Test
    void theCommittedReportIsRenderedFromTheCommittedFigures() throws IOException {
        assertThat(ReliabilityReport.render(Figures.read(RECORD)))
                .as("docs/reliability.md must be regenerated from docs/reliability-figures.jsonl (reliability/run.sh)")
                .isEqualTo(Files.readString(DOCS, StandardCharsets.UTF_8));
    }

    @Test
    void aRunReplacesTheOlderLineOfItsTestAndBackendInItsPlaceAndKeepsTheOthers(@TempDir Path dir) throws IOException {
        Path record = Files.writeString(dir.resolve("record.jsonl"), """
                {"test":"crash","backend":"sqlite","date":"2026-11-01T10:00:00Z","machine":"a","figures":{"lost":0}}
                {"test":"crash","backend":"redis","date":"2026-11-01T10:05:00Z","machine":"a","figures":{"lost":0}}
                """);
        Path run = Files.writeString(dir.resolve("run.jsonl"), """
                {"test":"crash","backend":"sqlite","date":"2026-11-02T09:00:00Z","machine":"b","figures":{"lost":1}}
                {"test":"outage","backend":"redis","date":"2026-11-02T09:01:00Z","machine":"b","figures":{"lost":0}}
                {"test":"crash","backend":"redis","date":"2026-10-01T00:00:00Z","machine":"old","figures":{"lost":7}}
                """);

        List<JsonNode> newest = Figures.newestPerTest(record, run);

        assertThat(newest).extracting(l -> l.get("test").asText() + "/" + l.get("backend").asText() + " on "
                + l.get("machine").asText())
                .containsExactly("crash/sqlite on b", "crash/redis on a", "outage/redis on b");
    }
}
