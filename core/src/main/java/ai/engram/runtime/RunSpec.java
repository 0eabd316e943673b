package ai.engram.runtime;

import ai.engram.agent.PolicySnapshot;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a node's environment workers need to take part in a run: the run's agent, environment and
 * seed, its resolved configuration (HOCON), their first worker index, the run's env steps when
 * they join, the latest policy, and the replay buffer and supervisor they report to.
 */
public record RunSpec(String agent, String env, long seed, String config, int firstIndex, long startStep,
                      PolicySnapshot policy, ActorRef<ReplayBuffer.Command> replay,
                      ActorRef<RunSupervisor.Command> supervisor) implements CrossJvm {
}
