package ai.engram.auxiliary.calibration;

import ai.engram.auxiliary.BarChart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("outputs (accuracy)", accuracy);
        series.put("gap (mean confidence)", confidence);
        return BarChart.draw(png, String.format(Locale.ROOT, "%s (ECE %.2f%%)", title, 100 * report.ece()), "confidence", "accuracy",
                bins, series, 0, 1);
    }
}
