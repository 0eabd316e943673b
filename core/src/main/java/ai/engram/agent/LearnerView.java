package ai.engram.agent;

import ai.engram.nn.Network;
import ai.engram.replay.ReplayTable;
import java.util.function.Supplier;

/**
 * What auxiliary learners may read of an agent, on the training thread only: a fresh network of
 * the learner's architecture (for their own copy), a snapshot of the learner's parameters, and the
 * replay table, and which TD loss the learner minimizes ({@code huberLoss}: Huber, else squared error).
 */
public record LearnerView(Supplier<Network> architecture, Supplier<float[]> parameters, ReplayTable replay, boolean huberLoss) {
}
