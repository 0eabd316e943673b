package ai.engram.runtime;

import ai.engram.env.Env;
import ai.engram.env.Space;
import ai.engram.env.StepOutcome;
import ai.engram.env.classic.CartPole;

/** CartPole with an injected fault every {@code every} steps, as a flaky or broken simulator would have. */
final class FaultyCartPole implements Env {

    enum Fault { THROWS, NAN_OBSERVATION }

    private final CartPole cartPole = new CartPole();
    private final Fault fault;
    private final int every;
    private int steps;

    FaultyCartPole(Fault fault, int every) {
        this.fault = fault;
        this.every = every;
    }

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
        boolean faulty = ++steps % every == 0;
        if (faulty && fault == Fault.THROWS) {
            throw new IllegalStateException("injected simulator failure at step " + steps);
        }
        cartPole.step(action, actionOffset, observation, observationOffset, outcome);
        if (faulty) {
            observation[observationOffset] = Float.NaN;
        }
    }
}
