package ai.engram.agent;

/**
 * Acts on a batch of observations (count x observationSize, row-major), writing one action per
 * observation (count x actionSize). A policy acts from an immutable, versioned snapshot of the
 * acting network, so acting never waits on the learner.
 */
public interface Policy {

    /** The version of the parameters this policy acts from. */
    long version();

    void act(float[] observations, int count, double[] actions);
}
