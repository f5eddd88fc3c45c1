package org.harmonia.server.reports;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.harmonia.server.reports.ReportBlock.Chart;
import org.harmonia.server.reports.ReportBlock.Heading;
import org.harmonia.server.reports.ReportBlock.Paragraph;
import org.harmonia.server.reports.ReportBlock.Table;

/**
 * Lays a report out on A4 pages with PDFBox: a title header on the first page, flowing headings and paragraphs,
 * tables that break across pages with their header row repeated, charts scaled to the text width, and on every
 * page the report footer and "page X of Y".
 *
 * <p>Text is set in the standard Helvetica faces, so nothing is embedded; characters outside WinAnsi are mapped
 * by {@link WinAnsiText}.
 */
public final class PdfReportRenderer {

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN_SIDE = 56f;
    private static final float MARGIN_TOP = 56f;
    private static final float MARGIN_BOTTOM = 28f;
    private static final float CONTENT_WIDTH = PAGE.getWidth() - 2 * MARGIN_SIDE;

    private static final float TITLE_SIZE = 20f;
    private static final float SUBTITLE_SIZE = 12f;
    private static final float BODY_SIZE = 10f;
    private static final float BODY_LEADING = 13.5f;
    private static final float TABLE_SIZE = 8.5f;
    private static final float TABLE_LEADING = 10.5f;
    private static final float CELL_PAD_X = 3.5f;
    private static final float CELL_PAD_Y = 2.5f;
    private static final float CAPTION_SIZE = 9.5f;
    private static final float NOTE_SIZE = 7.5f;
    private static final float NOTE_LEADING = 9.5f;
    private static final float FOOTER_SIZE = 7.5f;
    private static final float FOOTER_LEADING = 9.5f;
    private static final float PAGE_NUMBER_WIDTH = 70f;

    private static final Color TEXT = new Color(0x1A1A1A);
    private static final Color MUTED = new Color(0x555555);
    private static final Color RULE = new Color(0x888888);
    private static final Color HEADER_FILL = new Color(0xE3E7EB);
    private static final Color STRIPE_FILL = new Color(0xF4F6F8);

    /** Cells such as {@code 12}, {@code -0.4}, {@code 3 (25.0%)}, {@code 0.81 (0.52-1.27)}, {@code <0.001} are right-aligned like numbers. */
    private static final Pattern NUMERIC_CELL = Pattern.compile("^[-+<>=~\u00B1]*\\s*[0-9.,]+[\\s(%)\\[\\]\u2013\\-,;/:0-9.\u00B1]*$");

    private final ChartRenderer charts;

    /** A renderer drawing charts at the default size (800 x 450 at 2x). */
    public PdfReportRenderer() {
        this(new ChartRenderer());
    }

    /** A renderer drawing charts with the given chart renderer. */
    public PdfReportRenderer(ChartRenderer charts) {
        this.charts = charts;
    }

