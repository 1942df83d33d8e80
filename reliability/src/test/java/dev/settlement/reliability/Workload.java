package dev.settlement.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load: threads that each take settlements through whole lifecycles, one after another, with random failures,
 * time-outs, conditional writes (If-Match) and replays. Every 2xx goes to the {@link Journal}. When an answer is
 * missing (connection lost, time-out) or is 503, the thread does not know whether the write happened: it reads the
 * settlement back once the service answers again and carries on from what is really there.
 *
 * <p>Anything a correct service would not answer is collected in {@link #unexpected()}: a 500, a 503 without
 * {@code STORE_UNAVAILABLE}, a refusal of a step that the settlement's known status allows, a replay that wrote.
 */
final class Workload {
    private static final long RETRY_PAUSE_MILLIS = 50;

    private final Http http;
    private final Journal journal;
    private final String idPrefix;
    private final int solvers;
    private final long seed;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    final AtomicLong requests = new AtomicLong();
    final AtomicLong connectionFailures = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();
    final AtomicLong maxMillis = new AtomicLong();
    final AtomicLong maxUnavailableMillis = new AtomicLong();
    /** 5xx answers other than 503 STORE_UNAVAILABLE (each also in {@link #unexpected()}). */
    final AtomicLong serverErrors = new AtomicLong();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

    Workload(Http http, Journal journal, String idPrefix, int solvers, long seed) {
        this.http = http;
        this.journal = journal;
        this.idPrefix = idPrefix;
        this.solvers = solvers;
        this.seed = seed;
    }

    void start(int threadCount) {
        for (int t = 0; t < threadCount; t++) {
            int index = t;
            Thread thread = new Thread(() -> run(index), "load-" + idPrefix + "-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stops the threads; returns false if one of them did not end within {@code bound} (a hang). */
    boolean stop(Duration bound) throws InterruptedException {
        stopped = true;
        long deadline = System.nanoTime() + bound.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    @Override
    public String toString() {
        return requests + " requests, " + connectionFailures + " without answer, " + unavailable + " 503, max "
                + maxMillis + " ms, unexpected: " + unexpected.size();
    }

    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    private void run(int index) {
        Random random = new Random(seed * 31 + index);
        for (int n = 0; !stopped; n++) {
            String id = idPrefix + "-" + index + "-" + n;
            JsonNode state = create(id, random);
            while (state != null && !stopped && isActive(state)) {
                state = step(id, state, random);
            }
        }
    }

    /** Creates {@code id}; if the answer is lost, reads it back (and creates again if it is not there). */
    private JsonNode create(String id, Random random) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("intentId", "intent-" + id);
        body.put("solverId", "solver-" + random.nextInt(solvers));
        body.put("userAddress", "cosmos1" + id);
        body.put("inputAsset", Map.of("chainId", "cosmoshub-4", "denom", "uatom", "amount", "1000000"));
        body.put("outputAsset", Map.of("chainId", "osmosis-1", "denom", "uosmo", "amount", "340282366920938463463374607431768211455"));
        while (!stopped) {
            Http.Reply created = attempt(() -> http.post("/settlements", body));
            if (created != null) {
                if (created.status() == 201) {
                    JsonNode record = created.json();
                    journal.acknowledged(id, record.get("version").asLong(), record.get("status").asText());
                    return record;
                }
                if (!"DUPLICATE_ID".equals(created.code())) {
                    unexpected("create " + id, created);
                    return null;
                }
            }
            JsonNode there = read(id, true);
            if (there != null) {
                return there;
            }
        }
        return null;
    }

    /** Takes one step from {@code state}; returns the settlement as it is afterwards, null to give it up. */
    private JsonNode step(String id, JsonNode state, Random random) {
        String status = state.get("status").asText();
        long version = state.get("version").asLong();
        String[] change = random.nextInt(100) < 8 ? giveUp(random) : forward(status, random);
        Map<String, String> headers = random.nextBoolean() ? Map.of("If-Match", "\"" + version + "\"") : Map.of();
        String path = "/settlements/" + id + "/" + change[0];
        Http.Reply reply = attempt(() -> http.post(path, change[1], headers));
        if (reply == null) {
            return read(id, false);
        }
        if (!reply.ok()) {
            unexpected(status + " v" + version + " " + path + " " + change[1], reply);
            return null;
        }
        JsonNode next = reply.json();
        long nextVersion = next.get("version").asLong();
        if (nextVersion != version + 1) {
            unexpected.add(path + " from v" + version + " answered v" + nextVersion);
        }
        journal.acknowledged(id, nextVersion, next.get("status").asText());
        if (random.nextInt(100) < 5) {
            Http.Reply replay = attempt(() -> http.post(path, change[1]));
            if (replay != null && (!replay.ok() || replay.json().get("version").asLong() != nextVersion)) {
                unexpected("replay of " + path + " " + change[1] + " at v" + nextVersion, replay);
            }
        }
        return next;
    }

    private static String[] forward(String status, Random random) {
        return switch (status) {
            case "PENDING" -> new String[] {"events", "{\"type\":\"USER_LOCKED\",\"escrowId\":\"escrow-" + random.nextInt(1000) + "\",\"txHash\":\"0xa1\"}"};
            case "USER_LOCKED" -> new String[] {"events", "{\"type\":\"SOLVER_LOCKED\",\"bondId\":\"bond-" + random.nextInt(1000) + "\"}"};
            case "SOLVER_LOCKED" -> new String[] {"events", "{\"type\":\"IBC_TRANSFER_STARTED\",\"sequence\":" + random.nextInt(1_000_000) + "}"};
            case "EXECUTING" -> random.nextBoolean()
                    ? new String[] {"complete", "{\"result\":\"SUCCESS\",\"outputDelivered\":\"5000000\",\"txHash\":\"0xd\"}"}
                    : new String[] {"events", "{\"type\":\"IBC_TRANSFER_COMPLETE\",\"txHash\":\"0xe\"}"};
            default -> throw new IllegalStateException("no step from " + status);
        };
    }

    private static String[] giveUp(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> new String[] {"fail", "{\"reason\":\"solver gave up " + random.nextInt(10) + "\"}"};
            case 1 -> new String[] {"complete", "{\"result\":\"FAILURE\",\"reason\":\"refund " + random.nextInt(10) + "\",\"recoverable\":" + random.nextBoolean() + "}"};
            default -> new String[] {"complete", "{\"result\":\"TIMEOUT\"}"};
        };
    }

    /**
     * Reads {@code id} once the service answers (or the load stops): the record, or null. A 404 is unexpected unless
     * {@code mayBeMissing} (a create whose answer was lost may never have happened).
     */
    private JsonNode read(String id, boolean mayBeMissing) {
        while (!stopped) {
            Http.Reply reply = attempt(() -> http.get("/settlements/" + id));
            if (reply != null) {
                if (reply.status() == 200) {
                    return reply.json();
                }
                if (reply.status() != 404 || !mayBeMissing) {
                    unexpected("read back " + id, reply);
                }
                return null;
            }
        }
        return null;
    }

    private interface Call {
        Http.Reply send() throws IOException;
    }

    /**
     * One request. Null when the answer says nothing about whether it was applied (no answer, or 503
     * STORE_UNAVAILABLE), after a short pause; the reply otherwise.
     */
    private Http.Reply attempt(Call call) {
        requests.incrementAndGet();
        Http.Reply reply;
        try {
            reply = call.send();
        } catch (IOException e) {
            connectionFailures.incrementAndGet();
            pause();
            return null;
        }
        maxMillis.accumulateAndGet(reply.millis(), Math::max);
        if (reply.status() == 503 && "STORE_UNAVAILABLE".equals(reply.code())) {
            unavailable.incrementAndGet();
            maxUnavailableMillis.accumulateAndGet(reply.millis(), Math::max);
            pause();
            return null;
        }
        if (reply.status() >= 500) {
            serverErrors.incrementAndGet();
            unexpected("a request", reply);
            pause();
            return null;
        }
        return reply;
    }

    private void unexpected(String what, Http.Reply reply) {
        if (unexpected.size() < 100) {
            unexpected.add(what + " -> " + reply.status() + " " + reply.body());
        }
    }

    private static boolean isActive(JsonNode settlement) {
        return switch (settlement.get("status").asText()) {
            case "PENDING", "USER_LOCKED", "SOLVER_LOCKED", "EXECUTING" -> true;
            default -> false;
        };
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
