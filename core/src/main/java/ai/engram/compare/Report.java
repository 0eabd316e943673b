package ai.engram.compare;

import ai.engram.record.CsvLog;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/**
 * Writes a comparison: tidy CSV files (scores, curves, summary, probability of improvement), the
 * figures as PNG and SVG, and report.html, one self-contained page (figures embedded) readable
 * offline; and prints the summary table.
 */
public final class Report {

    /** Every file a report writes, in the order the report lists them. */
    public static final List<String> FILES = List.of("report.html", "learning-curves.png", "learning-curves.svg",
            "performance-profiles.png", "performance-profiles.svg", "summary.csv", "probability-of-improvement.csv",
            "curves.csv", "scores.csv");

    private static final int PROFILE_POINTS = 60;

    private final Comparison comparison;
    private final List<String> problems;
    private final Map<String, Color> colors = new LinkedHashMap<>();

    public Report(Comparison comparison, List<String> problems) {
        this.comparison = comparison;
        this.problems = List.copyOf(problems);
        List<String> agents = comparison.envs().stream().flatMap(e -> e.agents().stream()).map(Comparison.AgentResult::agent)
                .distinct().sorted().toList();
        for (int i = 0; i < agents.size(); i++) {
            colors.put(agents.get(i), Plots.color(i));
        }
    }

