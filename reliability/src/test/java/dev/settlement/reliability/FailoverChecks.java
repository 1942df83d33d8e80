package dev.settlement.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** What every failover test checks once writes flow again on the new primary. */
final class FailoverChecks {
    /** The longest a request may take around a failover: a pooled connection or a new one, a few seconds each. */
    static final long MAX_UNAVAILABLE_MILLIS = 10_000;

    private FailoverChecks() {
    }

    /**
     * Stops the load (no thread may hang) and audits. Every answer must be one a correct service gives: with a
     * {@code lossless} durability setting nothing else at all, otherwise also the 404 of a lost write the load read
     * back. Nothing may go unanswered or take longer than {@link #MAX_UNAVAILABLE_MILLIS}. With {@code lossless} the
     * audit finds every acknowledged write whole; otherwise the caller judges {@code lost()}.
     */
    static Audit.Result afterFailover(Workload load, Http http, Journal journal, boolean lossless) throws Exception {
        assertThat(load.stop(Duration.ofSeconds(40))).as("load threads ended (none hangs)").isTrue();
        if (lossless) {
            assertThat(load.unexpected()).as("answers a correct service does not give").isEmpty();
        } else {
            // the load reads back what it wrote: a write lost with the primary is a 404 there, and only that
            assertThat(load.unexpected()).as("answers other than lost writes read back")
                    .allMatch(answer -> answer.startsWith("read back ") && answer.contains(" -> 404 "));
        }
        assertThat(load.connectionFailures.get()).as("requests without an answer within 30 s").isZero();
        assertThat(load.maxUnavailableMillis.get()).as("slowest 503").isLessThanOrEqualTo(MAX_UNAVAILABLE_MILLIS);
        Audit.Result audit = Audit.run(http, journal, 1000);
        if (lossless) {
            assertThat(audit.problems()).as("audit").isEmpty();
            assertThat(audit.lost()).as("acknowledged writes lost").isZero();
        }
        return audit;
    }

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
