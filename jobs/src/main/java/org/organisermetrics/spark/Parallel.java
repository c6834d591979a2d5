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
        ExecutorService pool = pool(Math.min(THREADS, items.size()));
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
            throw rethrow(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * f applied to every item, each started as soon as the items it depends on are done (all of
     * them earlier in the list); results in the items' order. On 2 cores this fills the idle tail
     * a level-by-level order leaves behind its slowest item; on a cluster, more. The first failure
     * (in list order) is rethrown as it was, and items depending on a failed one do not start.
     */
    public static <T, R> List<R> inDependencyOrder(List<T> items, Function<T, java.util.Collection<T>> dependsOn,
                                                   Function<T, R> f) {
        ExecutorService pool = pool(Math.max(1, items.size()));
        try {
            java.util.Map<T, java.util.concurrent.CompletableFuture<R>> futures = new java.util.LinkedHashMap<>();
            for (T item : items) {
                java.util.concurrent.CompletableFuture<?>[] deps = dependsOn.apply(item).stream().map(d -> {
                    var future = futures.get(d);
                    if (future == null) {
                        throw new IllegalArgumentException(item + " depends on " + d + ", which is not earlier in the list");
                    }
                    return future;
                }).toArray(java.util.concurrent.CompletableFuture[]::new);
                futures.put(item, java.util.concurrent.CompletableFuture.allOf(deps).thenApplyAsync(v -> f.apply(item), pool));
            }
            List<R> out = new ArrayList<>();
            for (var future : futures.values()) {
                out.add(future.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Daemon driver threads that submit Spark jobs. */
    private static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "organiser-metrics-job");
            t.setDaemon(true);
            return t;
        });
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }
}
