package org.harmonia.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.harmonia.server.cli.HarmoniaCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Format names as users give them, on the command line and in the API. */
class ReportFormatTest {

    @Test
    void readsFormatNamesInAnyCase() {
        assertThat(ReportFormat.parse("pdf")).contains(ReportFormat.PDF);
        assertThat(ReportFormat.parse(" HTML ")).contains(ReportFormat.HTML);
        assertThat(ReportFormat.parse("docx")).isEmpty();
        assertThat(ReportFormat.parse(null)).isEmpty();
    }

    @Test
    void theReportCommandRefusesAnUnknownFormatWithOneLine() {
        StringWriter err = new StringWriter();
        CommandLine cl = HarmoniaCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("report", "--study", "mesems", "--format", "docx", "--out", "x.docx")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("--format: \"docx\" is not one of: html, pdf");
    }
}
