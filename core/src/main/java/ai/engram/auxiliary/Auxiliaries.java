package ai.engram.auxiliary;

import ai.engram.auxiliary.deeplift.DeepLiftLearner;
import ai.engram.auxiliary.influence.InfluenceLearner;
import ai.engram.auxiliary.sharpness.SharpnessLearner;
import ai.engram.auxiliary.tcav.TcavLearner;
import ai.engram.config.Settings;
import java.util.List;

/** The auxiliary learners a run can attach, by name, and the run settings that schedule them (part of every run's RunConfig). */
public final class Auxiliaries {

    private Auxiliaries() {
    }

    public static List<String> names() {
        return List.of("deeplift", "tcav", "sharpness", "influence");
    }

    public static AuxiliaryLearner create(String name, long seed) {
        return switch (name) {
            case "deeplift" -> new DeepLiftLearner();
            case "tcav" -> new TcavLearner(seed);
            case "sharpness" -> new SharpnessLearner(seed);
            case "influence" -> new InfluenceLearner(seed);
            default -> throw new IllegalArgumentException("unknown auxiliary learner '" + name + "'; known: "
                    + String.join(", ", names()));
        };
    }

    /**
     * @param modules the attached learners' names ({@code aux = [deeplift, tcav]})
     * @param every   env steps between rounds (a round still running when the next is due makes it skip)
     * @param samples replay observations per round
     */
    public record Config(List<String> modules, long every, int samples) {

        public static Config from(Settings s) {
            return new Config(s.choices("aux", names()), s.longInteger("aux-every", 1), s.integer("aux-samples", 8, 1_000_000));
        }
    }
}
