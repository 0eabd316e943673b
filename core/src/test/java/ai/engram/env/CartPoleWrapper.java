package ai.engram.env;

import ai.engram.env.classic.CartPole;

/** Engram's CartPole behind a wrapper that tests extend to inject faults or watch episodes. */
public abstract class CartPoleWrapper implements Env {

    protected final CartPole cartPole = new CartPole();

    @Override
    public String id() {
        return cartPole.id();
    }

    @Override
    public Space observationSpace() {
        return cartPole.observationSpace();
    }

    @Override
    public Space actionSpace() {
        return cartPole.actionSpace();
    }

    @Override
    public void reset(long seed, float[] observation, int offset) {
        cartPole.reset(seed, observation, offset);
    }

    @Override
    public void reset(float[] observation, int offset) {
        cartPole.reset(observation, offset);
    }

    @Override
    public void step(double[] action, int actionOffset, float[] observation, int observationOffset, StepOutcome outcome) {
        cartPole.step(action, actionOffset, observation, observationOffset, outcome);
    }
}
