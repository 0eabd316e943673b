package ai.engram.train;

import ai.engram.agent.Agent;
import ai.engram.agent.Agents;
import ai.engram.auxiliary.AuxiliaryHost;
import ai.engram.config.Settings;
import ai.engram.env.Env;
import ai.engram.env.Envs;
import ai.engram.env.VectorEnv;
import java.util.Optional;

/**
 * A training run put together from its settings: the environments, the agent and the loop that
 * drives them. Every setting is read (and unknown ones refused) before anything trains. Closing it
 * closes the environments.
 */
public final class TrainingRun implements AutoCloseable {

    private final VectorEnv envs;
    private final Env evalEnv;
    private final TrainingLoop loop;
    private final Optional<AuxiliaryHost> auxiliary;

    private TrainingRun(VectorEnv envs, Env evalEnv, TrainingLoop loop, Optional<AuxiliaryHost> auxiliary) {
        this.envs = envs;
        this.evalEnv = evalEnv;
        this.loop = loop;
        this.auxiliary = auxiliary;
        auxiliary.ifPresent(host -> loop.afterLearn(host::afterLearn));
    }

    public static TrainingRun assemble(Settings settings, TrainingLoop.RunInfo info, Progress progress) {
        RunConfig config = RunConfig.from(settings);
        VectorEnv envs = VectorEnv.of(() -> Envs.make(info.env()), config.numEnvs());
        Env evalEnv = null;
        try {
            evalEnv = Envs.make(info.env());
            Agent agent = Agents.create(info.agent(), settings, envs, config.totalSteps(), info.seed());
            settings.rejectUnread();
            return new TrainingRun(envs, evalEnv, new TrainingLoop(info, config, agent, envs, evalEnv, progress),
                    AuxiliaryHost.attach(config.auxiliary(), agent, info.directory(), info.seed()));
        } catch (RuntimeException e) {
            envs.close();
            if (evalEnv != null) {
                evalEnv.close();
            }
            throw e;
        }
    }

    public TrainingLoop loop() {
        return loop;
    }

    @Override
    public void close() {
        try {
            auxiliary.ifPresent(AuxiliaryHost::close);
            envs.close();
        } finally {
            evalEnv.close();
        }
    }
}
