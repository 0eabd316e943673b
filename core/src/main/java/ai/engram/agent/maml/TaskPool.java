package ai.engram.agent.maml;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one function per task, in a plain loop (one thread) or on a fixed pool of threads; results
 * come back in task order, so whatever sums them gives the same bits on any number of threads.
 */
final class TaskPool implements AutoCloseable {

    private final ExecutorService executor;

    TaskPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a task pool needs at least one thread, got " + threads);
        }
        executor = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "engram-maml-task");
            t.setDaemon(true);
            return t;
        });
    }

    <T, R> List<R> map(List<T> items, Function<T, R> function) {
        if (executor == null) {
            return items.stream().map(function).toList();
        }
        List<Callable<R>> calls = items.stream().<Callable<R>>map(item -> () -> function.apply(item)).toList();
        List<R> results = new ArrayList<>(items.size());
        try {
            for (Future<R> future : executor.invokeAll(calls)) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the tasks' work", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return results;
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
