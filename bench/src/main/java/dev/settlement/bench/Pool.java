package dev.settlement.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of connections handed out one at a time, for the raw baselines: as many as the store's own pool may
 * hold at most (Agroal's default 20, the Redis client's 16), so raw and store meet the same limit.
 */
final class Pool<T extends AutoCloseable> implements AutoCloseable {

    @FunctionalInterface
    interface Opener<T> {
        T open() throws Exception;
    }

    @FunctionalInterface
    interface Work<T, R> {
        R apply(T connection) throws Exception;
    }

    private final BlockingQueue<T> idle;
    private final List<T> all = new ArrayList<>();

    Pool(int size, Opener<T> opener) throws Exception {
        idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            T connection = opener.open();
            all.add(connection);
            idle.add(connection);
        }
    }

    <R> R with(Work<T, R> work) throws Exception {
        T connection = idle.poll(30, TimeUnit.SECONDS);
        if (connection == null) {
            throw new IllegalStateException("no connection within 30 s");
        }
        try {
            return work.apply(connection);
        } finally {
            idle.add(connection);
        }
    }

    @Override
    public void close() throws Exception {
        for (T connection : all) {
            connection.close();
        }
    }
}
