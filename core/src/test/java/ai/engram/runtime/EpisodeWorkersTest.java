package ai.engram.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.agent.maml.EpisodeCollector;
import ai.engram.agent.maml.GaussianMlp;
import ai.engram.agent.maml.Rollouts;
import ai.engram.agent.maml.TrajectorySampler;
import ai.engram.env.Env;
import ai.engram.env.tasks.Navigation2D;
import ai.engram.env.tasks.TaskDistribution;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Meta-learning's episodes collected by episode-worker actors, every message serialized by Kryo as
 * between JVMs: the same rollouts as the plain loop, and a failing task named, not hung on.
 */
class EpisodeWorkersTest {

    static final GaussianMlp POLICY = new GaussianMlp(2, new int[] {8}, 2);

    static List<Rollouts.Request> requests(TaskDistribution<Navigation2D.Goal> family, int tasks) {
        double[] theta = POLICY.initialize(new SplittableRandom(3), 1.0);
        SplittableRandom draw = new SplittableRandom(5);
        return IntStream.range(0, tasks).mapToObj(t -> new Rollouts.Request(family.sample(draw), theta, 4, 100 + t)).toList();
    }

    @Test
    void workersCollectWhatThePlainLoopCollectsInRequestOrder() {
        Navigation2D.Goals family = new Navigation2D.Goals(30);
        EpisodeCollector collector = new EpisodeCollector(family, POLICY, true);
        List<Rollouts.Request> requests = requests(family, 5);
        List<Rollouts> loop;
        try (TrajectorySampler plain = TrajectorySampler.threads(collector, 1)) {
            loop = plain.sample(requests);
        }
        try (EpisodeWorkers actors = EpisodeWorkers.start(collector, 2, ActorRun.config(true))) {
            List<Rollouts> collected = actors.sample(requests);
            assertEquals(requests.size(), collected.size());
            for (int t = 0; t < requests.size(); t++) {
                assertArrayEquals(loop.get(t).observations(), collected.get(t).observations(), "task " + t);
                assertArrayEquals(loop.get(t).actions(), collected.get(t).actions(), "task " + t);
                assertArrayEquals(loop.get(t).rewards(), collected.get(t).rewards(), "task " + t);
            }
            assertEquals(loop.get(0).steps(), actors.sample(requests.subList(0, 1)).get(0).steps(), "workers keep no state");
        }
    }

    /** Goals beyond x = 0.4 are out of this family's reach: making one throws, as a broken environment would. */
    record Fenced() implements TaskDistribution<Navigation2D.Goal> {
        @Override
        public String id() {
            return "Fenced";
        }

        @Override
        public String description() {
            return "goals with x <= 0.4";
        }

        @Override
        public Class<Navigation2D.Goal> taskType() {
            return Navigation2D.Goal.class;
        }

        @Override
        public Navigation2D.Goal sample(SplittableRandom random) {
            return new Navigation2D.Goal(random.nextDouble() - 0.5, random.nextDouble() - 0.5);
        }

        @Override
        public Env make(Navigation2D.Goal task) {
            if (task.x() > 0.4) {
                throw new IllegalStateException("goal out of reach: " + task);
            }
            return new Navigation2D(task, 30);
        }
    }

    @Test
    void aFailingTaskIsNamedWithItsWorker() {
        Fenced family = new Fenced();
        List<Rollouts.Request> requests = List.of(
                new Rollouts.Request(new Navigation2D.Goal(0.1, 0.1), POLICY.initialize(new SplittableRandom(1), 1.0), 2, 1),
                new Rollouts.Request(new Navigation2D.Goal(0.45, 0.1), POLICY.initialize(new SplittableRandom(1), 1.0), 2, 2));
        try (EpisodeWorkers actors = EpisodeWorkers.start(new EpisodeCollector(family, POLICY, true), 2, ActorRun.config(true))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> actors.sample(requests));
            assertTrue(e.getMessage().contains("Goal[x=0.45, y=0.1]") && e.getMessage().contains("episode worker 1")
                    && e.getMessage().contains("goal out of reach"), e.getMessage());
            assertEquals(1, actors.sample(requests.subList(0, 1)).size(), "the workers survive a failed request");
        }
    }

    @Test
    void aTaskOfAnotherFamilyIsRefusedByName() {
        EpisodeCollector collector = new EpisodeCollector(new Navigation2D.Goals(30), POLICY, true);
        try (EpisodeWorkers actors = EpisodeWorkers.start(collector, 1, ActorRun.config(true))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> actors.sample(List.of(
                    new Rollouts.Request(9.81, POLICY.initialize(new SplittableRandom(1), 1.0), 1, 1))));
            assertTrue(e.getMessage().contains("Navigation2D's tasks are Goal, got Double"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> EpisodeWorkers.start(collector, 0, ActorRun.config(false)));
    }
}
