package ai.engram.agent.maml;

import java.util.List;

/**
 * Collects episodes for a batch of tasks: where meta-learning's rollouts run. {@link #threads}
 * gives a plain loop or the tasks spread over threads; the actor runtime's
 * {@code runtime.EpisodeWorkers} spread them over environment-worker actors.
 */
public interface TrajectorySampler extends AutoCloseable {

    /** One {@link Rollouts} per request, in request order. */
    List<Rollouts> sample(List<Rollouts.Request> requests);

    @Override
    void close();

    /** A plain loop for {@code threads <= 1}, otherwise the requests spread over {@code threads} threads. */
    static TrajectorySampler threads(EpisodeCollector collector, int threads) {
        TaskPool pool = new TaskPool(Math.max(1, threads));
        return new TrajectorySampler() {
            @Override
            public List<Rollouts> sample(List<Rollouts.Request> requests) {
                return pool.map(requests, collector::collect);
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }
}
