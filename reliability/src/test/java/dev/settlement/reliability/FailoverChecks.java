package dev.settlement.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.testing.ServiceProcess;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The steps every failover test takes around a kill, and what it checks once writes flow again on the new primary. */
final class FailoverChecks {
    /** The longest a request may take around a failover: a pooled connection or a new one, a few seconds each. */
    static final long MAX_UNAVAILABLE_MILLIS = 10_000;

    private FailoverChecks() {
    }

    /** Load on {@code http}: four threads, eight solvers, ids from {@code prefix}; returns once 200 writes are in. */
    static Workload startLoad(Http http, Journal journal, String prefix, long seed) throws InterruptedException {
        Workload load = new Workload(http, journal, prefix, 8, seed);
        load.start(4);
        assertThat(journal.awaitWrites(200, Duration.ofSeconds(60))).as("load: %s", load).isTrue();
        return load;
    }

    /** Milliseconds until readiness is DOWN (503) after a kill, 20 s at most. */
    static long awaitDown(ServiceProcess service) throws InterruptedException {
        long downMillis = service.awaitReadiness(status -> status == 503, Duration.ofSeconds(20));
        assertThat(downMillis).as("readiness DOWN once the primary is gone").isNotNegative();
        return downMillis;
    }

    /** Milliseconds until readiness is UP again by itself, 60 s at most. */
    static long awaitUp(ServiceProcess service) throws InterruptedException {
        long upMillis = service.awaitReadiness(status -> status == 200, Duration.ofSeconds(60));
        assertThat(upMillis).as("ready again on the new primary by itself").isNotNegative();
        return upMillis;
    }

    /** Waits for 200 more writes, 60 s at most: they succeed on the new primary. */
    static void awaitWritesAgain(Journal journal, Workload load) throws InterruptedException {
        assertThat(journal.awaitWrites(journal.writes() + 200, Duration.ofSeconds(60)))
                .as("writes succeed on the new primary; load: %s", load).isTrue();
    }

    /**
     * Stops the load (no thread may hang) and audits. Every answer must be one a correct service gives: with a
     * {@code lossless} durability setting nothing else at all; otherwise also what follows from a write lost with the
     * primary, for a settlement the audit finds lost: a 404 when the load reads it back or takes its next step (it is
     * gone), a 409 or 412 for that step (it is behind what the load was told). Nothing may go unanswered or take
     * longer than {@link #MAX_UNAVAILABLE_MILLIS}. With {@code lossless} the audit finds every acknowledged write
     * whole; otherwise the caller judges {@code lost()}.
     */
    static Audit.Result afterFailover(Workload load, Http http, Journal journal, boolean lossless) throws Exception {
        assertThat(load.stop(Duration.ofSeconds(40))).as("load threads ended (none hangs)").isTrue();
        assertThat(load.connectionFailures.get()).as("requests without an answer within 30 s").isZero();
        assertThat(load.maxUnavailableMillis.get()).as("slowest 503").isLessThanOrEqualTo(MAX_UNAVAILABLE_MILLIS);
        Audit.Result audit = Audit.run(http, journal, 1000);
        if (lossless) {
            assertThat(load.unexpected()).as("answers a correct service does not give").isEmpty();
            assertThat(audit.problems()).as("audit").isEmpty();
            assertThat(audit.lost()).as("acknowledged writes lost").isZero();
        } else {
            assertThat(load.unexpected()).as("answers other than those of settlements lost with the primary (lost: %s)",
                    audit.lostIds()).allMatch(answer -> followsFromALostWrite(answer, audit.lostIds()));
        }
        return audit;
    }

    /** A 404, 409 or 412 about one of {@code lostIds}: read back ("read back <id> -> …") or a step on its path. */
    static boolean followsFromALostWrite(String answer, Set<String> lostIds) {
        Matcher about = LOAD_ANSWER.matcher(answer);
        return about.matches() && lostIds.contains(about.group(1) != null ? about.group(1) : about.group(2))
                && (about.group(1) == null || about.group(3).equals("404"));
    }

    /** How {@link Workload} writes down an answer: "read back <id> -> <status> …" or "… /settlements/<id>/… -> <status> …". */
    private static final Pattern LOAD_ANSWER = Pattern.compile(
            "(?:read back (\\S+)|.*? /settlements/([^/ ]+)/\\S+ .*?) -> (404|409|412) .*", Pattern.DOTALL);

    /** The figures every failover test reports, after which each adds its own. */
    static Figures figures(String backend, String durability, Journal journal, long writesBefore, Audit.Result audit,
                           Workload load, long downMillis) {
        return new Figures("failover", backend).put("durability", durability)
                .put("writes acknowledged", journal.writes())
                .put("of them before the kill", writesBefore)
                .put("lost", audit.lost())
                .put("503 answers", load.unavailable.get())
                .put("slowest 503 ms", load.maxUnavailableMillis.get())
                .put("ready DOWN after kill ms", downMillis);
    }
}
