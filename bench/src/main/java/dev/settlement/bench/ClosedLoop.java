package dev.settlement.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * N callers, each doing one operation after the other as fast as it completes (a closed loop), bounded both in time
 * and in count. The first failure stops the run and is rethrown: a benchmark that errs measures nothing.
 */
public final class ClosedLoop {

    /** One operation of caller {@code caller}; {@code n} counts that caller's operations from 0. */
    @FunctionalInterface
    public interface Operation {
        void run(int caller, long n) throws Exception;
    }

    /** What a run did: operations completed and the wall time they took. */
    public record Result(long operations, long nanos) {
        public double perSecond() {
            return operations * 1e9 / nanos;
        }
    }

    private ClosedLoop() {
    }

    public static Result run(int callers, Duration duration, long maxOperations, Operation operation) {
        AtomicLong done = new AtomicLong();
        AtomicLong budget = new AtomicLong(maxOperations);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long[] deadline = new long[1];
        for (int c = 0; c < callers; c++) {
            int caller = c;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    for (long n = 0; System.nanoTime() < deadline[0] && failure.get() == null
                            && budget.getAndDecrement() > 0; n++) {
                        operation.run(caller, n);
                        done.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-caller-" + c);
            threads.add(t);
            t.start();
        }
        long begin = System.nanoTime();
        deadline[0] = begin + duration.toNanos();
        start.countDown();
        for (Thread t : threads) {
            try {
                t.join(duration.toMillis() + 120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        long nanos = System.nanoTime() - begin;
        if (failure.get() != null) {
            throw new IllegalStateException("benchmark operation failed: " + failure.get(), failure.get());
        }
        return new Result(done.get(), nanos);
    }
}
