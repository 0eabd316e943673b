package ai.engram.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/** A learner's per-update figures (loss, mean Q, gradient norm), averaged over the updates since the last drain. */
public final class UpdateMetrics {

    private double loss;
    private double meanQ;
    private double gradNorm;
    private int count;

    public void add(double updateLoss, double updateMeanQ, double updateGradNorm) {
        loss += updateLoss;
        meanQ += updateMeanQ;
        gradNorm += updateGradNorm;
        count++;
    }

    /**
     * The averages under learner.csv's names (none if there was no update) with the learner's update
     * count, the current epsilon and the replay size; then starts over.
     */
    public Map<String, Double> drain(long updates, double epsilon, int replaySize) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (count > 0) {
            out.put("loss", loss / count);
            out.put("mean_q", meanQ / count);
            out.put("grad_norm", gradNorm / count);
        }
        out.put("updates", (double) updates);
        out.put("epsilon", epsilon);
        out.put("replay_size", (double) replaySize);
        loss = meanQ = gradNorm = 0;
        count = 0;
        return out;
    }
}
