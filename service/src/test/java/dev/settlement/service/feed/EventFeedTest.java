package dev.settlement.service.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.settlement.api.feed.EventPage;
import dev.settlement.api.feed.EventQuery;
import dev.settlement.service.Profiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(Profiles.Memory.class)
class EventFeedTest {
    @Inject
    EventFeed feed;

    /**
     * A wait that has less than a millisecond left after a read ends with the empty page. It used to ask Vert.x for a
     * sub-millisecond timer, which is refused; the error was dropped and the reader never answered.
     */
    @Test
    void aWaitWithUnderAMillisecondLeftEnds() throws Throwable {
        long head = feed.head();
        for (long micros = 50; micros <= 1500; micros += 50) {
            Duration wait = Duration.ofNanos(micros * 1000);
            // on a Vert.x context, as a request's read runs: its timers are Vert.x timers
            EventPage page = VertxContextSupport.subscribeAndAwait(() -> feed.read(EventQuery.after(head, 10), wait)
                    .ifNoItem().after(Duration.ofSeconds(5)).fail());
            assertThat(page.items()).as("waiting %d µs", micros).isEmpty();
        }
    }
}
