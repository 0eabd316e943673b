package ai.engram.env.gym;

import ai.engram.env.Env;
import java.net.URI;

public final class GymHttpEnv {
    public static Env open(String envId, URI baseUrl) {
        throw new IllegalStateException("stub");
    }
}