    /** The report as the bytes of a PDF document. */
    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    public byte[] render(Report report) {
        // Fonts keep width caches that are not thread-safe: one set per document.
        Fonts f = new Fonts(new PDType1Font(Standard14Fonts.FontName.HELVETICA),
                new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), new PDType1Font(Standard14Fonts.FontName.HELVETICA_OBLIQUE));
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(WinAnsiText.sanitize(report.title()));
            if (report.subtitle() != null) {
                info.setSubject(WinAnsiText.sanitize(report.subtitle()));
            }
            info.setProducer("Harmonia");
            List<String> footer = wrap(WinAnsiText.sanitize(report.footer()), f.regular(), FOOTER_SIZE, CONTENT_WIDTH - PAGE_NUMBER_WIDTH);
            float bottom = MARGIN_BOTTOM + Math.max(1, footer.size()) * FOOTER_LEADING + 14f;
            try (Layout layout = new Layout(doc, bottom, f)) {
                layout.titleHeader(report);
                for (ReportBlock block : report.blocks()) {
                    if (block instanceof Heading h) {
                        layout.heading(h);
                    } else if (block instanceof Paragraph p) {
                        layout.paragraph(p);
                    } else if (block instanceof Table t) {
                        layout.table(t);
                    } else if (block instanceof Chart c) {
                        layout.chart(c);
                    }
                }
            }
            stampPages(doc, report, footer, f);
            // PDFBox would derive the file identifier from the clock: derive it from the content, so the same report
            // gives the same bytes (a report on a database lock reproduces byte for byte)
            byte[] id = java.util.Arrays.copyOf(sha256(report.toString()), 16);
            org.apache.pdfbox.cos.COSArray ids = new org.apache.pdfbox.cos.COSArray();
            ids.add(new org.apache.pdfbox.cos.COSString(id));
            ids.add(new org.apache.pdfbox.cos.COSString(id));
            doc.getDocument().getTrailer().setItem(org.apache.pdfbox.cos.COSName.ID, ids);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the PDF of report \"" + report.title() + "\"", e);
        }
    }

    /** Footer, page numbers and (from page 2) a running title, added once the page count is known. */
    private static void stampPages(PDDocument doc, Report report, List<String> footer, Fonts f) throws IOException {
        int total = doc.getNumberOfPages();
        String title = fit(WinAnsiText.sanitize(report.title()), f.regular(), FOOTER_SIZE, CONTENT_WIDTH);
        for (int i = 0; i < total; i++) {
            PDPage page = doc.getPage(i);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                float ruleY = MARGIN_BOTTOM + Math.max(1, footer.size()) * FOOTER_LEADING + 4f;
                line(cs, MARGIN_SIDE, ruleY, MARGIN_SIDE + CONTENT_WIDTH, ruleY, RULE, 0.5f);
                float baseline = ruleY - FOOTER_LEADING;
                for (String l : footer) {
                    text(cs, l, f.regular(), FOOTER_SIZE, MUTED, MARGIN_SIDE, baseline);
                    baseline -= FOOTER_LEADING;
                }
                String number = "page " + (i + 1) + " of " + total;
                float w = width(number, f.regular(), FOOTER_SIZE);
                text(cs, number, f.regular(), FOOTER_SIZE, MUTED, MARGIN_SIDE + CONTENT_WIDTH - w, ruleY - FOOTER_LEADING);
                if (i > 0) {
                    float top = PAGE.getHeight() - MARGIN_TOP + 18f;
                    text(cs, title, f.regular(), FOOTER_SIZE, MUTED, MARGIN_SIDE, top + 4f);
                    line(cs, MARGIN_SIDE, top, MARGIN_SIDE + CONTENT_WIDTH, top, RULE, 0.5f);
                }
            }
        }
    }

    /** The three Helvetica faces a document is set in. */
    private record Fonts(PDFont regular, PDFont bold, PDFont italic) {
    }

    /** The flow of blocks down the pages; one per rendering. */
    private final class Layout implements AutoCloseable {
        private final PDDocument doc;
        private final float bottom;
        private final float top = PAGE.getHeight() - MARGIN_TOP;
        private PDPageContentStream cs;
        private float y;
        private boolean pageEmpty;

        private final Fonts f;

        Layout(PDDocument doc, float bottom, Fonts f) throws IOException {
            this.doc = doc;
            this.f = f;
            this.bottom = bottom;
            newPage();
        }

        void newPage() throws IOException {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(PAGE);
            doc.addPage(page);
            cs = new PDPageContentStream(doc, page);
            y = top;
            pageEmpty = true;
        }

        float room() {
            return y - bottom;
        }

        void ensure(float height) throws IOException {
            if (height > room() && !pageEmpty) {
                newPage();
            }
        }

        void gap(float height) {
            if (!pageEmpty) {
                y -= height;
            }
        }

        void titleHeader(Report report) throws IOException {
            for (String l : wrap(WinAnsiText.sanitize(report.title()), f.bold(), TITLE_SIZE, CONTENT_WIDTH)) {
                textLine(l, f.bold(), TITLE_SIZE, TITLE_SIZE * 1.25f, TEXT, MARGIN_SIDE);
            }
            if (report.subtitle() != null && !report.subtitle().isBlank()) {
                y -= 2f;
                for (String l : wrap(WinAnsiText.sanitize(report.subtitle()), f.regular(), SUBTITLE_SIZE, CONTENT_WIDTH)) {
                    textLine(l, f.regular(), SUBTITLE_SIZE, SUBTITLE_SIZE * 1.35f, MUTED, MARGIN_SIDE);
                }
            }
            y -= 6f;
            line(cs, MARGIN_SIDE, y, MARGIN_SIDE + CONTENT_WIDTH, y, TEXT, 1f);
            y -= 14f;
        }

        void heading(Heading h) throws IOException {
            float size = switch (h.level()) {
                case 1 -> 15f;
                case 2 -> 12.5f;
                default -> 11f;
            };
            float leading = size * 1.3f;
            List<String> lines = wrap(WinAnsiText.sanitize(h.text()), f.bold(), size, CONTENT_WIDTH);
            gap(size * 0.9f);
            // Keep a heading with the first lines that follow it.
            ensure(lines.size() * leading + 4 * BODY_LEADING);
            for (String l : lines) {
                textLine(l, f.bold(), size, leading, TEXT, MARGIN_SIDE);
            }
            y -= size * 0.35f;
        }

        void paragraph(Paragraph p) throws IOException {
            for (String l : wrap(WinAnsiText.sanitize(p.text()), f.regular(), BODY_SIZE, CONTENT_WIDTH)) {
                ensure(BODY_LEADING);
                textLine(l, f.regular(), BODY_SIZE, BODY_LEADING, TEXT, MARGIN_SIDE);
            }
            y -= BODY_LEADING * 0.6f;
        }

        void chart(Chart chart) throws IOException {
            PDImageXObject image = LosslessFactory.createFromImage(doc, charts.image(chart));
            float w = CONTENT_WIDTH;
            float h = w * charts.height() / charts.width();
            List<String> caption = wrap(WinAnsiText.sanitize(chart.caption()), f.bold(), CAPTION_SIZE, CONTENT_WIDTH);
            List<String> notes = notes(chart.footnotes(), f);
            gap(6f);
            ensure(h + caption.size() * CAPTION_SIZE * 1.3f + 6f);
            cs.drawImage(image, MARGIN_SIDE, y - h, w, h);
            y -= h + 4f;
            for (String l : caption) {
                textLine(l, f.bold(), CAPTION_SIZE, CAPTION_SIZE * 1.3f, TEXT, MARGIN_SIDE);
            }
            footnotes(notes);
            y -= 8f;
        }

        void table(Table table) throws IOException {
            int columns = table.header().size();
            List<String> header = table.header().stream().map(WinAnsiText::sanitize).toList();
            List<List<String>> rows = table.rows().stream().map(r -> r.stream().map(WinAnsiText::sanitize).toList()).toList();
            boolean[] numeric = numericColumns(rows, columns);
            float[] widths = columnWidths(header, rows, columns, f);
            List<String> caption = wrap(WinAnsiText.sanitize(table.caption()), f.bold(), CAPTION_SIZE, CONTENT_WIDTH);
            String continued = fit(WinAnsiText.sanitize(table.caption()), f.italic(), CAPTION_SIZE, CONTENT_WIDTH - 60f) + " (continued)";
            List<List<String>> headerCells = wrapRow(header, f.bold(), widths);
            float headerHeight = rowHeight(headerCells);

            gap(6f);
            float firstRowHeight = rows.isEmpty() ? TABLE_LEADING : Math.min(rowHeight(wrapRow(rows.get(0), f.regular(), widths)), 4 * TABLE_LEADING);
            ensure(caption.size() * CAPTION_SIZE * 1.3f + 3f + headerHeight + firstRowHeight);
            for (String l : caption) {
                textLine(l, f.bold(), CAPTION_SIZE, CAPTION_SIZE * 1.3f, TEXT, MARGIN_SIDE);
            }
            y -= 3f;
            if (columns > 0) {
                headerRow(headerCells, widths, numeric);
            }
            if (rows.isEmpty()) {
                textLine("No rows.", f.italic(), TABLE_SIZE, TABLE_LEADING + 2 * CELL_PAD_Y, MUTED, MARGIN_SIDE + CELL_PAD_X);
            }
            float freshPage = top - bottom - CAPTION_SIZE * 1.3f - 3f - headerHeight;
            for (int r = 0; r < rows.size(); r++) {
                List<List<String>> cells = wrapRow(rows.get(r), f.regular(), widths);
                int lines = cells.stream().mapToInt(List::size).max().orElse(1);
                // Break between rows; split a row across pages only when it is taller than a whole page.
                boolean splittable = lines * TABLE_LEADING + 2 * CELL_PAD_Y > freshPage;
                int from = 0;
                boolean continuation = false;
                while (from < lines) {
                    int fitting = (int) Math.floor((room() - 2 * CELL_PAD_Y) / TABLE_LEADING);
                    int wanted = lines - from;
                    boolean tooLittleRoom = fitting < 1 || fitting < wanted && !splittable;
                    if (tooLittleRoom && !continuation) {
                        newPage();
                        textLine(continued, f.italic(), CAPTION_SIZE, CAPTION_SIZE * 1.3f, MUTED, MARGIN_SIDE);
                        y -= 3f;
                        headerRow(headerCells, widths, numeric);
                        continuation = true;
                        continue;
                    }
                    int count = Math.max(1, Math.min(fitting, wanted));
                    bodyRow(cells, from, count, widths, numeric, r % 2 == 1);
                    from += count;
                    continuation = false;
                }
            }
            line(cs, MARGIN_SIDE, y, MARGIN_SIDE + CONTENT_WIDTH, y, TEXT, 0.8f);
            y -= 3f;
            footnotes(notes(table.footnotes(), f));
            y -= 8f;
        }

        private void headerRow(List<List<String>> cells, float[] widths, boolean[] numeric) throws IOException {
            float h = rowHeight(cells);
            fill(MARGIN_SIDE, y - h, CONTENT_WIDTH, h, HEADER_FILL);
            line(cs, MARGIN_SIDE, y, MARGIN_SIDE + CONTENT_WIDTH, y, TEXT, 0.8f);
            cells(cells, 0, Integer.MAX_VALUE, widths, numeric, f.bold());
            y -= h;
            pageEmpty = false;
            line(cs, MARGIN_SIDE, y, MARGIN_SIDE + CONTENT_WIDTH, y, TEXT, 0.5f);
        }

        private void bodyRow(List<List<String>> cells, int from, int count, float[] widths, boolean[] numeric, boolean striped) throws IOException {
            float h = count * TABLE_LEADING + 2 * CELL_PAD_Y;
            if (striped) {
                fill(MARGIN_SIDE, y - h, CONTENT_WIDTH, h, STRIPE_FILL);
            }
            cells(cells, from, count, widths, numeric, f.regular());
            y -= h;
            pageEmpty = false;
        }

        private void cells(List<List<String>> cells, int from, int count, float[] widths, boolean[] numeric, PDFont font) throws IOException {
            float x = MARGIN_SIDE;
            for (int c = 0; c < cells.size(); c++) {
                List<String> lines = cells.get(c);
                float baseline = y - CELL_PAD_Y - TABLE_SIZE * 0.95f;
                for (int i = from; i < lines.size() && i < from + (long) count; i++) {
                    String l = lines.get(i);
                    float tx = numeric[c] ? x + widths[c] - CELL_PAD_X - width(l, font, TABLE_SIZE) : x + CELL_PAD_X;
                    text(cs, l, font, TABLE_SIZE, TEXT, tx, baseline);
                    baseline -= TABLE_LEADING;
                }
                x += widths[c];
            }
        }

        private void footnotes(List<String> lines) throws IOException {
            for (String l : lines) {
                ensure(NOTE_LEADING);
                textLine(l, f.regular(), NOTE_SIZE, NOTE_LEADING, MUTED, MARGIN_SIDE);
            }
        }

        private void fill(float x, float yBottom, float w, float h, Color colour) throws IOException {
            cs.setNonStrokingColor(colour);
            cs.addRect(x, yBottom, w, h);
            cs.fill();
        }

        /** One line of text whose box is {@code leading} high, starting at the current position. */
        private void textLine(String s, PDFont font, float size, float leading, Color colour, float x) throws IOException {
            float baseline = y - (leading - size) / 2f - size * 0.8f;
            text(cs, s, font, size, colour, x, baseline);
            y -= leading;
            pageEmpty = false;
        }

        @Override
        public void close() throws IOException {
            cs.close();
        }
    }

    private static List<String> notes(List<String> footnotes, Fonts f) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String note : footnotes) {
            lines.addAll(wrap(WinAnsiText.sanitize(note), f.regular(), NOTE_SIZE, CONTENT_WIDTH));
        }
        return lines;
    }

    private static boolean[] numericColumns(List<List<String>> rows, int columns) {
        boolean[] numeric = new boolean[columns];
        for (int c = 1; c < columns; c++) {
            boolean any = false;
            boolean all = true;
            for (List<String> row : rows) {
                String cell = row.get(c).strip();
                if (cell.isEmpty() || cell.equals("-") || cell.equalsIgnoreCase("NA")) {
                    continue;
                }
                any = true;
                all &= NUMERIC_CELL.matcher(cell).matches();
            }
            numeric[c] = any && all;
        }
        return numeric;
    }

    /**
     * Column widths like a browser's automatic table layout: each column gets at least its longest word and
     * the rest of the text width in proportion to how much wider its longest unbroken line is.
     */
    private static float[] columnWidths(List<String> header, List<List<String>> rows, int columns, Fonts f) throws IOException {
        float[] natural = new float[columns];
        float[] minimum = new float[columns];
        for (int c = 0; c < columns; c++) {
            measure(header.get(c), f.bold(), natural, minimum, c);
            for (List<String> row : rows) {
                measure(row.get(c), f.regular(), natural, minimum, c);
            }
            natural[c] += 2 * CELL_PAD_X;
            minimum[c] = Math.min(minimum[c] + 2 * CELL_PAD_X, CONTENT_WIDTH / 3f);
        }
        float sumNatural = sum(natural);
        float sumMinimum = sum(minimum);
        float[] widths = new float[columns];
        for (int c = 0; c < columns; c++) {
            if (sumNatural <= CONTENT_WIDTH) {
                widths[c] = natural[c] + (CONTENT_WIDTH - sumNatural) * natural[c] / sumNatural;
            } else if (sumMinimum >= CONTENT_WIDTH) {
                widths[c] = minimum[c] * CONTENT_WIDTH / sumMinimum;
            } else {
                float slack = sumNatural - sumMinimum;
                widths[c] = minimum[c] + (CONTENT_WIDTH - sumMinimum) * (natural[c] - minimum[c]) / slack;
            }
        }
        return widths;
    }

    private static float sum(float[] values) {
        float s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    private static void measure(String cell, PDFont font, float[] natural, float[] minimum, int c) throws IOException {
        for (String line : cell.split("\n", -1)) {
            natural[c] = Math.max(natural[c], width(line, font, TABLE_SIZE));
            for (String word : line.split(" ")) {
                minimum[c] = Math.max(minimum[c], width(word, font, TABLE_SIZE));
            }
        }
    }

    private static List<List<String>> wrapRow(List<String> cells, PDFont font, float[] widths) throws IOException {
        List<List<String>> wrapped = new ArrayList<>();
        for (int c = 0; c < cells.size(); c++) {
            wrapped.add(wrap(cells.get(c), font, TABLE_SIZE, widths[c] - 2 * CELL_PAD_X));
        }
        return wrapped;
    }

    private static float rowHeight(List<List<String>> cells) {
        int lines = cells.stream().mapToInt(List::size).max().orElse(1);
        return lines * TABLE_LEADING + 2 * CELL_PAD_Y;
    }

    /**
     * Breaks text into lines no wider than {@code maxWidth}: at spaces where possible, inside a word only when
     * the word alone is too wide; explicit line breaks are kept. Always at least one (possibly empty) line.
     */
    static List<String> wrap(String text, PDFont font, float size, float maxWidth) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.strip().split(" +")) {
                if (word.isEmpty()) {
                    continue;
                }
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (width(candidate, font, size) <= maxWidth) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                String rest = word;
                while (width(rest, font, size) > maxWidth && rest.length() > 1) {
                    int cut = rest.length() - 1;
                    while (cut > 1 && width(rest.substring(0, cut), font, size) > maxWidth) {
                        cut--;
                    }
                    lines.add(rest.substring(0, cut));
                    rest = rest.substring(cut);
                }
                line.append(rest);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** The text cut with "..." so that it fits on one line. */
    private static String fit(String text, PDFont font, float size, float maxWidth) throws IOException {
        String oneLine = text.replace('\n', ' ');
        if (width(oneLine, font, size) <= maxWidth) {
            return oneLine;
        }
        int end = oneLine.length();
        while (end > 0 && width(oneLine.substring(0, end) + "...", font, size) > maxWidth) {
            end--;
        }
        return oneLine.substring(0, end).stripTrailing() + "...";
    }

    private static float width(String s, PDFont font, float size) throws IOException {
        return font.getStringWidth(s) / 1000f * size;
    }

    private static void text(PDPageContentStream cs, String s, PDFont font, float size, Color colour, float x, float baseline) throws IOException {
        if (s.isEmpty()) {
            return;
        }
        cs.beginText();
        cs.setFont(font, size);
        cs.setNonStrokingColor(colour);
        cs.newLineAtOffset(x, baseline);
        cs.showText(s);
        cs.endText();
    }

    private static void line(PDPageContentStream cs, float x1, float y1, float x2, float y2, Color colour, float widthPt) throws IOException {
        cs.setStrokingColor(colour);
        cs.setLineWidth(widthPt);
        cs.moveTo(x1, y1);
        cs.lineTo(x2, y2);
        cs.stroke();
    }
}
