package ai.engram.agent.maml;

import java.util.List;

/**
 * Collects episodes for a batch of tasks: where meta-learning's rollouts run. {@link #create}
 * gives a plain loop, or the tasks spread over worker threads; an actor-runtime implementation
 * (environment workers owning the tasks' environments) plugs in here.
 */
public interface TrajectorySampler extends AutoCloseable {

    /** One {@link Rollouts} per request, in request order. */
    List<Rollouts> sample(GaussianMlp policy, List<Rollouts.Request> requests);

    @Override
    void close();

    /** A plain loop for {@code workers == 0}, otherwise the requests spread over {@code workers} threads. */
    static TrajectorySampler create(int workers) {
        TaskPool pool = new TaskPool(Math.max(1, workers));
        return new TrajectorySampler() {
            @Override
            public List<Rollouts> sample(GaussianMlp policy, List<Rollouts.Request> requests) {
                return pool.map(requests, request -> Rollouts.collect(policy, request));
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }
}
