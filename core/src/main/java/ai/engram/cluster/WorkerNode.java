package ai.engram.cluster;

import ai.engram.runtime.WorkerPool;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker JVM: environment workers that join whichever learner the seed address answers for. When
 * the node loses its learner (the learner finished, was killed, or downed this node) its actor
 * system ends and the node joins again as a new member, waiting as long as it takes: Pekko retries
 * the seed every few seconds, so a waiting worker neither exits nor spins.
 */
public final class WorkerNode {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerNode.class);
    private static final Duration REJOIN_PAUSE = Duration.ofSeconds(2);

    private final ClusterNode node;
    private final int workers;
    private final int envsPerWorker;
    private final int stepsPerMessage;
    private volatile boolean stopping;
    private volatile ActorSystem<WorkerPool.Command> system;

    public WorkerNode(ClusterNode node, int workers, int envsPerWorker, int stepsPerMessage) {
        this.node = node;
        this.workers = workers;
        this.envsPerWorker = envsPerWorker;
        this.stepsPerMessage = stepsPerMessage;
    }

    /** Works until {@link #stop()}: join, work, and after each loss of the cluster, join again. */
    public void run() throws InterruptedException {
        while (!stopping) {
            system = ActorSystem.create(WorkerPool.joining(workers, envsPerWorker, stepsPerMessage), ClusterNode.SYSTEM,
                    node.config());
            if (stopping) {
                system.terminate();
            }
            system.getWhenTerminated().toCompletableFuture().join();
            if (!stopping) {
                LOG.warn("worker node left the cluster (learner gone or this node downed); joining {} again", node.seed());
                TimeUnit.MILLISECONDS.sleep(REJOIN_PAUSE.toMillis());
            }
        }
    }

    public void stop() {
        stopping = true;
        ActorSystem<WorkerPool.Command> current = system;
        if (current != null) {
            current.terminate();
        }
    }
}
