package ai.engram.record;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws a run's learning curve from its metrics.csv: episode returns and greedy evaluations against env steps. */
public final class LearningCurve {

    private LearningCurve() {
    }

    /** Reads {@code metrics.csv} of {@code runDirectory} and writes {@code learning-curve.png} next to it. */
    public static Path draw(Path runDirectory, String title) {
        List<double[]> episodes = new ArrayList<>();
        List<double[]> evals = new ArrayList<>();
        Path csv = runDirectory.resolve("metrics.csv");
        try {
            List<String> lines = Files.readAllLines(csv);
            if (lines.isEmpty()) {
                throw new IllegalStateException(csv + " is empty");
            }
            List<String> header = List.of(lines.get(0).split(",", -1));
            int step = header.indexOf("env_step");
            int ret = header.indexOf("episode_return");
            int eval = header.indexOf("eval_return");
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                if (!f[ret].isEmpty()) {
                    episodes.add(new double[] {Double.parseDouble(f[step]), Double.parseDouble(f[ret])});
                }
                if (!f[eval].isEmpty()) {
                    evals.add(new double[] {Double.parseDouble(f[step]), Double.parseDouble(f[eval])});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        List<Series> series = new ArrayList<>();
        if (!episodes.isEmpty()) {
            series.add(new Series("training episode return", column(episodes, 0), column(episodes, 1), false,
                    new Color(150, 170, 210)));
        }
        if (!evals.isEmpty()) {
            series.add(new Series("greedy eval return (mean)", column(evals, 0), column(evals, 1), true, new Color(200, 60, 40)));
        }
        return plot(runDirectory.resolve("learning-curve.png"), title, "env steps", "return", series);
    }

    /** One line of a plot, with or without a marker at each point, and error bars of +- {@code errors} (null: none). */
    public record Series(String name, double[] x, double[] y, boolean markers, Color color, double[] errors) {

        public Series(String name, double[] x, double[] y, boolean markers, Color color) {
            this(name, x, y, markers, color, null);
        }
    }

    /** Draws {@code series} into {@code png}. */
    public static Path plot(Path png, String title, String xTitle, String yTitle, List<Series> series) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (Series line : series) {
            XYSeries s = line.errors() == null ? chart.addSeries(line.name(), line.x(), line.y())
                    : chart.addSeries(line.name(), line.x(), line.y(), line.errors());
            s.setMarker(line.markers() ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineColor(line.color());
            s.setMarkerColor(line.color());
        }
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
        return png;
    }

    private static double[] column(List<double[]> rows, int c) {
        return rows.stream().mapToDouble(r -> r[c]).toArray();
    }
}
