package org.harmonia.server.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.harmonia.server.reports.ReportBlock.Chart;
import org.harmonia.server.reports.ReportBlock.ChartKind;
import org.harmonia.server.reports.ReportBlock.Point;
import org.harmonia.server.reports.ReportBlock.Series;
import org.harmonia.stats.InvalidDataException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChartRendererTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int FIRST_SERIES_RGB = 0x0072B2;

    private final ChartRenderer renderer = new ChartRenderer();

    @BeforeAll
    static void headless() {
        // Spring Boot sets this for the application; plain test JVMs get it here.
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void runsHeadless() {
        assertThat(GraphicsEnvironment.isHeadless()).isTrue();
    }

    @Test
    void drawsLineChartWithErrorBarsAsPngAtTwiceTheLayoutSize() throws IOException {
        BufferedImage image = decode(renderer.png(chart(SampleReports.mesems(), "gel-by-visit")));
        assertThat(image.getWidth()).isEqualTo(1600);
        assertThat(image.getHeight()).isEqualTo(900);
        assertThat(pixelsOf(image, FIRST_SERIES_RGB)).isGreaterThan(500);
    }

    @Test
    void drawsBarChartAsPngWithBarsInTheSeriesColour() throws IOException {
        BufferedImage image = decode(renderer.png(chart(SampleReports.mesems(), "ae-bar")));
        assertThat(image.getWidth()).isEqualTo(1600);
        assertThat(image.getHeight()).isEqualTo(900);
        // Three solid bars of the first series cover far more than a line would.
        assertThat(pixelsOf(image, FIRST_SERIES_RGB)).isGreaterThan(20_000);
    }

    @Test
    void drawsForestPlotAsPng() throws IOException {
        BufferedImage image = decode(renderer.png(chart(SampleReports.mesems(), "forest-primary")));
        assertThat(image.getWidth()).isEqualTo(1600);
        assertThat(image.getHeight()).isEqualTo(900);
        assertThat(pixelsOf(image, 0x000000)).isGreaterThan(1_000);
    }

    @Test
    void drawsLineChartWithoutIntervalsAndChartWithoutPoints() throws IOException {
        BufferedImage edss = decode(renderer.png(chart(SampleReports.mesems(), "edss")));
        assertThat(edss.getWidth()).isEqualTo(1600);
        Chart empty = new Chart("empty", "No data yet", ChartKind.LINE, "Week", "GELs", List.of(), List.of());
        assertThat(decode(renderer.png(empty)).getHeight()).isEqualTo(900);
    }

    @Test
    void honoursCustomSizeAndScale() throws IOException {
        ChartRenderer small = new ChartRenderer(400, 300, 1.5);
        BufferedImage image = decode(small.png(chart(SampleReports.mesems(), "forest-primary")));
        assertThat(image.getWidth()).isEqualTo(600);
        assertThat(image.getHeight()).isEqualTo(450);
    }

    @Test
    void drawsLabelsWithSymbolsAndAccentsWithoutThrowing() throws IOException {
        Chart chart = new Chart("symbols", "EDSS \u2265 3 \u00B1 SE", ChartKind.FOREST, "Rate ratio \u2013 \u2264 1 favours MSC (\u00B5)", null,
                List.of(new Series("Citt\u00E0 \u2265 3", List.of(Point.forest("Universit\u00E0 di Genova \u2265 18 y", 0.8, 0.5, 1.3),
                        Point.forest("\u041C\u043E\u0441\u043A\u0432\u0430 \u00B1", 1.2, 0.9, 1.6),
                        Point.forest("All sub-trials", 0.9, 0.7, 1.1)))), List.of());
        assertThat(decode(renderer.png(chart)).getWidth()).isEqualTo(1600);
        Chart bars = new Chart("bars", "x", ChartKind.BAR, "Societ\u00E0 \u2013 \u00B5g", "n \u2265 1",
                List.of(new Series(null, List.of(Point.bar("perch\u00E9 \u2264 2", 3))), new Series(null, List.of(Point.bar("perch\u00E9 \u2264 2", 4)))),
                List.of());
        assertThat(decode(renderer.png(bars)).getWidth()).isEqualTo(1600);
    }

    @Test
    void rejectsNonPositiveRatioInForestPlotNamingChartAndRow() {
        Chart chart = new Chart("forest-bad", "x", ChartKind.FOREST, "Rate ratio", null,
                List.of(new Series("RR", List.of(Point.forest("Stockholm", 0.0, 0.0, 1.2)))), List.of());
        assertThatThrownBy(() -> renderer.png(chart))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("forest-bad")
                .hasMessageContaining("\"Stockholm\"")
                .hasMessageContaining("positive");
    }

    @Test
    void rejectsForestIntervalWithLowerLimitAboveUpper() {
        Chart chart = new Chart("forest-swapped", "x", ChartKind.FOREST, "Rate ratio", null,
                List.of(new Series("RR", List.of(Point.forest("Toulouse", 1.0, 1.5, 0.8)))), List.of());
        assertThatThrownBy(() -> renderer.png(chart))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("\"Toulouse\" has lower limit 1.5 above upper limit 0.8");
    }

    @Test
    void recognisesPooledRowsOfForestPlot() {
        assertThat(ChartRenderer.isSummaryRow("Overall (random effects)")).isTrue();
        assertThat(ChartRenderer.isSummaryRow("All sub-trials")).isTrue();
        assertThat(ChartRenderer.isSummaryRow("All")).isTrue();
        assertThat(ChartRenderer.isSummaryRow("Allentown")).isFalse();
        assertThat(ChartRenderer.isSummaryRow("Stockholm")).isFalse();
    }

    @Test
    void refusesUnreasonableSizes() {
        assertThatThrownBy(() -> new ChartRenderer(20, 450, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChartRenderer(800, 450, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }

    static Chart chart(Report report, String id) {
        return report.blocks().stream().filter(b -> b instanceof Chart c && c.id().equals(id)).map(Chart.class::cast)
                .findFirst().orElseThrow();
    }

    static BufferedImage decode(byte[] png) throws IOException {
        assertThat(Arrays.copyOf(png, 8)).isEqualTo(PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).isNotNull();
        return image;
    }

    private static int pixelsOf(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}
