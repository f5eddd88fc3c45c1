package org.harmonia.server.reports;

import java.util.List;

/**
 * A report as content, independent of its format: a title, ordered blocks (headings, text, tables, charts)
 * and the footer that names the data snapshot and the Harmonia version, printed on every page.
 */
public record Report(String title, String subtitle, List<ReportBlock> blocks, String footer) {
    public Report {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("a report needs a title");
        }
        blocks = List.copyOf(blocks);
        footer = footer == null ? "" : footer;
    }
}
