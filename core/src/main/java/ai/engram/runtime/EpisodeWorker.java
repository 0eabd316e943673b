package ai.engram.runtime;

import ai.engram.agent.maml.EpisodeCollector;
import ai.engram.agent.maml.Rollouts;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * An environment worker for meta-learning: it collects whole episodes of the task a request names,
 * with the parameters the request carries, and replies with them. It keeps nothing between requests,
 * so any worker can take any task; {@link EpisodeWorkers} spreads a meta-batch's tasks over them.
 */
public final class EpisodeWorker {

    private EpisodeWorker() {
    }

    /** What an episode worker understands. */
    public sealed interface Command permits Collect {
    }

    /** Collect the episodes of {@code request} and reply to {@code replyTo}, tagged with {@code index}. */
    public record Collect(int index, Rollouts.Request request, ActorRef<Reply> replyTo) implements Command, CrossJvm {
    }

    /** A worker's answer to one {@link Collect}. */
    public sealed interface Reply permits Collected, Failed {
        int index();
    }

    public record Collected(int index, Rollouts rollouts) implements Reply, CrossJvm {
    }

    /** The request's environments or policy threw: what, so the caller can name the task. */
    public record Failed(int index, String error) implements Reply, CrossJvm {
    }

    public static Behavior<Command> create(EpisodeCollector collector) {
        return Behaviors.receive(Command.class)
                .onMessage(Collect.class, collect -> {
                    Reply reply;
                    try {
                        reply = new Collected(collect.index(), collector.collect(collect.request()));
                    } catch (RuntimeException e) {
                        reply = new Failed(collect.index(), e.toString());
                    }
                    collect.replyTo().tell(reply);
                    return Behaviors.same();
                })
                .build();
    }
}
