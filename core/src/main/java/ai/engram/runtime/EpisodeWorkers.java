package ai.engram.runtime;

import ai.engram.agent.maml.EpisodeCollector;
import ai.engram.agent.maml.Rollouts;
import ai.engram.agent.maml.TrajectorySampler;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Meta-learning's trajectory collection on the actor runtime: {@code n} {@link EpisodeWorker}s, the
 * requests of a meta-batch dealt to them in turn (task t to worker t mod n), the replies gathered
 * back into request order, so a run gives the same bits as with the plain loop.
 */
public final class EpisodeWorkers implements TrajectorySampler {

    /** A request's episodes are milliseconds to seconds of work; this long means a worker is lost. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final ActorSystem<Void> system;
    private final List<ActorRef<EpisodeWorker.Command>> workers = new ArrayList<>();

    private EpisodeWorkers(EpisodeCollector collector, int n, Config config) {
        system = ActorSystem.create(Behaviors.empty(), "engram-maml", config);
        for (int w = 0; w < n; w++) {
            workers.add(system.systemActorOf(EpisodeWorker.create(collector), "episode-worker-" + w, Props.empty()));
        }
    }

    /** {@code n >= 1} workers in an actor system of their own, with Pekko settings {@code config} ({@link ActorRun#config}). */
    public static EpisodeWorkers start(EpisodeCollector collector, int n, Config config) {
        if (n < 1) {
            throw new IllegalArgumentException("episode collection on the actor runtime needs at least one worker, got " + n);
        }
        return new EpisodeWorkers(collector, n, config);
    }

    /** What {@code --workers} means for meta-learning: 0 a plain loop in the caller's thread, else that many episode workers. */
    public static Function<EpisodeCollector, TrajectorySampler> forWorkers(int workers) {
        return workers == 0 ? c -> TrajectorySampler.threads(c, 1) : c -> start(c, workers, ActorRun.config(false));
    }

    @Override
    public List<Rollouts> sample(List<Rollouts.Request> requests) {
        List<CompletableFuture<EpisodeWorker.Reply>> replies = new ArrayList<>(requests.size());
        for (int t = 0; t < requests.size(); t++) {
            int index = t;
            ActorRef<EpisodeWorker.Command> worker = workers.get(t % workers.size());
            replies.add(AskPattern.<EpisodeWorker.Command, EpisodeWorker.Reply>ask(worker,
                    replyTo -> new EpisodeWorker.Collect(index, requests.get(index), replyTo), TIMEOUT, system.scheduler())
                    .toCompletableFuture());
        }
        List<Rollouts> rollouts = new ArrayList<>(requests.size());
        for (int t = 0; t < requests.size(); t++) {
            EpisodeWorker.Reply reply;
            try {
                reply = replies.get(t).join();
            } catch (CompletionException e) {
                throw new IllegalStateException("episode worker " + t % workers.size() + " did not answer for task "
                        + requests.get(t).task() + " within " + TIMEOUT.toMinutes() + " minutes: " + e.getCause(), e);
            }
            if (reply instanceof EpisodeWorker.Failed failed) {
                throw new IllegalStateException("collecting episodes of task " + requests.get(t).task() + " failed on episode worker "
                        + t % workers.size() + ": " + failed.error());
            }
            rollouts.add(((EpisodeWorker.Collected) reply).rollouts());
        }
        return rollouts;
    }

    @Override
    public void close() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
