package ai.engram.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One benchmark figure with the parameters it was measured at, e.g. bench=envs, env=CartPole-v1,
 * num_envs=64, env_steps_per_s=2.1e7. Figures use stable names: throughput as
 * {@code env_steps_per_s}, latency as {@code us_per_<thing>}.
 */
public record Measurement(String bench, Map<String, Object> parameters, String figure, double value) {

    public Measurement {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
