package dev.settlement.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Small helpers for store tests: requests, assertions on error codes, and racing callers. */
public final class StoreTestSupport {
    /** Who the tests' status changes are made by: the actor every transition they cause must carry. */
    public static final String ACTOR = "tester";
    /** The clock's start in the contract suites (epoch seconds). */
    public static final long T0 = 1_800_000_000L;

    private StoreTestSupport() {
    }

    public static NewSettlement request(String id, String intentId, String solverId) {
        return new NewSettlement(id, intentId, solverId, "cosmos1user", asset("1000000"), asset("5000000"), null);
    }

    public static NewSettlement expiring(String id, long expiresAt) {
        return new NewSettlement(id, "intent-" + id, null, "cosmos1user", asset("1"), asset("1"), expiresAt);
    }

    public static Asset asset(String amount) {
        return new Asset("cosmoshub-4", "uatom", new BigInteger(amount));
    }

    public static List<String> ids(Page<Settlement> page) {
        return page.items().stream().map(Settlement::id).toList();
    }

    public static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(SettlementException.class)
                .extracting(e -> ((SettlementException) e).code()).isEqualTo(code);
    }

    /**
     * Starts all callables at once; returns each one's result or the domain error it threw, in order. Any other
     * failure fails the test.
     */
    public static <T> List<Object> race(List<Callable<T>> callables) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callables.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> c : callables) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return c.call();
                }));
            }
            start.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    results.add(f.get(120, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    results.add(e.getCause());
                }
            }
            Set<Class<?>> unexpected = new HashSet<>();
            results.stream().filter(r -> r instanceof Throwable && !(r instanceof SettlementException))
                    .forEach(r -> unexpected.add(r.getClass()));
            assertThat(unexpected).as("only domain errors may come out of a race").isEmpty();
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@link #race} where every caller must succeed; returns their results in order. */
    @SuppressWarnings("unchecked")
    public static <T> List<T> raceAll(List<Callable<T>> callables) throws Exception {
        List<Object> results = race(callables);
        assertThat(results).as("every racer succeeds").noneMatch(r -> r instanceof Throwable);
        return (List<T>) results;
    }
}
