package ai.engram.compare;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figures of several panels side by side (one per environment), each with a line and a shaded
 * interval per agent, drawn headless with XChart and written as PNG or, through VectorGraphics2D,
 * as SVG: both from the same painting.
 */
final class Plots {

    /** One agent's line and its interval band; the arrays run along x. */
    record Series(String name, double[] x, double[] y, double[] low, double[] high) {
    }

    record Panel(String title, String xLabel, String yLabel, List<Series> series) {
    }

    private static final int PANEL_WIDTH = 640;
    private static final int PANEL_HEIGHT = 420;
    /** Colour-blind-safe (Okabe-Ito), one per agent in name order, the same in every panel. */
    private static final Color[] PALETTE = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
        new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0), new Color(240, 228, 66)};

    private Plots() {
    }

    static Color color(int agentIndex) {
        return PALETTE[agentIndex % PALETTE.length];
    }

    static byte[] png(List<Panel> panels, Map<String, Color> colors) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(width(panels), height(panels), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        paint(g, panels, colors);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    static byte[] svg(List<Panel> panels, Map<String, Color> colors) {
        System.setProperty("java.awt.headless", "true");
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g, panels, colors);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width(panels), height(panels))).writeTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an SVG: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private static int columns(List<Panel> panels) {
        return Math.min(2, Math.max(1, panels.size()));
    }

    private static int width(List<Panel> panels) {
        return columns(panels) * PANEL_WIDTH;
    }

    private static int height(List<Panel> panels) {
        return (panels.size() + columns(panels) - 1) / columns(panels) * PANEL_HEIGHT;
    }

    private static void paint(Graphics2D g, List<Panel> panels, Map<String, Color> colors) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(panels), height(panels));
        for (int i = 0; i < panels.size(); i++) {
            int x = i % columns(panels) * PANEL_WIDTH;
            int y = i / columns(panels) * PANEL_HEIGHT;
            Graphics2D panel = (Graphics2D) g.create(x, y, PANEL_WIDTH, PANEL_HEIGHT);
            chart(panels.get(i), colors).paint(panel, PANEL_WIDTH, PANEL_HEIGHT);
            panel.dispose();
        }
    }

    private static XYChart chart(Panel panel, Map<String, Color> colors) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(panel.title())
                .xAxisTitle(panel.xLabel()).yAxisTitle(panel.yLabel()).build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(230, 230, 230));
        styler.setXAxisDecimalPattern("#,##0.##");
        styler.setYAxisDecimalPattern("#,##0.##");
        if (panel.series().stream().flatMapToDouble(s -> DoubleStream.of(s.x())).allMatch(x -> x >= 0)) {
            styler.setXAxisMin(0.0); // ticks at round numbers of env steps, not at the first grid point
        }
        for (Series s : panel.series()) {
            if (s.x().length == 0) {
                continue;
            }
            Color color = colors.get(s.name());
            double[] bandX = DoubleStream.concat(DoubleStream.of(s.x()), reversed(s.x())).toArray();
            double[] bandY = DoubleStream.concat(DoubleStream.of(s.high()), reversed(s.low())).toArray();
            XYSeries band = chart.addSeries(s.name() + " interval", bandX, bandY);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 60));
            band.setLineColor(new Color(0, 0, 0, 0));
            band.setMarker(SeriesMarkers.NONE);
            band.setShowInLegend(false);
            XYSeries line = chart.addSeries(s.name(), s.x(), s.y());
            line.setLineColor(color);
            line.setLineStyle(new BasicStroke(2f));
            line.setMarker(s.x().length <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            line.setMarkerColor(color);
        }
        return chart;
    }

    private static DoubleStream reversed(double[] values) {
        int n = values.length;
        return IntStream.range(0, n).mapToDouble(i -> values[n - 1 - i]);
    }
}
