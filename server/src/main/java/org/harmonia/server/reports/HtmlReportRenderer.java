package org.harmonia.server.reports;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.harmonia.server.reports.ReportBlock.Chart;
import org.harmonia.server.reports.ReportBlock.Heading;
import org.harmonia.server.reports.ReportBlock.Paragraph;
import org.harmonia.server.reports.ReportBlock.Table;

/**
 * Writes a report as one self-contained HTML5 page: styles inline, charts embedded as PNG data URIs, so the
 * file can be mailed or archived and still shows everything. All report text is escaped, and void elements are
 * self-closed so the page is also well-formed XML that any XML tool can read.
 */
public final class HtmlReportRenderer {

    private static final String STYLE = """
            :root { color-scheme: light; }
            body { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; color: #1a1a1a; background: #fff;
                   max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; font-size: 15px; }
            header.report { border-bottom: 2px solid #1a1a1a; margin-bottom: 1.5rem; }
            header.report h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
            header.report p.subtitle { color: #555; font-size: 1.1rem; margin: 0 0 .75rem; }
            h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; }
            h3 { font-size: 1.15rem; margin: 1.5rem 0 .4rem; }
            h4 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
            p { margin: 0 0 .8rem; white-space: pre-line; }
            section.table, figure { margin: 1.25rem 0 1.75rem; }
            table { border-collapse: collapse; width: 100%; font-size: .85rem; }
            caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: .35rem; }
            thead th { background: #e3e7eb; text-align: left; vertical-align: bottom; }
            th, td { padding: .2rem .45rem; border-bottom: 1px solid #d5d9dd; vertical-align: top; white-space: pre-line; }
            thead tr { border-top: 1.5px solid #1a1a1a; border-bottom: 1px solid #1a1a1a; }
            tbody tr:nth-child(even) { background: #f4f6f8; }
            tbody tr:last-child td { border-bottom: 1.5px solid #1a1a1a; }
            .notes { font-size: .78rem; color: #555; margin: .35rem 0 0; padding: 0; list-style: none; }
            figure img { display: block; width: 100%; max-width: 800px; height: auto; }
            figcaption { font-weight: bold; font-size: .9rem; margin-top: .35rem; }
            footer.report { margin-top: 2.5rem; border-top: 1px solid #888; padding-top: .4rem; font-size: .78rem; color: #555; }
            @media print {
              body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
              thead { display: table-header-group; }
              tr, figure { break-inside: avoid; }
              h2, h3, h4 { break-after: avoid; }
            }
            """;

    /** Running footer for browsers that print page margin boxes; the footer also closes the page body. */
    private static final String PAGE_STYLE = """
            @page { size: A4; margin: 18mm 16mm 22mm;
              @bottom-left { content: %s; font: 7.5pt Helvetica, Arial, sans-serif; color: #555; vertical-align: top; }
              @bottom-right { content: "page " counter(page) " of " counter(pages); font: 7.5pt Helvetica, Arial, sans-serif; color: #555; vertical-align: top; }
            }
            """;

    private final ChartRenderer charts;

    /** A renderer drawing charts at the default size (800 x 450 at 2x). */
    public HtmlReportRenderer() {
        this(new ChartRenderer());
    }

    /** A renderer drawing charts with the given chart renderer. */
    public HtmlReportRenderer(ChartRenderer charts) {
        this.charts = charts;
    }