    /** Writes every file into {@code dir} (replacing an earlier report there) and prints the tables to {@code out}. */
    public void write(Path dir, PrintWriter out) {
        try {
            Files.createDirectories(dir);
            writeScores(dir.resolve("scores.csv"));
            writeCurves(dir.resolve("curves.csv"));
            writeRows(dir.resolve("summary.csv"), SUMMARY_CSV, summaryRows(true));
            writeRows(dir.resolve("probability-of-improvement.csv"), IMPROVEMENT_CSV, improvementRows(true));
            List<Plots.Panel> curves = learningCurvePanels();
            List<Plots.Panel> profiles = profilePanels();
            byte[] curvesPng = Plots.png(curves, colors);
            byte[] profilesPng = Plots.png(profiles, colors);
            Files.write(dir.resolve("learning-curves.png"), curvesPng);
            Files.write(dir.resolve("learning-curves.svg"), Plots.svg(curves, colors));
            Files.write(dir.resolve("performance-profiles.png"), profilesPng);
            Files.write(dir.resolve("performance-profiles.svg"), Plots.svg(profiles, colors));
            Files.writeString(dir.resolve("report.html"), html(curvesPng, profilesPng));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + dir + ": " + e.getMessage(), e);
        }
        out.println(text(SUMMARY_HEADER, summaryRows(false)));
        if (!comparison.improvements().isEmpty()) {
            out.println("Probability of improvement, P(X > Y) at each environment's final step:");
            out.println(text(IMPROVEMENT_HEADER, improvementRows(false)));
        }
        comparison.envs().forEach(e -> out.println("alignment: " + e.alignment().describe()));
        problems.forEach(p -> out.println("not compared: " + p));
        out.println("report: " + dir.resolve("report.html"));
        out.flush();
    }

    // --- tables: the same rows feed the printed table, the HTML and (unformatted) the CSV files ---

    private static final List<String> SUMMARY_HEADER = List.of("env", "agent", "seeds", "final step", "IQM", "mean",
            "median", "optimality gap", "threshold", "steps to threshold", "reached", "AUC (IQM)");
    private static final List<String> SUMMARY_CSV = List.of("env", "agent", "seeds", "final_step", "iqm", "iqm_low",
            "iqm_high", "mean", "mean_low", "mean_high", "median", "median_low", "median_high", "optimality_gap",
            "optimality_gap_low", "optimality_gap_high", "threshold", "steps_to_threshold", "seeds_reached", "auc",
            "auc_low", "auc_high");
    private static final List<String> IMPROVEMENT_HEADER = List.of("X", "Y", "env", "P(X > Y)", "seeds X", "seeds Y");
    private static final List<String> IMPROVEMENT_CSV = List.of("x", "y", "env", "probability", "low", "high");

    private List<List<Object>> summaryRows(boolean raw) {
        List<List<Object>> rows = new ArrayList<>();
        for (Comparison.EnvResult env : comparison.envs()) {
            for (Comparison.AgentResult a : env.agents()) {
                Comparison.Summary s = a.summary();
                List<Object> row = new ArrayList<>(List.of(env.env(), a.agent(), s.finalScores().length + "/" + s.runs(),
                        String.format(Locale.ROOT, "%,d", env.alignment().finalStep())));
                if (raw) {
                    row.set(2, s.finalScores().length);
                    row.set(3, env.alignment().finalStep());
                    for (Bootstrap.Estimate e : List.of(s.iqm(), s.mean(), s.median(), s.optimalityGap())) {
                        row.addAll(List.of(e.value(), e.low(), e.high()));
                    }
                    row.addAll(Arrays.asList(env.threshold(), s.stepsToThreshold(), s.reachedThreshold(),
                            s.auc().value(), s.auc().low(), s.auc().high()));
                } else {
                    row.addAll(List.of(interval(s.iqm()), interval(s.mean()), interval(s.median()), interval(s.optimalityGap()),
                            env.threshold() == null ? "-" : number(env.threshold()),
                            Double.isNaN(s.stepsToThreshold()) ? "-" : String.format(Locale.ROOT, "%,.0f", s.stepsToThreshold()),
                            env.threshold() == null ? "-" : s.reachedThreshold() + "/" + s.runs(), interval(s.auc())));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private List<List<Object>> improvementRows(boolean raw) {
        List<List<Object>> rows = new ArrayList<>();
        for (Comparison.Improvement i : comparison.improvements()) {
            Bootstrap.Estimate p = i.probability();
            rows.add(raw ? List.of(i.x(), i.y(), i.env(), p.value(), p.low(), p.high())
                    : List.of(i.x(), i.y(), i.env(), String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", p.value(), p.low(), p.high()),
                    seeds(i.x(), i.env()), seeds(i.y(), i.env())));
        }
        return rows;
    }

    private String seeds(String agent, String env) {
        return Integer.toString(comparison.envs().stream().filter(e -> env.equals(Comparison.ALL_ENVS) || e.env().equals(env))
                .flatMap(e -> e.agents().stream()).filter(a -> a.agent().equals(agent))
                .mapToInt(a -> a.summary().finalScores().length).sum());
    }

    private static String interval(Bootstrap.Estimate e) {
        return Double.isNaN(e.value()) ? "-" : number(e.value()) + " [" + number(e.low()) + ", " + number(e.high()) + "]";
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A fixed-width table. */
    static String text(List<String> header, List<List<Object>> rows) {
        int[] widths = header.stream().mapToInt(String::length).toArray();
        for (List<Object> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).toString().length());
            }
        }
        StringBuilder b = new StringBuilder();
        List<List<?>> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(rows);
        for (List<?> line : lines) {
            for (int c = 0; c < line.size(); c++) {
                String cell = line.get(c).toString();
                b.append(c == 0 ? "" : "  ").append(c < 2 ? String.format("%-" + widths[c] + "s", cell)
                        : String.format("%" + widths[c] + "s", cell));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static void writeRows(Path file, List<String> header, List<List<Object>> rows) {
        try (CsvLog csv = new CsvLog(file, header, 0)) {
            rows.forEach(r -> csv.row(r.toArray()));
        }
    }

    private void writeScores(Path file) {
        try (CsvLog csv = new CsvLog(file, List.of("agent", "env", "seed", "env_step", "eval_return"), 0)) {
            for (Comparison.EnvResult env : comparison.envs()) {
                for (Comparison.AgentResult a : env.agents()) {
                    for (RecordedRun r : a.runs()) {
                        for (int i = 0; i < r.evalSteps().length; i++) {
                            csv.row(r.agent(), r.env(), r.seed(), r.evalSteps()[i], r.evalReturns()[i]);
                        }
                    }
                }
            }
        }
    }

    private void writeCurves(Path file) {
        try (CsvLog csv = new CsvLog(file, List.of("agent", "env", "env_step", "seeds", "iqm", "low", "high"), 0)) {
            for (Comparison.EnvResult env : comparison.envs()) {
                for (Comparison.AgentResult a : env.agents()) {
                    Comparison.Curve c = a.curve();
                    for (int g = 0; g < c.steps().length; g++) {
                        csv.row(a.agent(), env.env(), c.steps()[g], c.seeds()[g], c.iqm()[g], c.low()[g], c.high()[g]);
                    }
                }
            }
        }
    }

    // --- figures ---

    private List<Plots.Panel> learningCurvePanels() {
        List<Plots.Panel> panels = new ArrayList<>();
        for (Comparison.EnvResult env : comparison.envs()) {
            List<Plots.Series> series = new ArrayList<>();
            for (Comparison.AgentResult a : env.agents()) {
                Comparison.Curve c = a.curve();
                int[] kept = IntStream.range(0, c.steps().length).filter(g -> c.seeds()[g] > 0).toArray();
                series.add(new Plots.Series(a.agent(), pick(kept, g -> c.steps()[g]), pick(kept, g -> c.iqm()[g]),
                        pick(kept, g -> c.low()[g]), pick(kept, g -> c.high()[g])));
            }
            panels.add(new Plots.Panel(env.env(), "env steps", "IQM of eval return (" + level() + " CI)", series));
        }
        return panels;
    }

    /** Per environment, the fraction of runs whose final score exceeds tau, over the range of the scores. */
    private List<Plots.Panel> profilePanels() {
        List<Plots.Panel> panels = new ArrayList<>();
        Bootstrap bootstrap = comparison.bootstrap();
        for (Comparison.EnvResult env : comparison.envs()) {
            double[] all = env.agents().stream().flatMapToDouble(a -> DoubleStream.of(a.summary().finalScores())).toArray();
            double lo = Arrays.stream(all).min().orElse(0);
            double hi = Arrays.stream(all).max().orElse(1);
            double[] taus = IntStream.range(0, PROFILE_POINTS).mapToDouble(i -> lo + (hi - lo) * i / (PROFILE_POINTS - 1)).toArray();
            List<Plots.Series> series = new ArrayList<>();
            for (Comparison.AgentResult a : env.agents()) {
                double[] scores = a.summary().finalScores();
                Bootstrap.Estimate[] e = Arrays.stream(taus)
                        .mapToObj(t -> bootstrap.estimate(scores, v -> Statistics.fractionAbove(v, t)))
                        .toArray(Bootstrap.Estimate[]::new);
                int[] kept = scores.length == 0 ? new int[0] : IntStream.range(0, taus.length).toArray();
                series.add(new Plots.Series(a.agent(), pick(kept, i -> taus[i]), pick(kept, i -> e[i].value()),
                        pick(kept, i -> e[i].low()), pick(kept, i -> e[i].high())));
            }
            panels.add(new Plots.Panel(env.env() + " at step " + String.format(Locale.ROOT, "%,d", env.alignment().finalStep()),
                    "eval return tau", "fraction of runs with score > tau", series));
        }
        return panels;
    }

    private static double[] pick(int[] indices, IntToDoubleFunction value) {
        return Arrays.stream(indices).mapToDouble(value).toArray();
    }

    private String level() {
        return Math.round(comparison.bootstrap().level() * 100) + "%";
    }

    // --- the page ---

    private String html(byte[] curvesPng, byte[] profilesPng) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Engram comparison</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:1320px;margin:2em auto;padding:0 1em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("td:nth-child(-n+2),th{text-align:left}img{max-width:100%}.note{color:#555}</style></head><body>\n")
                .append("<h1>Comparison of ").append(esc(String.join(", ", colors.keySet()))).append("</h1>\n");
        b.append("<p>").append(comparison.envs().stream().mapToInt(e -> e.alignment().runs()).sum()).append(" runs on ")
                .append(esc(String.join(", ", comparison.envs().stream().map(Comparison.EnvResult::env).toList())))
                .append(". Every interval is a ").append(level()).append(" stratified percentile bootstrap over seeds (")
                .append(String.format(Locale.ROOT, "%,d", comparison.bootstrap().resamples()))
                .append(" resamples; the runs of each agent on each environment are resampled within it, as rliable does)."
                        + " IQM is the mean of the middle half of the runs (scipy's trim_mean(x, 0.25), as rliable).</p>\n");
        b.append("<h2>Learning curves</h2>\n<img alt=\"learning curves\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(curvesPng)).append("\">\n");
        b.append("<h3>How runs were aligned</h3>\n<ul>");
        comparison.envs().forEach(e -> b.append("<li>").append(esc(e.alignment().describe())).append(" Seeds per point: ")
                .append(esc(seedCounts(e))).append("</li>"));
        b.append("</ul>\n<h2>Final scores</h2>\n<p class=\"note\">At each environment's final step. Optimality gap: mean"
                + " shortfall below the threshold. Steps to threshold: median first evaluation reaching it, seeds that never"
                + " did counting as never (\"-\" when most did not). AUC: IQM over runs of each run's mean evaluation on the"
                + " grid up to the final step.</p>\n");
        b.append(htmlTable(SUMMARY_HEADER, summaryRows(false)));
        if (!comparison.improvements().isEmpty()) {
            b.append("<h2>Probability of improvement</h2>\n<p class=\"note\">P(X &gt; Y): the chance that a run of X scores"
                    + " above a run of Y at the final step, ties counting one half; \"all\" averages over the environments"
                    + " both ran.</p>\n").append(htmlTable(IMPROVEMENT_HEADER, improvementRows(false)));
        }
        b.append("<h2>Performance profiles</h2>\n<img alt=\"performance profiles\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(profilesPng)).append("\">\n");
        b.append("<h2>Runs</h2>\n<table><tr><th>agent</th><th>env</th><th>seed</th><th>last eval step</th><th>complete</th>"
                + "<th>directory</th></tr>\n");
        for (Comparison.EnvResult env : comparison.envs()) {
            for (Comparison.AgentResult a : env.agents()) {
                for (RecordedRun r : a.runs()) {
                    b.append("<tr><td>").append(esc(r.agent())).append("</td><td>").append(esc(r.env())).append("</td><td>")
                            .append(r.seed()).append("</td><td>").append(String.format(Locale.ROOT, "%,d", r.lastStep()))
                            .append("</td><td>").append(r.completed() ? "yes" : "no (cut or running)").append("</td><td>")
                            .append(esc(r.directory().toString())).append("</td></tr>\n");
                }
            }
        }
        b.append("</table>\n");
        if (!problems.isEmpty()) {
            b.append("<h2>Not compared</h2>\n<ul>");
            problems.forEach(p -> b.append("<li>").append(esc(p)).append("</li>"));
            b.append("</ul>\n");
        }
        b.append("<p class=\"note\">Files beside this page: ").append(esc(String.join(", ", FILES)))
                .append(". scores.csv is tidy (agent, env, seed, env_step, eval_return) for rliable or pandas.</p>\n")
                .append("</body></html>\n");
        return b.toString();
    }

    /** "dqn 5 at every point; rl4j-dqn 0-3": how many seeds each agent's curve holds along the grid. */
    private static String seedCounts(Comparison.EnvResult env) {
        List<String> parts = new ArrayList<>();
        for (Comparison.AgentResult a : env.agents()) {
            int min = Arrays.stream(a.curve().seeds()).min().orElse(0);
            int max = Arrays.stream(a.curve().seeds()).max().orElse(0);
            parts.add(a.agent() + " " + (min == max ? max + " at every point" : min + " to " + max));
        }
        return String.join("; ", parts) + " (curves.csv has the count at each point).";
    }

    private static String htmlTable(List<String> header, List<List<Object>> rows) {
        StringBuilder b = new StringBuilder("<table><tr>");
        header.forEach(h -> b.append("<th>").append(esc(h)).append("</th>"));
        b.append("</tr>\n");
        for (List<Object> row : rows) {
            b.append("<tr>");
            row.forEach(cell -> b.append("<td>").append(esc(cell.toString())).append("</td>"));
            b.append("</tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
