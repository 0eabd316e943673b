package ai.engram.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Typed, validated reads of a flat HOCON configuration. Every read names its key in the error,
 * with the allowed values; {@link #rejectUnread()} then fails on any key nobody read, listing the
 * known ones, so a typo never silently falls back to a default.
 */
public final class Settings {

    private final Config config;
    private final Set<String> read = new TreeSet<>();

    public Settings(Config config) {
        this.config = config.resolve();
    }

    public Config config() {
        return config;
    }

    private <T> T get(String key, String expected, java.util.function.Function<String, T> getter) {
        read.add(key);
        if (!config.hasPath(key)) {
            throw new InvalidSettingException("missing setting '" + key + "' (" + expected + ")");
        }
        try {
            return getter.apply(key);
        } catch (ConfigException.WrongType e) {
            throw new InvalidSettingException("setting '" + key + "' = " + render(key) + " is not " + expected);
        }
    }

    private String render(String key) {
        return config.getValue(key).render(ConfigRenderOptions.concise());
    }

    public int integer(String key, int min, int max) {
        return (int) wholeNumber(key, min, max);
    }

    public long longInteger(String key, long min) {
        return wholeNumber(key, min, Long.MAX_VALUE);
    }

    /** HOCON would truncate 2.5 to 2 when asked for an int; a setting that is not whole is refused instead. */
    private long wholeNumber(String key, long min, long max) {
        String range = max == Long.MAX_VALUE ? ">= " + min : "in [" + min + ", " + max + "]";
        double v = get(key, "a whole number " + range, k -> config.getNumber(k).doubleValue());
        if (v != Math.rint(v)) {
            throw new InvalidSettingException("setting '" + key + "' = " + render(key) + " is not a whole number");
        }
        if (v < min || v > max) {
            throw new InvalidSettingException("setting '" + key + "' = " + render(key) + " is not " + range);
        }
        return (long) v;
    }

    /** A number in [min, max]; NaN is never allowed. */
    public double number(String key, double min, double max) {
        double v = get(key, "a number in [" + min + ", " + max + "]", config::getDouble);
        if (!(v >= min && v <= max)) {
            throw new InvalidSettingException("setting '" + key + "' = " + v + " is outside [" + min + ", " + max + "]");
        }
        return v;
    }

    public boolean bool(String key) {
        return get(key, "true or false", config::getBoolean);
    }

    public String choice(String key, String... allowed) {
        String v = get(key, "one of " + String.join(", ", allowed), config::getString);
        if (!Arrays.asList(allowed).contains(v)) {
            throw new InvalidSettingException("setting '" + key + "' = " + v + " is not one of " + String.join(", ", allowed));
        }
        return v;
    }

    /** A list of distinct names, each one of {@code allowed} (the empty list too). */
    public List<String> choices(String key, List<String> allowed) {
        String expected = "a list of names from " + String.join(", ", allowed) + ", e.g. [" + allowed.get(0) + "]";
        List<String> list = get(key, expected, k -> {
            if (config.getValue(k).valueType() != ConfigValueType.LIST) {
                throw new InvalidSettingException("setting '" + k + "' = " + render(k) + " is not " + expected);
            }
            return config.getStringList(k);
        });
        for (String v : list) {
            if (!allowed.contains(v)) {
                throw new InvalidSettingException("setting '" + key + "' = " + list + ": '" + v + "' is not one of "
                        + String.join(", ", allowed));
            }
        }
        if (list.stream().distinct().count() < list.size()) {
            throw new InvalidSettingException("setting '" + key + "' = " + list + " names one twice");
        }
        return List.copyOf(list);
    }

    public int[] positiveIntegers(String key) {
        List<Integer> list = get(key, "a list of positive whole numbers, e.g. [64, 64]", k -> {
            if (config.getValue(k).valueType() != ConfigValueType.LIST) {
                throw new InvalidSettingException("setting '" + k + "' = " + render(k) + " is not a list, e.g. [64, 64]");
            }
            return config.getIntList(k);
        });
        if (list.stream().anyMatch(v -> v < 1)) {
            throw new InvalidSettingException("setting '" + key + "' = " + list + " must hold positive whole numbers");
        }
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A list of numbers, each in [min, max], at least {@code minCount} of them. */
    public double[] numbers(String key, double min, double max, int minCount) {
        String expected = "a list of at least " + minCount + " numbers in [" + min + ", " + max + "]";
        List<Double> list = get(key, expected, k -> {
            if (config.getValue(k).valueType() != ConfigValueType.LIST) {
                throw new InvalidSettingException("setting '" + k + "' = " + render(k) + " is not " + expected);
            }
            return config.getDoubleList(k);
        });
        if (list.size() < minCount || list.stream().anyMatch(v -> !(v >= min && v <= max))) {
            throw new InvalidSettingException("setting '" + key + "' = " + list + " is not " + expected);
        }
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Fails if the configuration holds a key no read asked for. */
    public void rejectUnread() {
        List<String> unknown = new ArrayList<>();
        for (var entry : config.entrySet()) {
            if (!read.contains(entry.getKey())) {
                unknown.add(entry.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidSettingException("unknown setting" + (unknown.size() > 1 ? "s " : " ")
                    + unknown.stream().sorted().map(k -> "'" + k + "'").collect(Collectors.joining(", "))
                    + "; known settings: " + String.join(", ", read));
        }
    }

    /** The configuration as HOCON, keys sorted, for the run directory. */
    public String render() {
        StringBuilder out = new StringBuilder();
        new TreeSet<>(config.root().keySet()).forEach(k -> out.append(k).append(" = ")
                .append(config.getValue(k).render(ConfigRenderOptions.concise())).append('\n'));
        return out.toString();
    }

    /** A setting that is missing, unknown, of the wrong type or out of range. */
    public static final class InvalidSettingException extends IllegalArgumentException {
        public InvalidSettingException(String message) {
            super(message);
        }
    }
}
