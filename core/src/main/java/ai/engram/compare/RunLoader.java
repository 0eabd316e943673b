package ai.engram.compare;

import ai.engram.record.Completion;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds and reads run directories. Each argument is a run directory, a folder of run directories,
 * or a glob (expanded here, for shells that pass it quoted). Whatever cannot be read is reported by
 * path with the reason, and the rest is still loaded.
 */
public final class RunLoader {

    /** The runs that could be read, and one line per path that could not. */
    public record Loaded(List<RecordedRun> runs, List<String> problems) {
    }

    private RunLoader() {
    }

    public static Loaded load(List<String> arguments) {
        List<String> problems = new ArrayList<>();
        Set<Path> directories = new LinkedHashSet<>();
        for (String argument : arguments) {
            List<Path> matched = isGlob(argument) ? expand(argument) : List.of(Path.of(argument));
            if (matched.isEmpty()) {
                problems.add(argument + ": matched nothing");
            }
            for (Path path : matched) {
                runDirectories(path, problems).forEach(d -> directories.add(d.toAbsolutePath().normalize()));
            }
        }
        List<RecordedRun> runs = new ArrayList<>();
        for (Path dir : directories) {
            try {
                runs.add(read(dir));
            } catch (BadRun e) {
                problems.add(e.getMessage());
            }
        }
        return new Loaded(runs, problems);
    }

    private static boolean isGlob(String argument) {
        return argument.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /** The paths a glob matches, searched from its longest leading part without wildcards. */
    private static List<Path> expand(String glob) {
        Path pattern = Path.of(glob);
        Path base = pattern.isAbsolute() ? pattern.getRoot() : Path.of("");
        int fixed = 0;
        while (fixed < pattern.getNameCount() - 1 && !isGlob(pattern.getName(fixed).toString())) {
            base = base.resolve(pattern.getName(fixed++));
        }
        int depth = glob.contains("**") ? Integer.MAX_VALUE : pattern.getNameCount() - fixed;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        Path start = base.toString().isEmpty() ? Path.of(".") : base;
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(start, depth)) {
            return paths.map(p -> start.equals(Path.of(".")) ? start.relativize(p) : p).filter(matcher::matches).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + start + " for " + glob + ": " + e.getMessage(), e);
        }
    }

    /** A run directory itself (a metrics.csv inside means its folder), or the run directories right below a folder. */
    private static List<Path> runDirectories(Path path, List<String> problems) {
        if (path.getFileName() != null && path.getFileName().toString().equals("metrics.csv")) {
            return List.of(path.getParent() == null ? Path.of(".") : path.getParent());
        }
        if (!Files.isDirectory(path)) {
            problems.add(path + ": no such directory");
            return List.of();
        }
        if (isRun(path)) {
            return List.of(path);
        }
        try (Stream<Path> children = Files.list(path)) {
            List<Path> runs = children.filter(Files::isDirectory).filter(RunLoader::isRun).sorted().toList();
            if (runs.isEmpty()) {
                problems.add(path + ": neither a run directory nor a folder of runs (no config.conf or metrics.csv in it"
                        + " or in its subfolders)");
            }
            return runs;
        } catch (IOException e) {
            problems.add(path + ": cannot list: " + e.getMessage());
            return List.of();
        }
    }

    private static boolean isRun(Path dir) {
        return Files.exists(dir.resolve("config.conf")) || Files.exists(dir.resolve("metrics.csv"));
    }

    /** A run that cannot be read; the message names the file and what is wrong. */
    public static final class BadRun extends IllegalStateException {
        BadRun(String message) {
            super(message);
        }
    }

    static RecordedRun read(Path dir) {
        Path conf = dir.resolve("config.conf");
        if (!Files.isRegularFile(conf)) {
            throw new BadRun(conf + ": missing (not a run directory, or the run never started)");
        }
        String agent;
        String env;
        long seed;
        try {
            Config config = ConfigFactory.parseFile(conf.toFile()).resolve();
            agent = config.getString("agent");
            env = config.getString("env");
            seed = config.getLong("seed");
        } catch (ConfigException e) {
            throw new BadRun(conf + ": unreadable: " + e.getMessage());
        }
        Evaluations evaluations = evaluations(dir.resolve("metrics.csv"));
        return new RecordedRun(dir, agent, env, seed, evaluations.steps(), evaluations.returns(), Completion.isMarked(dir));
    }

    /** The greedy evaluations of a metrics.csv, in increasing env steps. */
    public record Evaluations(long[] steps, double[] returns) {
    }

    /** Reads the evaluation rows of a metrics.csv; a missing, malformed or evaluation-less file is a {@link BadRun}. */
    public static Evaluations evaluations(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new BadRun(csv + ": " + (Files.exists(csv) ? "cannot read: " + e.getMessage()
                    : "missing (the run has not recorded anything yet)"));
        }
        if (lines.isEmpty()) {
            throw new BadRun(csv + ": empty");
        }
        List<String> header = List.of(lines.get(0).split(",", -1));
        int stepColumn = header.indexOf("env_step");
        int evalColumn = header.indexOf("eval_return");
        if (stepColumn < 0 || evalColumn < 0) {
            throw new BadRun(csv + ": the header has no env_step or eval_return column: not a metrics file");
        }
        List<Long> steps = new ArrayList<>();
        List<Double> returns = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(",", -1);
            if (fields.length != header.size()) {
                throw new BadRun(csv + ":" + (i + 1) + ": " + fields.length + " fields where the header has " + header.size());
            }
            if (fields[evalColumn].isEmpty()) {
                continue;
            }
            try {
                long step = Long.parseLong(fields[stepColumn]);
                if (!steps.isEmpty() && step <= steps.get(steps.size() - 1)) {
                    throw new BadRun(csv + ":" + (i + 1) + ": evaluation at env step " + step + " after one at "
                            + steps.get(steps.size() - 1) + " (two runs written into one file?)");
                }
                returns.add(Double.parseDouble(fields[evalColumn]));
                steps.add(step);
            } catch (NumberFormatException e) {
                throw new BadRun(csv + ":" + (i + 1) + ": not a number: " + e.getMessage());
            }
        }
        if (steps.isEmpty()) {
            throw new BadRun(csv + ": no evaluation rows yet");
        }
        return new Evaluations(steps.stream().mapToLong(Long::longValue).toArray(),
                returns.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
