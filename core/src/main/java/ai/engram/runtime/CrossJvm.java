package ai.engram.runtime;

/**
 * Marks a message that may cross JVMs: Pekko serializes it with {@link KryoSerializer}, whose
 * registry must name its class (a test round-trips every one).
 */
public interface CrossJvm {
}
