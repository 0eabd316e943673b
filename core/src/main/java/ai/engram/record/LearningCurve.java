package ai.engram.record;

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
        System.setProperty("java.awt.headless", "true");
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
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle("env steps")
                .yAxisTitle("return").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        if (!episodes.isEmpty()) {
            XYSeries s = chart.addSeries("training episode return", column(episodes, 0), column(episodes, 1));
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new java.awt.Color(150, 170, 210));
        }
        if (!evals.isEmpty()) {
            XYSeries s = chart.addSeries("greedy eval return (mean)", column(evals, 0), column(evals, 1));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(new java.awt.Color(200, 60, 40));
            s.setMarkerColor(new java.awt.Color(200, 60, 40));
        }
        Path png = runDirectory.resolve("learning-curve.png");
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
