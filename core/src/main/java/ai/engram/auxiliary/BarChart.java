package ai.engram.auxiliary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The paper modules' pictures: overlapped bars per category, rendered headless to PNG. */
public final class BarChart {

    private BarChart() {
    }

    /** Writes {@code series} (name to one value per category) over {@code categories} to {@code png}. */
    public static Path draw(Path png, String title, String xTitle, String yTitle, List<String> categories,
                            Map<String, List<Double>> series, double yMin, double yMax) {
        CategoryChart chart = new CategoryChartBuilder().width(700).height(520).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setYAxisMin(yMin);
        chart.getStyler().setYAxisMax(yMax);
        series.forEach((name, values) -> chart.addSeries(name, categories, values));
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
        return png;
    }
}
