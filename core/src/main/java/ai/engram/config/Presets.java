package ai.engram.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Resolves an agent's configuration: {@code agents/<agent>.conf} (every key with its default),
 * overlaid by {@code agents/<agent>-<env>.conf} when that preset exists, overlaid by
 * {@code --set key=value} overrides. The presets are the repository's {@code agents/} folder,
 * bundled into the jar.
 */
public final class Presets {

    private Presets() {
    }

    public static Config resolve(String agent, String envId, List<String> overrides) {
        Config base = load("agents/" + agent + ".conf");
        if (base == null) {
            throw new IllegalArgumentException("no preset agents/" + agent + ".conf: unknown agent '" + agent + "'");
        }
        Config envPreset = load("agents/" + agent + "-" + presetEnvName(envId) + ".conf");
        return overlay(envPreset == null ? base : envPreset.withFallback(base), overrides);
    }

    /** {@code base} overlaid by {@code --set key=value} overrides, resolved. */
    public static Config overlay(Config base, List<String> overrides) {
        Config merged = base;
        for (String override : overrides) {
            merged = parseOverride(override).withFallback(merged);
        }
        return merged.resolve();
    }

    /** The preset name of an environment: the id itself, or the remote id of a gym: id. */
    static String presetEnvName(String envId) {
        if (envId.startsWith("gym:")) {
            int at = envId.lastIndexOf('@');
            return at > 4 ? envId.substring(4, at) : envId.substring(4);
        }
        return envId;
    }

    /** Whether a preset exists for this agent and environment. */
    public static boolean hasEnvPreset(String agent, String envId) {
        return Presets.class.getClassLoader().getResource("agents/" + agent + "-" + presetEnvName(envId) + ".conf") != null;
    }

    /**
     * The key of a {@code key=value} override.
     *
     * @throws Settings.InvalidSettingException when it is not of that form
     */
    public static String overrideKey(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new Settings.InvalidSettingException("--set expects key=value, got '" + override + "'");
        }
        return override.substring(0, eq).trim();
    }

    static Config parseOverride(String override) {
        String key = overrideKey(override);
        String value = override.substring(override.indexOf('=') + 1).trim();
        try {
            Config parsed = ConfigFactory.parseString("\"" + key.replace("\"", "") + "\" = " + (value.isEmpty() ? "\"\"" : value),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF));
            return parsed;
        } catch (ConfigException e) {
            throw new Settings.InvalidSettingException("--set " + override + ": cannot parse the value: " + e.getMessage());
        }
    }

    private static Config load(String resource) {
        try (InputStream in = Presets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            return ConfigFactory.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8),
                    ConfigParseOptions.defaults().setOriginDescription(resource));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read preset " + resource, e);
        } catch (ConfigException e) {
            throw new Settings.InvalidSettingException("preset " + resource + " is not valid HOCON: " + e.getMessage());
        }
    }
}
