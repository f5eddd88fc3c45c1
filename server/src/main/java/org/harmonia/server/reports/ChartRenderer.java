package org.harmonia.server.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.harmonia.server.reports.ReportBlock.Chart;
import org.harmonia.server.reports.ReportBlock.Point;
import org.harmonia.server.reports.ReportBlock.Series;
import org.harmonia.stats.InvalidDataException;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Draws a report chart on the server with JFreeChart, so the HTML page and the PDF show the same picture.
 *
 * <p>Images are drawn at {@code scale} times their layout size (800 x 450 at 2x by default) so that they stay
 * sharp when a PDF is zoomed or printed.
 */
public final class ChartRenderer {

    /** Okabe-Ito colours: distinguishable for colour-blind readers and still apart when printed in grey. */
    private static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)
    };
    private static final Color GRID = new Color(0xDDDDDD);
    private static final Color AXIS = new Color(0x444444);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final int DEFAULT_WIDTH = 800;
    private static final int DEFAULT_HEIGHT = 450;
    private static final double DEFAULT_SCALE = 2.0;

    private final int width;
    private final int height;
    private final double scale;
    /** The charts drawn and encoded so far, by identity, when this renderer remembers them; null: draw every time. */
    private final java.util.Map<Chart, BufferedImage> drawn;
    private final java.util.Map<Chart, byte[]> encoded;

    /** A renderer for 800 x 450 layout pixels drawn at 2x. */
    public ChartRenderer() {
        this(DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_SCALE);
    }

    /** A renderer for {@code width} x {@code height} layout pixels, drawn at {@code scale} times that size. */
    public ChartRenderer(int width, int height, double scale) {
        this(width, height, scale, false);
    }

    private ChartRenderer(int width, int height, double scale, boolean remembering) {
        if (width < 100 || height < 100 || width > 4000 || height > 4000) {
            throw new IllegalArgumentException("chart size must be 100 to 4000 layout pixels each way, got " + width + " x " + height);
        }
        if (!(scale >= 1 && scale <= 4)) {
            throw new IllegalArgumentException("chart scale must be 1 to 4, got " + scale);
        }
        this.width = width;
        this.height = height;
        this.scale = scale;
        this.drawn = remembering ? new java.util.IdentityHashMap<>() : null;
        this.encoded = remembering ? new java.util.IdentityHashMap<>() : null;
    }

    /**
     * A default-size renderer that draws each chart once and gives the same image and PNG bytes when asked again: for
     * one report rendered in several formats at once (the HTML file, the PDF, the page), by one thread, then dropped.
     */
    public static ChartRenderer remembering() {
        return new ChartRenderer(DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_SCALE, true);
    }

    /** Layout width in CSS pixels (the image is {@link #pixelWidth()} wide). */
    public int width() {
        return width;
    }

    /** Layout height in CSS pixels (the image is {@link #pixelHeight()} high). */
    public int height() {
        return height;
    }

    /** Width of the drawn image in pixels. */
    public int pixelWidth() {
        return (int) Math.round(width * scale);
    }

    /** Height of the drawn image in pixels. */
    public int pixelHeight() {
        return (int) Math.round(height * scale);
    }

    /** The chart as PNG bytes of {@link #pixelWidth()} x {@link #pixelHeight()} pixels. */
    public byte[] png(Chart chart) {
        if (encoded != null) {
            return encoded.computeIfAbsent(chart, this::encode);
        }
        return encode(chart);
    }

    private byte[] encode(Chart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(image(chart), "png", out)) {
                throw new IllegalStateException("no PNG writer available in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode chart " + chart.id() + " as PNG", e);
        }
        return out.toByteArray();
    }

    /** The chart as an image of {@link #pixelWidth()} x {@link #pixelHeight()} pixels. */
    public BufferedImage image(Chart chart) {
        if (drawn != null) {
            return drawn.computeIfAbsent(chart, this::draw);
        }
        return draw(chart);
    }

    private BufferedImage draw(Chart chart) {
        JFreeChart jfree = toJFreeChart(chart);
        BufferedImage image = new BufferedImage(pixelWidth(), pixelHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, image.getWidth(), image.getHeight());
            g2.scale(scale, scale);
            jfree.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g2.dispose();
        }
        return image;
    }

    /** The JFreeChart for a report chart, styled for print; no title, because the document prints the caption. */
    JFreeChart toJFreeChart(Chart chart) {
        Plot plot = switch (chart.kind()) {
            case LINE -> linePlot(chart);
            case BAR -> barPlot(chart);
            case FOREST -> forestPlot(chart);
            case FUNNEL -> funnelPlot(chart);
            case STEP -> stepPlot(chart);
        };
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setInsets(new RectangleInsets(8, 8, 8, 16));
        plot.setNoDataMessage("No data");
        plot.setNoDataMessageFont(LABEL_FONT);
        JFreeChart jfree = new JFreeChart(null, LABEL_FONT, plot, false);
        jfree.setBackgroundPaint(Color.WHITE);
        jfree.setAntiAlias(true);
        jfree.setTextAntiAlias(true);
        jfree.setPadding(new RectangleInsets(6, 6, 6, 6));
        if (chart.series().size() > 1) {
            LegendTitle legend = new LegendTitle(plot);
            legend.setItemFont(LEGEND_FONT);
            legend.setFrame(BlockBorder.NONE);
            legend.setBackgroundPaint(Color.WHITE);
            legend.setPosition(RectangleEdge.BOTTOM);
            jfree.addLegend(legend);
        }
        return jfree;
    }

    /** The first series as points (the studies), the others as lines (pooled estimate, pseudo-confidence limits); precision upwards. */
    private XYPlot funnelPlot(Chart chart) {
        XYPlot plot = linePlot(chart);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer(0);
        renderer.setSeriesLinesVisible(0, false);
        for (int s = 1; s < chart.series().size(); s++) {
            renderer.setSeriesShapesVisible(s, false);
        }
        plot.getRangeAxis().setInverted(true);
        return plot;
    }

    private XYPlot linePlot(Chart chart) {
        List<String> keys = seriesKeys(chart);
        XYSeriesCollection lines = new XYSeriesCollection();
        YIntervalSeriesCollection bars = new YIntervalSeriesCollection();
        double dodge = lineDodge(chart);
        int withBars = 0;
        for (int s = 0; s < chart.series().size(); s++) {
            Series series = chart.series().get(s);
            XYSeries line = new XYSeries(keys.get(s), true, true);
            YIntervalSeries errors = new YIntervalSeries(keys.get(s), true, true);
            // Arms measured at the same visit would hide each other's error bars: shift each series a little.
            double offset = dodge * (s - (chart.series().size() - 1) / 2.0);
            for (Point p : series.points()) {
                line.add(p.x() + offset, p.y());
                if (p.hasInterval()) {
                    errors.add(p.x() + offset, p.y(), p.low(), p.high());
                }
            }
            lines.addSeries(line);
            bars.addSeries(errors);
            withBars += errors.getItemCount() > 0 ? 1 : 0;
        }
        NumberAxis x = numberAxis(chart.xLabel());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = numberAxis(chart.yLabel());
        y.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, true);
        XYPlot plot = new XYPlot(lines, x, y, lineRenderer);
        for (int s = 0; s < keys.size(); s++) {
            lineRenderer.setSeriesPaint(s, colour(s));
            lineRenderer.setSeriesStroke(s, new BasicStroke(2f));
            lineRenderer.setSeriesShape(s, marker(s));
        }
        if (withBars > 0) {
            XYErrorRenderer errorRenderer = new XYErrorRenderer();
            errorRenderer.setDrawXError(false);
            errorRenderer.setDrawYError(true);
            errorRenderer.setDefaultLinesVisible(false);
            errorRenderer.setDefaultShapesVisible(false);
            errorRenderer.setDefaultSeriesVisibleInLegend(false);
            errorRenderer.setCapLength(6);
            errorRenderer.setErrorStroke(new BasicStroke(1.2f));
            for (int s = 0; s < keys.size(); s++) {
                errorRenderer.setSeriesPaint(s, colour(s));
            }
            plot.setDataset(1, bars);
            plot.setRenderer(1, errorRenderer);
        }
        styleGrid(plot);
        return plot;
    }

    /** Step functions (survival curves): no markers, a horizontal run to each next point, then the drop. */
    private XYPlot stepPlot(Chart chart) {
        List<String> keys = seriesKeys(chart);
        XYSeriesCollection lines = new XYSeriesCollection();
        for (int s = 0; s < chart.series().size(); s++) {
            XYSeries line = new XYSeries(keys.get(s), false, true);
            chart.series().get(s).points().forEach(p -> line.add(p.x(), p.y()));
            lines.addSeries(line);
        }
        NumberAxis x = numberAxis(chart.xLabel());
        NumberAxis y = numberAxis(chart.yLabel());
        org.jfree.chart.renderer.xy.XYStepRenderer renderer = new org.jfree.chart.renderer.xy.XYStepRenderer();
        XYPlot plot = new XYPlot(lines, x, y, renderer);
        for (int s = 0; s < keys.size(); s++) {
            renderer.setSeriesPaint(s, colour(s));
            renderer.setSeriesStroke(s, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    s % 2 == 0 ? null : new float[] {6f, 4f}, 0f));
        }
        styleGrid(plot);
        return plot;
    }

    /** One per cent of the x range per series, when more than one series has error bars. */
    private static double lineDodge(Chart chart) {
        long seriesWithBars = chart.series().stream().filter(s -> s.points().stream().anyMatch(Point::hasInterval)).count();
        if (seriesWithBars < 2) {
            return 0;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : chart.series()) {
            for (Point p : s.points()) {
                min = Math.min(min, p.x());
                max = Math.max(max, p.x());
            }
        }
        return max > min ? (max - min) * 0.01 : 0;
    }

    private CategoryPlot barPlot(Chart chart) {
        List<String> keys = seriesKeys(chart);
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Set<String> categories = new HashSet<>();
        for (int s = 0; s < chart.series().size(); s++) {
            for (Point p : chart.series().get(s).points()) {
                String category = p.label() == null ? format(p.x()) : p.label();
                categories.add(category);
                data.addValue(p.y(), keys.get(s), category);
            }
        }
        CategoryAxis x = new CategoryAxis(chart.xLabel());
        styleAxis(x);
        x.setMaximumCategoryLabelLines(2);
        x.setCategoryMargin(0.25);
        if (categories.size() > 8) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        NumberAxis y = numberAxis(chart.yLabel());
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.05);
        renderer.setMaximumBarWidth(0.12);
        for (int s = 0; s < keys.size(); s++) {
            renderer.setSeriesPaint(s, colour(s));
        }
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
        return plot;
    }

    private XYPlot forestPlot(Chart chart) {
        List<String> keys = seriesKeys(chart);
        Map<String, Integer> rows = new LinkedHashMap<>();
        double lowest = 1;
        double highest = 1;
        for (Series s : chart.series()) {
            for (Point p : s.points()) {
                String label = p.label() == null ? "" : p.label();
                requirePositive(chart, label, "estimate", p.y());
                if (p.hasInterval()) {
                    requirePositive(chart, label, "lower limit", p.low());
                    requirePositive(chart, label, "upper limit", p.high());
                    if (p.low() > p.high()) {
                        throw new InvalidDataException("chart " + chart.id() + ": row \"" + label + "\" has lower limit "
                                + p.low() + " above upper limit " + p.high());
                    }
                }
                rows.putIfAbsent(label, rows.size());
                lowest = Math.min(lowest, p.hasInterval() ? Math.min(p.low(), p.y()) : p.y());
                highest = Math.max(highest, p.hasInterval() ? Math.max(p.high(), p.y()) : p.y());
            }
        }
        int seriesCount = chart.series().size();
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        List<Set<Integer>> summaryItems = new ArrayList<>();
        for (int s = 0; s < seriesCount; s++) {
            // Several series (e.g. two endpoints) share a row: spread them a little within it.
            double offset = seriesCount == 1 ? 0 : 0.3 * (s - (seriesCount - 1) / 2.0) / (seriesCount - 1);
            XYIntervalSeries series = new XYIntervalSeries(keys.get(s), false, true);
            Set<Integer> summary = new HashSet<>();
            for (Point p : chart.series().get(s).points()) {
                String label = p.label() == null ? "" : p.label();
                double row = rows.get(label) + offset;
                double low = p.hasInterval() ? p.low() : p.y();
                double high = p.hasInterval() ? p.high() : p.y();
                if (isSummaryRow(label)) {
                    summary.add(series.getItemCount());
                }
                series.add(p.y(), low, high, row, row, row);
            }
            data.addSeries(series);
            summaryItems.add(summary);
        }
        LogAxis x = new ForestAxis(chart.xLabel());
        styleAxis(x);
        x.setRange(lowest / 1.25, highest * 1.25);
        SymbolAxis y = new SymbolAxis(null, rows.keySet().toArray(String[]::new));
        styleAxis(y);
        y.setInverted(true);
        y.setGridBandsVisible(false);
        y.setRange(-0.6, Math.max(rows.size(), 1) - 0.4);
        y.setAxisLineVisible(false);
        y.setTickMarksVisible(false);

        XYErrorRenderer renderer = new ForestRenderer(summaryItems);
        renderer.setDrawXError(true);
        renderer.setDrawYError(false);
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesVisible(true);
        renderer.setCapLength(0);
        renderer.setErrorStroke(new BasicStroke(1.6f));
        for (int s = 0; s < seriesCount; s++) {
            renderer.setSeriesPaint(s, seriesCount == 1 ? Color.BLACK : colour(s));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        ValueMarker one = new ValueMarker(1.0, AXIS, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
        plot.addDomainMarker(one);
        rows.forEach((label, index) -> {
            if (isSummaryRow(label) && index > 0) {
                plot.addRangeMarker(new ValueMarker(index - 0.5, GRID, new BasicStroke(1f)));
            }
        });
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        return plot;
    }

    /** Pooled rows are drawn as diamonds, set apart from the single trials above them. */
    static boolean isSummaryRow(String label) {
        String l = label.strip().toLowerCase(Locale.ROOT);
        return l.startsWith("overall") || l.startsWith("all") && (l.length() == 3 || !Character.isLetter(l.charAt(3)));
    }

    private static void requirePositive(Chart chart, String label, String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidDataException("chart " + chart.id() + ": row \"" + label + "\" has " + what + " " + value
                    + "; a forest plot uses a log scale and needs positive, finite ratios");
        }
    }

    /** Series names as dataset keys: JFreeChart refuses missing or repeated keys, so name and number them. */
    private static List<String> seriesKeys(Chart chart) {
        List<String> keys = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int s = 0; s < chart.series().size(); s++) {
            String name = chart.series().get(s).name();
            String key = name == null || name.isBlank() ? "Series " + (s + 1) : name;
            String unique = key;
            for (int n = 2; !seen.add(unique); n++) {
                unique = key + " (" + n + ")";
            }
            keys.add(unique);
        }
        return keys;
    }

    private static NumberAxis numberAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        styleAxis(axis);
        axis.setNumberFormatOverride(decimalFormat());
        return axis;
    }

    private static void styleAxis(org.jfree.chart.axis.Axis axis) {
        axis.setLabelFont(LABEL_FONT);
        axis.setLabelPaint(AXIS);
        axis.setTickLabelFont(TICK_FONT);
        axis.setTickLabelPaint(AXIS);
        axis.setAxisLinePaint(AXIS);
        axis.setTickMarkPaint(AXIS);
    }

    private static void styleGrid(XYPlot plot) {
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(0.8f));
        plot.setRangeGridlineStroke(new BasicStroke(0.8f));
    }

    private static Paint colour(int series) {
        return PALETTE[series % PALETTE.length];
    }

    /** Distinct marker shapes, so series stay apart in a black-and-white print. */
    private static Shape marker(int series) {
        double r = 4;
        return switch (series % 4) {
            case 0 -> new java.awt.geom.Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
            case 1 -> new Rectangle2D.Double(-r, -r, 2 * r, 2 * r);
            case 2 -> triangle(r + 1);
            default -> diamond(r + 1);
        };
    }

    private static Shape triangle(double r) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, -r);
        p.lineTo(r, r);
        p.lineTo(-r, r);
        p.closePath();
        return p;
    }

    private static Shape diamond(double r) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, -r * 0.7);
        p.lineTo(r, 0);
        p.lineTo(0, r * 0.7);
        p.lineTo(-r, 0);
        p.closePath();
        return p;
    }

    private static DecimalFormat decimalFormat() {
        return new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    private static String format(double v) {
        return decimalFormat().format(v);
    }

    /** Squares for single trials, a wide diamond for pooled rows (the usual forest plot convention). */
    private static final class ForestRenderer extends XYErrorRenderer {
        private final List<Set<Integer>> summaryItems;
        private final Shape square = new Rectangle2D.Double(-4.5, -4.5, 9, 9);
        private final Shape diamond = diamond(9);

        ForestRenderer(List<Set<Integer>> summaryItems) {
            this.summaryItems = summaryItems;
        }

        @Override
        public Shape getItemShape(int series, int item) {
            return summaryItems.get(series).contains(item) ? diamond : square;
        }
    }

    /** A log axis labelled at 1-2-5 steps (0.2, 0.5, 1, 2, 5), which readers of ratios expect. */
    private static final class ForestAxis extends LogAxis {
        ForestAxis(String label) {
            super(label);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
            List<NumberTick> ticks = new ArrayList<>();
            double lower = getLowerBound();
            double upper = getUpperBound();
            DecimalFormat format = decimalFormat();
            format.setMaximumFractionDigits(4);
            int first = (int) Math.floor(Math.log10(lower)) - 1;
            int last = (int) Math.ceil(Math.log10(upper)) + 1;
            List<Double> candidates = new ArrayList<>();
            for (int e = first; e <= last; e++) {
                for (double m : new double[] {1, 2, 5}) {
                    double v = m * Math.pow(10, e);
                    if (v >= lower && v <= upper) {
                        candidates.add(v);
                    }
                }
            }
            // On a wide range 1-2-5 labels would collide: keep powers of ten only.
            boolean crowded = candidates.size() > 9;
            for (double v : candidates) {
                double mantissa = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
                boolean powerOfTen = Math.abs(mantissa - 1) < 1e-9;
                if (crowded && !powerOfTen) {
                    continue;
                }
                ticks.add(new NumberTick(TickType.MAJOR, v, format.format(v), TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0.0));
            }
            return ticks;
        }
    }
}
