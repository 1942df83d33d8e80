package dev.settlement.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads every settlement and its history over HTTP and checks what must hold after anything: each record is whole
 * (its status is its last transition's target, its version is its history's length + 1, sequences run 1..n without
 * gaps, each transition starts where the previous one ended), no id is listed twice, every acknowledged write is
 * there (at least at the acknowledged version), and the rules on active settlements hold.
 */
final class Audit {
    static final Set<String> ACTIVE = Set.of("PENDING", "USER_LOCKED", "SOLVER_LOCKED", "EXECUTING");

    /** {@code lostIds}: the settlements whose acknowledged state is missing or behind. */
    record Result(Map<String, JsonNode> records, Map<String, List<JsonNode>> histories, List<String> problems,
                  Set<String> lostIds) {
        long lost() {
            return lostIds.size();
        }

        int transitions() {
            return histories.values().stream().mapToInt(List::size).sum();
        }
    }

    private Audit() {
    }

    /**
     * @param maxActivePerSolver the configured capacity, checked per solver
     */
    static Result run(Http http, Journal journal, int maxActivePerSolver) throws Exception {
        Map<String, JsonNode> records = listAll(http);
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<JsonNode>> histories = histories(http, records.keySet());
        records.forEach((id, record) -> checkWhole(id, record, histories.get(id), problems));
        Set<String> lost = new HashSet<>();
        for (Map.Entry<String, Journal.Ack> ack : journal.acks().entrySet()) {
            JsonNode record = records.get(ack.getKey());
            if (record == null) {
                lost.add(ack.getKey());
                problems.add(ack.getKey() + ": acknowledged at v" + ack.getValue().version() + " but missing");
            } else if (record.get("version").asLong() < ack.getValue().version()) {
                lost.add(ack.getKey());
                problems.add(ack.getKey() + ": acknowledged at v" + ack.getValue().version() + " but stored at v"
                        + record.get("version").asLong());
            } else if (record.get("version").asLong() == ack.getValue().version()
                    && !record.get("status").asText().equals(ack.getValue().status())) {
                lost.add(ack.getKey());
                problems.add(ack.getKey() + ": acknowledged " + ack.getValue() + " but stored as "
                        + record.get("status").asText());
            }
        }
        problems.addAll(ruleViolations(records.values(), maxActivePerSolver));
        return new Result(records, histories, List.copyOf(problems), Set.copyOf(lost));
    }

    /** Every settlement, through the paged list (creation order, cursor). */
    static Map<String, JsonNode> listAll(Http http) throws IOException {
        Map<String, JsonNode> records = new LinkedHashMap<>();
        String cursor = null;
        do {
            Http.Reply page = http.get("/settlements?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            if (page.status() != 200) {
                throw new IllegalStateException("list answered " + page.status() + ": " + page.body());
            }
            JsonNode body = page.json();
            for (JsonNode item : body.get("items")) {
                if (records.put(item.get("id").asText(), item) != null) {
                    throw new IllegalStateException("the list returned " + item.get("id").asText() + " twice");
                }
            }
            cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asText();
        } while (cursor != null);
        return records;
    }

    /** One active settlement per intent at most; at most {@code maxActivePerSolver} active per solver. */
    static List<String> ruleViolations(Iterable<JsonNode> records, int maxActivePerSolver) {
        Map<String, Integer> perIntent = new HashMap<>();
        Map<String, Integer> perSolver = new HashMap<>();
        for (JsonNode record : records) {
            if (ACTIVE.contains(record.get("status").asText())) {
                perIntent.merge(record.get("intentId").asText(), 1, Integer::sum);
                if (!record.get("solverId").isNull()) {
                    perSolver.merge(record.get("solverId").asText(), 1, Integer::sum);
                }
            }
        }
        List<String> violations = new ArrayList<>();
        perIntent.forEach((intent, n) -> {
            if (n > 1) {
                violations.add("intent " + intent + " has " + n + " active settlements");
            }
        });
        perSolver.forEach((solver, n) -> {
            if (n > maxActivePerSolver) {
                violations.add("solver " + solver + " holds " + n + " active settlements (max " + maxActivePerSolver + ")");
            }
        });
        return violations;
    }

    private static Map<String, List<JsonNode>> histories(Http http, Set<String> ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Map<String, Future<List<JsonNode>>> pending = new LinkedHashMap<>();
            for (String id : ids) {
                pending.put(id, pool.submit(() -> history(http, id)));
            }
            Map<String, List<JsonNode>> histories = new HashMap<>();
            for (Map.Entry<String, Future<List<JsonNode>>> entry : pending.entrySet()) {
                histories.put(entry.getKey(), entry.getValue().get());
            }
            return histories;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<JsonNode> history(Http http, String id) {
        try {
            Http.Reply reply = http.get("/settlements/" + id + "/history");
            if (reply.status() != 200) {
                throw new IllegalStateException("history of " + id + " answered " + reply.status() + ": " + reply.body());
            }
            List<JsonNode> transitions = new ArrayList<>();
            reply.json().forEach(transitions::add);
            return transitions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkWhole(String id, JsonNode record, List<JsonNode> history, List<String> problems) {
        long version = record.get("version").asLong();
        String status = record.get("status").asText();
        if (version != history.size() + 1) {
            problems.add(id + ": version " + version + " with " + history.size() + " transitions");
        }
        String expectedFrom = "PENDING";
        for (int i = 0; i < history.size(); i++) {
            JsonNode transition = history.get(i);
            if (transition.get("sequence").asLong() != i + 1) {
                problems.add(id + ": transition " + (i + 1) + " has sequence " + transition.get("sequence"));
            }
            if (!transition.get("fromStatus").asText().equals(expectedFrom)) {
                problems.add(id + ": transition " + (i + 1) + " starts at " + transition.get("fromStatus")
                        + " but the settlement was " + expectedFrom);
            }
            expectedFrom = transition.get("toStatus").asText();
        }
        if (!status.equals(expectedFrom)) {
            problems.add(id + ": status " + status + " but its history ends at " + expectedFrom);
        }
    }
}
