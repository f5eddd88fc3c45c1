package org.harmonia.server.analysis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.CliLogging;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.reports.Report;
import org.harmonia.server.reports.ReportFormat;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.system.CommandDatabase;
import org.harmonia.server.system.DatabaseOptions;
import org.harmonia.server.system.DemoCommand;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code harmonia report}: the study report as HTML or PDF, computed from the database directly (the trial
 * statistician on the server host). Without database options it reads a running demo, else the {@code serve}
 * data directory if there is one, else the last demo's.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the study report (CONSORT, baseline, primary efficacy, safety, charts) as HTML or PDF.")
public final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--study", required = true, description = "Study id (e.g. mesems).")
    String study;

    @Option(names = "--unblinded", description = "The unblinded report (by sequence): for the unblinded statistician and the DSMB.")
    boolean unblinded;

    @Option(names = "--format", defaultValue = "html", description = "html or pdf (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--lock", description = "The id of a database lock: the report on the snapshot it stored, the same bytes every time.")
    Long lock;

    @Option(names = "--out", required = true, description = "The file to write.")
    Path out;

    @CommandLine.Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        ReportFormat f = ReportFormat.parse(format)
                .orElseThrow(() -> new UsageException("--format: \"" + format + "\" is not one of: html, pdf"));
        CliLogging.quiet();
        Report report;
        byte[] bytes;
        GeneratedReport record;
        try (CommandDatabase db = open()) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            String source = jdbc.sql("""
                    select v.source from study s join protocol_version v on v.study_id = s.id and v.version = s.current_version
                    where s.id = ?
                    """).param(study).query(String.class).optional()
                    .orElseThrow(() -> new UsageException("no study \"" + study + "\" in " + db.description()));
            SnapshotLoader loader = new SnapshotLoader(db.dataSource(), JsonMapper.builder().build(), Clock.systemUTC());
            if (lock != null) {
                report = ReportService.buildAtLock(db.dataSource(), loader, study, lock, unblinded)
                        .orElseThrow(() -> new UsageException("--lock: no database lock " + lock + " of study " + study + " in "
                                + db.description()));
            } else {
                Protocol protocol = new ProtocolLoader().load(study + " (as stored)", source);
                report = ReportService.build(protocol, loader, unblinded);
            }
            // recorded in the past reports like one from the server, as the operating-system user who ran the command
            ReportService.Generation generation = ReportService.renderAndRecord(
                    new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())), new GeneratedReportRepository(jdbc),
                    new AuditTrail(jdbc), study, GeneratedReport.Kind.of(unblinded), lock, GeneratedReport.Channel.COMMAND_LINE, null,
                    report, "command line (" + System.getProperty("user.name", "unknown") + ")");
            bytes = f == ReportFormat.PDF ? generation.pdf() : generation.html();
            record = generation.record();
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(out, bytes);
        spec.commandLine().getOut().println((unblinded ? "unblinded" : "blinded") + " report of " + study + " written to " + out
                + " (" + bytes.length + " bytes), recorded as report " + record.id() + "; " + report.footer());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The database to read: the options if given, else a running demo, else the serve data directory, else the last demo's. */
    private CommandDatabase open() {
        if (database.url() != null && !database.url().isBlank() || database.dataDir() != null) {
            return database.open();
        }
        Path demo = DemoCommand.dataDir();
        Path serve = CommandDatabase.defaultDataDir();
        boolean demoRunning = CommandDatabase.runningServerPort(demo).isPresent();
        Path dir = !demoRunning && Files.isRegularFile(serve.resolve("PG_VERSION")) ? serve : demo;
        return CommandDatabase.open(null, null, null, dir);
    }
}
