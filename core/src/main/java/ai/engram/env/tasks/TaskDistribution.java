package ai.engram.env.tasks;

import ai.engram.env.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A family of environments that differ in one hidden parameter, the task (a goal, a gravity): what
 * meta-learning trains on. Tasks are drawn from a caller's generator, so training tasks follow the
 * run's seed, and {@link #testTasks(int)} is one fixed set for every run and every policy.
 *
 * @param <T> what tells one task from another
 */
public interface TaskDistribution<T> {

    /** The seed of the test tasks: fixed, so evaluations of different runs see the same tasks. */
    long TEST_SEED = 20_170_301L;

    /** The id {@code --env} takes. */
    String id();

    /** One line for listings: what varies between tasks, and how. */
    String description();

    /** The type of this family's tasks, which untyped tasks (from messages) are checked against. */
    Class<T> taskType();

    T sample(SplittableRandom random);

    /** A fresh environment of the given task. */
    Env make(T task);

    /**
     * A fresh environment of {@code task}, a task that arrived untyped (in a message).
     *
     * @throws IllegalArgumentException when {@code task} is not one of this family's tasks
     */
    default Env makeTask(Object task) {
        if (!taskType().isInstance(task)) {
            throw new IllegalArgumentException(id() + "'s tasks are " + taskType().getSimpleName() + ", got "
                    + (task == null ? "null" : task.getClass().getSimpleName()));
        }
        return make(taskType().cast(task));
    }

    /** An environment of the first test task: what every task's environment looks like (spaces, horizon). */
    default Env example() {
        return make(testTasks(1).get(0));
    }

    /** The {@code n} test tasks: the first {@code n} draws from a generator seeded with {@link #TEST_SEED}. */
    default List<T> testTasks(int n) {
        SplittableRandom random = new SplittableRandom(TEST_SEED);
        List<T> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(sample(random));
        }
        return tasks;
    }
}
