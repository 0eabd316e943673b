package ai.engram.agent;

/**
 * The acting network's parameters as one flat array, with the number of learner updates that
 * produced them. Immutable by contract: whoever publishes a snapshot never writes its array again.
 */
public record PolicySnapshot(long version, float[] parameters) {
}
