package ai.engram.env.tasks;

import java.util.List;

/** The task distributions Engram can meta-train on, by the id {@code --env} takes. */
public final class TaskFamilies {

    private TaskFamilies() {
    }

    public static List<String> ids() {
        return List.of(Navigation2D.ID, PendulumGravity.ID);
    }

    public static boolean isFamily(String id) {
        return ids().contains(id);
    }

    /**
     * The family {@code id} with episodes cut at {@code horizon} steps.
     *
     * @throws IllegalArgumentException naming the families when {@code id} is none of them
     */
    public static TaskDistribution<?> make(String id, int horizon) {
        return switch (id) {
            case Navigation2D.ID -> new Navigation2D.Goals(horizon);
            case PendulumGravity.ID -> new PendulumGravity(5.0, 15.0, horizon);
            default -> throw new IllegalArgumentException("'" + id + "' is not a task family; meta-learning trains on"
                    + " a distribution of tasks: " + String.join(", ", ids()));
        };
    }
}
