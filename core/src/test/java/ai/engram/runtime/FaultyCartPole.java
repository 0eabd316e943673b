package ai.engram.runtime;

import ai.engram.env.CartPoleWrapper;
import ai.engram.env.StepOutcome;

/** CartPole with an injected fault every {@code every} steps, as a flaky or broken simulator would have. */
final class FaultyCartPole extends CartPoleWrapper {

    enum Fault { THROWS, NAN_OBSERVATION }

    private final Fault fault;
    private final int every;
    private int steps;

    FaultyCartPole(Fault fault, int every) {
        this.fault = fault;
        this.every = every;
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
