package org.organisermetrics.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Submits independent Spark jobs from a few driver threads. Spark runs concurrent jobs of one
 * session safely; for the many small jobs of a run (seventeen sources, a dozen tables) the
 * driver's planning is the bottleneck, and two threads per core overlap it.
 */
public final class Parallel {
    /** Driver threads submitting jobs at once. */
    public static final int THREADS = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());

    private Parallel() {}

    /** f applied to every item, results in the items' order; the first failure is rethrown as it was. */
    public static <T, R> List<R> map(List<T> items, Function<T, R> f) {
        if (items.size() <= 1) {
            return items.stream().map(f).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, items.size()), r -> {
            Thread t = new Thread(r, "organiser-metrics-job");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> f.apply(item)));
            }
            List<R> out = new ArrayList<>();
            for (Future<R> future : futures) {
                out.add(future.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
