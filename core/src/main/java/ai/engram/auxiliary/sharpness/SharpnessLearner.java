package ai.engram.auxiliary.sharpness;

import ai.engram.agent.dqn.TdLoss;
import ai.engram.auxiliary.AuxiliaryLearner;
import ai.engram.nn.Curvature;
import ai.engram.nn.Network;
import ai.engram.record.LearningCurve;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The sharpness of DQN's TD loss over training: at each round's parameter snapshot, the largest
 * eigenvalue (in magnitude: away from a minimum it may be negative) of the Hessian of the TD loss
 * on the replay sample, and its epsilon-sharpness. The TD targets r + discount * max_a Q(s', a)
 * use the snapshot itself as the frozen target network (the learner's own target network is not
 * part of the snapshot); they are held fixed, as in the learner's update. Writes
 * {@code aux/sharpness.csv} and the curve {@code aux/sharpness.png}.
 */
public final class SharpnessLearner implements AuxiliaryLearner {

    private static final double EPSILON = 1e-2;
    private final long seed;

    public SharpnessLearner(long seed) {
        this.seed = seed;
    }

    @Override
    public String name() {
        return "sharpness";
    }

    @Override
    public boolean changesTraining() {
        return false;
    }

    @Override
    public List<String> columns() {
        return List.of("env_step", "td_loss", "lambda_max", "power_iterations", "epsilon_sharpness");
    }

    @Override
    public List<List<Object>> round(Network network, ReplaySample sample, long envStep, Path directory) {
        TdLoss loss = sample.tdLoss(network);
        INDArray x = sample.observationMatrix(network);
        Curvature h = Curvature.at(network, x, loss);
        Sharpness.Eigen top = Sharpness.largestEigenvalue(h::hessianVector, network.parameterCount(), 100, 1e-4, seed + envStep);
        double sharpness = Sharpness.epsilonSharpness(network, x, loss, EPSILON, top.vector(), 10);
        List<Object> row = List.of(envStep, h.value(), top.value(), top.iterations(), sharpness);
        drawCurve(directory, envStep, top.value());
        return List.of(row);
    }

    /** lambda_max against env steps, from the rounds already in sharpness.csv (a resumed run's too) and this one. */
    private static void drawCurve(Path directory, long envStep, double lambdaMax) {
        List<double[]> points = new ArrayList<>();
        Path csv = directory.resolve("sharpness.csv");
        try {
            if (Files.exists(csv)) {
                for (String line : Files.readAllLines(csv).stream().skip(1).toList()) {
                    String[] f = line.split(",");
                    points.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[2])});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        points.add(new double[] {envStep, lambdaMax});
        LearningCurve.plot(directory.resolve("sharpness.png"), "Sharpness of the TD loss: largest Hessian eigenvalue", "env steps",
                "lambda_max", List.of(new LearningCurve.Series("lambda_max", points.stream().mapToDouble(p -> p[0]).toArray(),
                        points.stream().mapToDouble(p -> p[1]).toArray(), true, new Color(200, 60, 40))));
    }
}
