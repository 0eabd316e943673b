package ai.engram.auxiliary.calibration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The paper's reliability diagram: accuracy per confidence bin against the bin's mean confidence (the gap). */
public final class ReliabilityDiagram {

    private ReliabilityDiagram() {
    }

    /** Draws the bins of {@code report} to {@code png}, titled with its ECE. */
    public static Path draw(Calibration.Report report, String title, Path png) {
        Calibration.Reliability r = report.reliability();
        List<String> bins = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        List<Double> confidence = new ArrayList<>();
        for (int m = 0; m < r.bins(); m++) {
            bins.add(String.format(Locale.ROOT, "%.2f", (m + 0.5) / r.bins()));
            accuracy.add(r.count()[m] == 0 ? 0.0 : r.accuracy()[m]);
            confidence.add(r.count()[m] == 0 ? 0.0 : r.confidence()[m]);
        }
        CategoryChart chart = new CategoryChartBuilder().width(700).height(520)
                .title(String.format(Locale.ROOT, "%s (ECE %.2f%%)", title, 100 * report.ece()))
                .xAxisTitle("confidence").yAxisTitle("accuracy").build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.addSeries("outputs (accuracy)", bins, accuracy);
        chart.addSeries("gap (mean confidence)", bins, confidence);
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
        return png;
    }
}
