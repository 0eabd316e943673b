/**
 * Adapters both ways between RL4J 1.0.0-M1.1's {@code MDP} and Engram's {@link ai.engram.env.Env}:
 * {@link ai.engram.env.rl4j.EnvAsMdp} lets RL4J's learners train on Engram environments (the
 * {@code rl4j-dqn} baseline), {@link ai.engram.env.rl4j.MdpAsEnv} lets Engram's agents and runtime
 * step RL4J MDPs. Where RL4J has one done flag and Engram two, both read it as RL4J's own learners
 * do: a done {@code StepReply} is a termination; an episode that ends otherwise is a truncation.
 */
package ai.engram.env.rl4j;