    /** The report as an HTML document. */
    public String render(Report report) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
                .append("<meta name=\"generator\" content=\"Harmonia\" />\n")
                .append("<title>").append(escape(report.title())).append("</title>\n")
                .append("<style>\n").append(STYLE).append(PAGE_STYLE.formatted(cssString(report.footer()))).append("</style>\n</head>\n<body>\n");
        html.append("<header class=\"report\">\n<h1>").append(escape(report.title())).append("</h1>\n");
        subtitleAndHeaderEnd(html, report);
        html.append("<main>\n");
        blocks(html, report, 1);
        html.append("</main>\n<footer class=\"report\">").append(escape(report.footer())).append("</footer>\n");
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /**
     * The same report as an element to place inside a page of Harmonia: the header, blocks and footer of {@link #render}
     * in an {@code article} (the page has its own {@code main}), in English whatever the page's language, without the
     * document's style element, which a page's Content-Security-Policy refuses; the page's stylesheet styles it.
     */
    public String renderEmbedded(Report report) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<article class=\"report\" lang=\"en\">\n<header class=\"report\">\n<h2 class=\"report-title\">")
                .append(escape(report.title())).append("</h2>\n");
        subtitleAndHeaderEnd(html, report);
        html.append("<div class=\"report-blocks\">\n");
        // under the page's h1 and the report's h2 title, the report's headings start at h3
        blocks(html, report, 2);
        html.append("</div>\n<footer class=\"report\">").append(escape(report.footer())).append("</footer>\n</article>\n");
        return html.toString();
    }

    private static void subtitleAndHeaderEnd(StringBuilder html, Report report) {
        if (report.subtitle() != null && !report.subtitle().isBlank()) {
            html.append("<p class=\"subtitle\">").append(escape(report.subtitle())).append("</p>\n");
        }
        html.append("</header>\n");
    }

    private void blocks(StringBuilder html, Report report, int headingShift) {
        for (ReportBlock block : report.blocks()) {
            if (block instanceof Heading h) {
                heading(html, h, headingShift);
            } else if (block instanceof Paragraph p) {
                html.append("<p>").append(escape(p.text())).append("</p>\n");
            } else if (block instanceof Table t) {
                table(html, t);
            } else if (block instanceof Chart c) {
                chart(html, c);
            }
        }
    }

    /** The report as UTF-8 bytes of an HTML document. */
    public byte[] renderBytes(Report report) {
        return render(report).getBytes(StandardCharsets.UTF_8);
    }

    private static void heading(StringBuilder html, Heading h, int shift) {
        // The report title is the page's h1, so report headings start at h2 (h3 inside a page of Harmonia).
        int level = Math.min(6, h.level() + shift);
        html.append("<h").append(level).append('>').append(escape(h.text())).append("</h").append(level).append(">\n");
    }

    private static void table(StringBuilder html, Table t) {
        html.append("<section class=\"table\"").append(idAttribute(t.id())).append(">\n<table>\n");
        html.append("<caption>").append(escape(t.caption())).append("</caption>\n<thead><tr>");
        for (String h : t.header()) {
            html.append("<th scope=\"col\">").append(escape(h)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            html.append("<tr>");
            for (String cell : row) {
                html.append("<td>").append(escape(cell)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        notes(html, t.footnotes());
        html.append("</section>\n");
    }

    private void chart(StringBuilder html, Chart c) {
        String png = Base64.getEncoder().encodeToString(charts.png(c));
        html.append("<figure").append(idAttribute(c.id())).append(">\n")
                .append("<img src=\"data:image/png;base64,").append(png).append("\" width=\"").append(charts.width())
                .append("\" height=\"").append(charts.height()).append("\" alt=\"").append(escape(c.caption())).append("\" />\n")
                .append("<figcaption>").append(escape(c.caption())).append("</figcaption>\n");
        notes(html, c.footnotes());
        html.append("</figure>\n");
    }

    private static void notes(StringBuilder html, List<String> footnotes) {
        if (footnotes.isEmpty()) {
            return;
        }
        html.append("<ul class=\"notes\">");
        for (String note : footnotes) {
            html.append("<li>").append(escape(note)).append("</li>");
        }
        html.append("</ul>\n");
    }

    private static String idAttribute(String id) {
        return id == null || id.isBlank() ? "" : " id=\"" + escape(id) + "\"";
    }

    /**
     * A CSS string literal; "&lt;" is escaped too so that no text can close the style element.
     */
    static String cssString(String text) {
        StringBuilder out = new StringBuilder("\"");
        if (text != null) {
            text.codePoints().forEach(cp -> {
                if (cp == '"' || cp == '\\' || cp == '<' || cp == '>' || cp == '&' || cp < 0x20 || cp == 0x7F) {
                    out.append('\\').append(Integer.toHexString(cp)).append(' ');
                } else {
                    out.appendCodePoint(cp);
                }
            });
        }
        return out.append('"').toString();
    }

    /** Escapes text for element content and quoted attribute values; null becomes empty. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters other than line breaks and tabs are not allowed in HTML text.
                    if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') {
                        continue;
                    }
                    out.append(ch);
                }
            }
        }
        return out.toString();
    }
}
