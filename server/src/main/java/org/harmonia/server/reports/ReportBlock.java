package org.harmonia.server.reports;

import java.util.List;

/** One block of a report, rendered in order. */
public sealed interface ReportBlock {

    /** A section heading (level 1 or 2). */
    record Heading(int level, String text) implements ReportBlock {
        public Heading {
            if (level < 1 || level > 3) {
                throw new IllegalArgumentException("heading level must be 1 to 3");
            }
        }
    }

    /** A paragraph of plain text. */
    record Paragraph(String text) implements ReportBlock {
    }

    /**
     * A table: caption, column headers, rows of cell texts (each row as long as the header), and footnotes
     * (e.g. the data snapshot a number comes from, or the method and its reference).
     */
    record Table(String id, String caption, List<String> header, List<List<String>> rows, List<String> footnotes) implements ReportBlock {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
            footnotes = List.copyOf(footnotes);
            for (List<String> r : rows) {
                if (r.size() != header.size()) {
                    throw new IllegalArgumentException("table " + id + ": a row has " + r.size() + " cells for " + header.size() + " columns");
                }
            }
        }
    }

    /** A chart drawn on the server, so HTML and PDF show the same picture. */
    record Chart(String id, String caption, ChartKind kind, String xLabel, String yLabel, List<Series> series,
                 List<String> footnotes) implements ReportBlock {
        public Chart {
            series = List.copyOf(series);
            footnotes = List.copyOf(footnotes);
        }
    }

    /**
     * LINE: numeric x (e.g. week), one line per series, optional error bars (low/high).
     * BAR: categories (point labels) on x, one bar per series and category.
     * FOREST: one row per point (label), estimate with CI, log-scaled axis with a reference line at 1.
     * FUNNEL: the first series as points (effect on x, standard error on y, zero at the top), the others as lines.
     * STEP: numeric x, one step function per series (a Kaplan-Meier curve): each value holds until the next point's x.
     */
    enum ChartKind { LINE, BAR, FOREST, FUNNEL, STEP }

    /** A named series of points. */
    record Series(String name, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /**
     * A point: its label (category or row), x, y, and an optional interval. The interval is around y; in a
     * forest plot y is the estimate, low and high its confidence limits, and x is not used.
     */
    record Point(String label, double x, double y, Double low, Double high) {

        /** A point of a line chart without error bar. */
        public static Point xy(double x, double y) {
            return new Point(null, x, y, null, null);
        }

        /** A point of a line chart with an error bar from low to high. */
        public static Point xy(double x, double y, double low, double high) {
            return new Point(null, x, y, low, high);
        }

        /** One bar of a bar chart: the category it belongs to and its height. */
        public static Point bar(String category, double value) {
            return new Point(category, 0, value, null, null);
        }

        /** One row of a forest plot: its label, the estimate and the confidence limits. */
        public static Point forest(String label, double estimate, double low, double high) {
            return new Point(label, 0, estimate, low, high);
        }

        /** Whether the point carries an interval to draw. */
        public boolean hasInterval() {
            return low != null && high != null;
        }
    }
}
